/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.internal;

import io.zmtp.codec.ZmtpMetadata;
import io.zmtp.codec.mechanism.ZmtpAuthResult;

/**
 * The metadata a handshake reports for its peer: what the peer sent in READY or INITIATE, without any
 * {@value ZmtpAuthResult#USER_ID} of its own (in any case: names compare case-insensitively), plus the user id the
 * authenticator gave, if any. {@code User-Id} names the authenticated identity, so a peer never chooses it: every
 * mechanism passes the peer's metadata through here before it completes the handshake. Stateless and thread-safe.
 */
public final class PeerMetadata {

    private PeerMetadata() {
    }

    /**
     * Returns {@code sent} without a {@code User-Id}, then with {@code userId} as {@code User-Id} unless it is
     * {@code null}.
     */
    public static ZmtpMetadata authenticated(ZmtpMetadata sent, String userId) {
        if (userId == null && !sent.contains(ZmtpAuthResult.USER_ID)) {
            return sent;
        }
        ZmtpMetadata.Builder metadata = sent.mutate().remove(ZmtpAuthResult.USER_ID);
        if (userId != null) {
            metadata.put(ZmtpAuthResult.USER_ID, userId);
        }
        return metadata.build();
    }
}
