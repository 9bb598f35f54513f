/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.client.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongUnaryOperator;

/**
 * Reconnect delays: the {@code n}-th consecutive failed attempt (counted from 0) waits
 * {@code min(max, interval * 2^n)}, shortened by a random jitter of up to a fifth so that clients that lost the
 * same server do not all come back in the same millisecond. The counter restarts after a successful handshake.
 * Immutable and thread-safe.
 */
public final class Backoff {

    private final long intervalNanos;
    private final long maxNanos;
    private final LongUnaryOperator random;

    /**
     * Creates a backoff.
     *
     * @param random returns a uniformly random value in {@code [0, bound)} for a positive {@code bound}
     */
    public Backoff(Duration interval, Duration max, LongUnaryOperator random) {
        this.intervalNanos = interval.toNanos();
        this.maxNanos = Math.max(intervalNanos, max.toNanos());
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Returns the delay before the attempt that follows {@code failures} consecutive failures. */
    public long delayNanos(int failures) {
        long base = intervalNanos;
        for (int i = 0; i < failures && base < maxNanos; i++) {
            base = base > maxNanos / 2 ? maxNanos : base * 2;
        }
        base = Math.min(base, maxNanos);
        long jitterBound = base / 5;
        return jitterBound > 0 ? base - random.applyAsLong(jitterBound) : base;
    }

    /** Returns the longest delay, used after a protocol error. */
    public long maxNanos() {
        return maxNanos;
    }
}
