/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.socket;

/** The socket was closed: it sends and receives nothing more. Messages it still held were reported, not lost. */
public final class SocketClosedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message naming the closed socket. */
    public SocketClosedException(String message) {
        super(message);
    }
}
