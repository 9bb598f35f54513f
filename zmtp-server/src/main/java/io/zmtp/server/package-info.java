/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * The thread-safe ZeroMQ SERVER socket (41/CLIENTSERVER): {@link io.zmtp.server.ZmtpServer}, its per-connection
 * {@link io.zmtp.server.ServerSocketHandler}, options, listener and errors.
 */
package io.zmtp.server;
