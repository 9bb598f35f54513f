/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.socket.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.Lock;
import java.util.function.BooleanSupplier;

/**
 * The busy wait of a socket's {@code receive()} before it parks, for the {@code receiveSpin} and {@code replySpin}
 * options: the receiving thread polls and yields the processor instead of sleeping until an I/O thread wakes it,
 * which takes one thread wake-up (tens of microseconds on a loaded or virtual machine) out of every message's path,
 * at the cost of a busy thread while it waits. An instance is one socket's policy: how long its next receive spins,
 * which depends on whether the socket sent since its last message.
 */
public final class ReceiveSpin {

    /** The longest spin the options accept. */
    public static final Duration MAX = Duration.ofSeconds(1);

    /**
     * The default {@code replySpin}: a receive after a send polls this long before it parks. Measured with both sides
     * of a request-reply exchange on one core each: spins up to 12 µs left the round trip as it was without one, 15 µs
     * and more took it from about 72 to 46 µs; 20 µs leaves some margin.
     */
    public static final Duration DEFAULT_REPLY_SPIN = Duration.ofNanos(20_000);

    private final long receiveSpinNanos;
    private final long replySpinNanos;
    /** Whether the socket sent since its last receive returned a message; written only when it changes. */
    private volatile boolean sentSinceReceive;

    /**
     * Creates the spin policy of one socket: {@code receiveSpin} for every receive, the longer {@code replySpin} for a
     * receive after a send, when a reply is likely on its way.
     */
    public ReceiveSpin(Duration receiveSpin, Duration replySpin) {
        this.receiveSpinNanos = check("receiveSpin", receiveSpin).toNanos();
        this.replySpinNanos = Math.max(receiveSpinNanos, check("replySpin", replySpin).toNanos());
    }

    /** Notes a send: the next receive may spin for a reply. Any thread; cheap when called for every message. */
    public void sent() {
        if (!sentSinceReceive) {
            sentSinceReceive = true;
        }
    }

    /** Notes that a receive returned a message: the receives after it spin for a reply only after the next send. */
    public void received() {
        if (sentSinceReceive) {
            sentSinceReceive = false;
        }
    }

    /** Returns how long a receive that finds no message polls before it parks, in nanoseconds; 0 = not at all. */
    public long spinNanos() {
        return sentSinceReceive ? replySpinNanos : receiveSpinNanos;
    }

    /**
     * Returns {@code spin} if it lies between zero and {@link #MAX}.
     *
     * @param option the option's name, for the error message
     * @throws IllegalArgumentException otherwise
     */
    public static Duration check(String option, Duration spin) {
        Objects.requireNonNull(spin, option);
        if (spin.isNegative() || spin.compareTo(MAX) > 0) {
            throw new IllegalArgumentException(option + ": " + spin + " (expected: between 0 and " + MAX + ")");
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
