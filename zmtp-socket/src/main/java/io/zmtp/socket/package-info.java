/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * What every zmtp-netty socket shares: the exceptions its send and receive methods throw. The sockets themselves
 * live in {@code zmtp-client} (CLIENT) and {@code zmtp-server} (SERVER).
 */
package io.zmtp.socket;
