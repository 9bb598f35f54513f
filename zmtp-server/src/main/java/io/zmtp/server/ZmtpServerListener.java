/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server;

import io.zmtp.codec.ZmtpHandshakeFailureReason;

import java.net.SocketAddress;

/**
 * Connection events of a {@link ZmtpServer}, the counterpart of libzmq's socket monitor. Methods are called on
 * Netty event loop threads: return quickly and never block. Every method has an empty default.
 */
public interface ZmtpServerListener {

    /** A peer completed its handshake and was given {@code routingId}. */
    default void peerConnected(int routingId, SocketAddress remoteAddress) {
    }

    /** A connection's handshake failed; the connection is closed. */
    default void handshakeFailed(SocketAddress remoteAddress, ZmtpHandshakeFailureReason reason, String message) {
    }

    /**
     * The peer with {@code routingId} disconnected; its routing id is unreachable from now on.
     *
     * @param undelivered messages that were queued to the peer and could not be written before it left; each was
     *        counted in {@code zmtp.server.messages.undelivered} and failed its {@code sendAsync} future
     */
    default void peerDisconnected(int routingId, SocketAddress remoteAddress, int undelivered) {
    }
}
