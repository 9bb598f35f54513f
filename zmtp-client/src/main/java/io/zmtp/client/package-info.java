/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * The thread-safe ZeroMQ CLIENT socket (41/CLIENTSERVER) over Netty: {@link io.zmtp.client.ZmtpClient}.
 *
 * <p>A client connects to one or more endpoints, keeps one reconnecting connection per endpoint, round-robins each
 * message to one connection that has completed its handshake and has room below the send high-water mark, and
 * fair-queues the messages that come back. It is configured by the immutable {@link io.zmtp.client.ZmtpClientOptions}
 * and reports connection events to a {@link io.zmtp.client.ZmtpClientListener}.
 *
 * <h2>Errors</h2>
 * Sends that cannot proceed throw the codec's {@link io.zmtp.socket.WouldBlockException} (non-blocking send),
 * {@link io.zmtp.socket.SendTimeoutException} (a blocking send waited its whole timeout) and
 * {@link io.zmtp.socket.SocketClosedException} (the client was closed).
 */
package io.zmtp.client;
