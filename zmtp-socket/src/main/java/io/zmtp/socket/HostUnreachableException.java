/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.socket;

/**
 * A send named a routing id that belongs to no connected peer: it was never assigned, or its peer has
 * disconnected. It is libzmq's {@code EHOSTUNREACH}; it is raised at once, never after blocking. The message was
 * not sent and stays owned by the caller.
 */
public final class HostUnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int routingId;

    /** Creates an exception for {@code routingId}. */
    public HostUnreachableException(int routingId) {
        super("no peer with routing id " + Integer.toUnsignedString(routingId));
        this.routingId = routingId;
    }

    /** Returns the routing id that reached no peer. */
    public int routingId() {
        return routingId;
    }
}
