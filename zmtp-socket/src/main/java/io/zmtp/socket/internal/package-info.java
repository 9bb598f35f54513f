/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * The machinery the sockets are made of: send queues and their batching, receive hand-off and wake-ups, transport
 * choice. Not API, may change without notice; only the zmtp-netty socket modules use it.
 */
package io.zmtp.socket.internal;
