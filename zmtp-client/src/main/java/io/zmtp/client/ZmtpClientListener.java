/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.client;

import io.zmtp.codec.ZmtpHandshakeFailureReason;
import io.zmtp.codec.transport.ZmtpEndpoint;

import java.net.SocketAddress;
import java.time.Duration;

/**
 * Connection events of a {@link ZmtpClient}, the counterpart of libzmq's socket monitor. Methods are called on
 * Netty event loop threads, one endpoint's events always on the same thread and in order: return quickly and never
 * block. An exception thrown by a method is logged and otherwise ignored. Every method has an empty default.
 */
public interface ZmtpClientListener {

    /** A TCP connect attempt to {@code endpoint} failed; a reconnect follows unless the client is closing. */
    default void connectFailed(ZmtpEndpoint endpoint, Throwable cause) {
    }

    /** The connection to {@code endpoint} completed its handshake and takes messages from now on. */
    default void connected(ZmtpEndpoint endpoint, SocketAddress remoteAddress) {
    }

    /** The handshake with {@code endpoint} failed; the connection is closed. */
    default void handshakeFailed(ZmtpEndpoint endpoint, ZmtpHandshakeFailureReason reason, String message) {
    }

    /** {@code endpoint} answered nothing within the heartbeat timeout; the connection is being closed. */
    default void heartbeatTimedOut(ZmtpEndpoint endpoint) {
    }

    /**
     * The connection to {@code endpoint}, which had completed its handshake, closed.
     *
     * @param rerouted messages it held that had not reached the kernel and went back to the client pool, to be
     *        sent on another (or the next) ready connection
     */
    default void disconnected(ZmtpEndpoint endpoint, int rerouted) {
    }

    /** The next connect attempt to {@code endpoint} will start after {@code delay}. */
    default void reconnectScheduled(ZmtpEndpoint endpoint, Duration delay) {
    }

    /**
     * {@code endpoint} stopped reconnecting after a protocol error because
     * {@link ZmtpClientOptions#stopReconnectOnProtocolError()} is set; {@code disconnect} and {@code connect} it again
     * to retry.
     */
    default void reconnectStopped(ZmtpEndpoint endpoint, String why) {
    }
}
