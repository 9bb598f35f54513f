/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

/**
 * Why a ZMTP handshake failed. Sockets use the reason to decide what to do next: libzmq stops reconnecting
 * after {@link #PROTOCOL}, {@link #VERSION}, {@link #MECHANISM}, {@link #SOCKET_TYPE} and
 * {@link #AUTHENTICATION}, and reconnects after {@link #TIMEOUT} and {@link #CLOSED}.
 */
public enum ZmtpHandshakeFailureReason {
    /** The peer sent bytes that are not valid ZMTP: a bad signature, a malformed or unexpected command. */
    PROTOCOL,
    /** The peer speaks a ZMTP version this codec does not support (1.0 or 2.0). */
    VERSION,
    /** The peer announced a different security mechanism. */
    MECHANISM,
    /** The peer's socket type cannot talk to ours, or it announced none. */
    SOCKET_TYPE,
    /** The security mechanism rejected the peer's credentials, or the peer rejected ours. */
    AUTHENTICATION,
    /** The handshake did not complete within the handshake timeout. */
    TIMEOUT,
    /** The connection closed before the handshake completed. */
    CLOSED;

    /** Returns the reason in lower case with dashes, suitable as a bounded metric tag value. */
    public String tagValue() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
