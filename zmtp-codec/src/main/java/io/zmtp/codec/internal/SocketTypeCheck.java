/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.internal;

import io.zmtp.codec.ZmtpMetadata;
import io.zmtp.codec.ZmtpSocketType;

/**
 * The one check of a peer's {@code Socket-Type} against ours (23/ZMTP, 37/ZMTP). The handshake handler applies it
 * when a handshake completes; mechanisms that answer the peer with READY (PLAIN and CURVE servers) or complete on a
 * READY (the CURVE client) apply it first, so that they never answer a peer they will refuse anyway.
 */
public final class SocketTypeCheck {

    private SocketTypeCheck() {
    }

    /** Why a peer does not fit: a description for events and logs, and the reason for an ERROR command. */
    public record Mismatch(String message, String errorReason) {
    }

    /** Returns why the {@code Socket-Type} in {@code peer} does not fit {@code ours}, or {@code null} if it fits. */
    public static Mismatch check(ZmtpSocketType ours, ZmtpMetadata peer) {
        String name = peer.getString(ZmtpMetadata.SOCKET_TYPE);
        if (name == null) {
            return new Mismatch("peer announced no Socket-Type", "missing Socket-Type");
        }
        ZmtpSocketType type = ZmtpSocketType.fromWireName(name);
        if (type == null) {
            return new Mismatch("peer announced an unknown Socket-Type '" + PeerText.escape(name) + "'",
                    "unknown Socket-Type");
        }
        if (!ours.isCompatibleWith(type)) {
            return new Mismatch("a " + ours + " socket cannot talk to a " + type + " peer",
                    "incompatible Socket-Type: " + ours + " does not accept " + type);
        }
        return null;
    }
}
