/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.Lock;
import java.util.function.BooleanSupplier;

/**
 * The busy wait of a socket's {@code receive()} before it parks, for the {@code receiveSpin} options: the receiving
 * thread polls and yields the processor instead of sleeping until an I/O thread wakes it, which takes one thread
 * wake-up (tens of microseconds on a loaded or virtual machine) out of every message's path, at the cost of a busy
 * thread while it waits.
 */
public final class ReceiveSpin {

    /** The longest spin the options accept. */
    public static final Duration MAX = Duration.ofSeconds(1);

    private ReceiveSpin() {
    }

    /**
     * Returns {@code spin} if it lies between zero and {@link #MAX}.
     *
     * @throws IllegalArgumentException otherwise
     */
    public static Duration check(Duration spin) {
        Objects.requireNonNull(spin, "receiveSpin");
        if (spin.isNegative() || spin.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("receiveSpin: " + spin + " (expected: between 0 and " + MAX + ")");
        }
        return spin;
    }

    /**
     * As {@link #await}, for a receiver that holds {@code lock}: releases it while spinning, so that the I/O thread can
     * deliver, and holds it again (uninterruptibly) when it returns.
     */
    public static long awaitUnlocked(Lock lock, BooleanSupplier arrived, long nanos) {
        lock.unlock();
        try {
            return await(arrived, nanos);
        } finally {
            lock.lock();
        }
    }

    /**
     * Yields the processor until {@code arrived} holds, {@code nanos} have passed, or the thread is interrupted
     * (its interrupt status is kept); returns the nanoseconds spent.
     */
    public static long await(BooleanSupplier arrived, long nanos) {
        long start = System.nanoTime();
        long spent = 0;
        while (spent < nanos && !arrived.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
            Thread.yield();
            spent = System.nanoTime() - start;
        }
        return spent;
    }
}
