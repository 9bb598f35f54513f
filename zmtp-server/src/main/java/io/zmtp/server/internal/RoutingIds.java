/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server.internal;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * Hands out SERVER routing ids the way libzmq does (41/CLIENTSERVER): consecutive unsigned 32-bit values from a
 * random start, wrapping from {@code 0xFFFFFFFF} to {@code 1}; 0 is never used. Unlike libzmq, an id still held by
 * a connected peer is skipped after a wrap-around instead of colliding. Thread-safe.
 */
public final class RoutingIds {

    private final AtomicInteger next;

    /** Starts at a random id. */
    public RoutingIds() {
        this(ThreadLocalRandom.current().nextInt());
    }

    /** Starts at {@code first} (as an unsigned value). */
    public RoutingIds(int first) {
        this.next = new AtomicInteger(first);
    }

    /**
     * Returns the next id that is neither 0 nor {@code taken}; the caller claims it atomically (for instance with
     * {@code putIfAbsent}) and asks again if that fails.
     */
    public int next(IntPredicate taken) {
        for (;;) {
            int id = next.getAndIncrement();
            if (id != 0 && !taken.test(id)) {
                return id;
            }
        }
    }
}
