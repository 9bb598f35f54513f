/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import java.util.Objects;

/**
 * The user event {@link ZmtpHandshakeHandler} fires once per connection, when the ZMTP handshake succeeds or fails.
 *
 * <p>On success it carries the peer's socket type and metadata, the negotiated version and the mechanism; messages
 * from the peer follow it. On failure it carries a {@link ZmtpHandshakeException} whose
 * {@link ZmtpHandshakeException#reason() reason} says what went wrong; the connection is closing.
 */
public final class ZmtpHandshakeCompletionEvent {

    private final ZmtpSocketType peerSocketType;
    private final ZmtpMetadata peerMetadata;
    private final ZmtpProtocolVersion version;
    private final String mechanism;
    private final ZmtpHandshakeException cause;

    private ZmtpHandshakeCompletionEvent(ZmtpSocketType peerSocketType, ZmtpMetadata peerMetadata,
                                         ZmtpProtocolVersion version, String mechanism, ZmtpHandshakeException cause) {
        this.peerSocketType = peerSocketType;
        this.peerMetadata = peerMetadata;
        this.version = version;
        this.mechanism = mechanism;
        this.cause = cause;
    }

    /** Returns a success event. */
    public static ZmtpHandshakeCompletionEvent success(ZmtpSocketType peerSocketType, ZmtpMetadata peerMetadata,
                                                      ZmtpProtocolVersion version, String mechanism) {
        return new ZmtpHandshakeCompletionEvent(Objects.requireNonNull(peerSocketType, "peerSocketType"),
                Objects.requireNonNull(peerMetadata, "peerMetadata"), Objects.requireNonNull(version, "version"),
                Objects.requireNonNull(mechanism, "mechanism"), null);
    }

    /** Returns a failure event. */
    public static ZmtpHandshakeCompletionEvent failure(ZmtpHandshakeException cause) {
        return new ZmtpHandshakeCompletionEvent(null, null, null, null, Objects.requireNonNull(cause, "cause"));
    }

    /** Returns whether the handshake succeeded. */
    public boolean isSuccess() {
        return cause == null;
    }

    /** Returns why the handshake failed, or {@code null} on success. */
    public ZmtpHandshakeException cause() {
        return cause;
    }

    /** Returns the failure reason, or {@code null} on success. */
    public ZmtpHandshakeFailureReason reason() {
        return cause == null ? null : cause.reason();
    }

    /** Returns the peer's socket type, or {@code null} on failure. */
    public ZmtpSocketType peerSocketType() {
        return peerSocketType;
    }

    /** Returns the metadata the peer sent, or {@code null} on failure. */
    public ZmtpMetadata peerMetadata() {
        return peerMetadata;
    }

    /** Returns the negotiated ZMTP version, or {@code null} on failure. */
    public ZmtpProtocolVersion version() {
        return version;
    }

    /** Returns the mechanism name, or {@code null} on failure. */
    public String mechanism() {
        return mechanism;
    }

    @Override
    public String toString() {
        return isSuccess()
                ? "ZmtpHandshakeCompletionEvent(SUCCESS, peer=" + peerSocketType + ", ZMTP " + version + ", "
                        + mechanism + ")"
                : "ZmtpHandshakeCompletionEvent(FAILURE, " + cause.reason() + ": " + cause.getMessage() + ")";
    }
}
