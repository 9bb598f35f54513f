/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import java.util.Objects;

/**
 * Signals that the ZMTP handshake (greeting and security mechanism, 23/ZMTP) failed, with the
 * {@link ZmtpHandshakeFailureReason reason}. The handshake handler closes the connection and fires a failed
 * {@link ZmtpHandshakeCompletionEvent} carrying this exception.
 */
public class ZmtpHandshakeException extends ZmtpProtocolException {

    private static final long serialVersionUID = 1L;

    private final ZmtpHandshakeFailureReason reason;

    /** Creates an exception for {@code reason} with a message that says what went wrong. */
    public ZmtpHandshakeException(ZmtpHandshakeFailureReason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Creates an exception for {@code reason} with a message and a cause. */
    public ZmtpHandshakeException(ZmtpHandshakeFailureReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Returns why the handshake failed. */
    public ZmtpHandshakeFailureReason reason() {
        return reason;
    }
}
