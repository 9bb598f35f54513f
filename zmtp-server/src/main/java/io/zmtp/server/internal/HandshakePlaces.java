/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The places of a server's connections whose handshake is under way, at most {@code max} of them: a connection takes
 * one when it is accepted and gives it back once, when its handshake succeeds, fails, times out or the connection
 * closes. Thread-safe: every event loop of the server takes and gives back places.
 */
public final class HandshakePlaces {

    private final AtomicInteger taken = new AtomicInteger();
    private final int max;

    /** Creates the places; {@code max} is validated by the options that carry it. */
    public HandshakePlaces(int max) {
        this.max = max;
    }

    /** Takes a place if fewer than {@code max} are taken; returns whether it did. */
    public boolean tryTake() {
        for (;;) {
            int n = taken.get();
            if (n >= max) {
                return false;
            }
            if (taken.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /**
     * Takes a place even if all are taken: for a connection accepted by a pipeline of the application's, which
     * counts but is never refused.
     */
    public void take() {
        taken.incrementAndGet();
    }

    /** Gives a place back. */
    public void giveBack() {
        taken.decrementAndGet();
    }

    /** Returns the number of places taken: connections whose handshake is under way. */
    public int taken() {
        return taken.get();
    }
}
