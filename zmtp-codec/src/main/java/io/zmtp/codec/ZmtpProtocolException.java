/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.handler.codec.DecoderException;

/**
 * Signals that a peer broke the ZMTP protocol (23/ZMTP, 37/ZMTP): malformed bytes, a forbidden flag,
 * an unexpected or malformed command. A ZMTP stream cannot be resynchronised, so the handler that throws
 * this has already closed, or is closing, the connection.
 */
public class ZmtpProtocolException extends DecoderException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message that says what the peer did wrong. */
    public ZmtpProtocolException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the cause that revealed the problem. */
    public ZmtpProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
