/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.socket;

/**
 * A send could not go out now without waiting: every peer it could go to already holds its high-water mark of
 * queued messages, or (for a CLIENT) no peer is connected yet. It is libzmq's {@code EAGAIN}. Thrown by the
 * non-blocking {@code trySend} of the sockets, and, as a {@link SendTimeoutException}, by a blocking send whose
 * timeout expired. The message was not sent and stays owned by the caller.
 */
public class WouldBlockException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message that says which queue was full. */
    public WouldBlockException(String message) {
        super(message);
    }
}
