/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.socket;

/** A blocking send waited its whole timeout for room in a full queue; the message was not sent. */
public final class SendTimeoutException extends WouldBlockException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message that says what was waited for and how long. */
    public SendTimeoutException(String message) {
        super(message);
    }
}
