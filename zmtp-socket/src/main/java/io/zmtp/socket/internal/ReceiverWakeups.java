/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.socket.internal;

import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The receivers parked on a socket's receive queue, and when the I/O threads wake them: the policy both sockets
 * share. An I/O thread hands a read loop's messages to the queue in batches; waking a parked receiver at every batch
 * made a receiver on the I/O thread's core preempt it each time, and waking only at the end of each read loop would
 * leave a receiver on a core of its own waiting for a whole loop of reads. So receivers are woken when the caller
 * says so (the read loop ended, or reading paused at the high-water mark), or once {@value #WAKE_DEPTH} messages
 * have come in since they were last woken; as many are woken as there are new messages.
 *
 * <p>Guarded by the socket's receive lock: every method but {@link #wakeNow()} is called with it held.
 */
public final class ReceiverWakeups {

    /** The most messages delivered before parked receivers are woken for them, when nothing else wakes them. */
    public static final int WAKE_DEPTH = 256;

    private final ReentrantLock lock;
    private final Condition available;
    private int waiting;
    private int unannounced;

    /** Receivers wait on {@code available}, a condition of {@code lock}, the socket's receive lock. */
    public ReceiverWakeups(ReentrantLock lock, Condition available) {
        this.lock = Objects.requireNonNull(lock, "lock");
        this.available = Objects.requireNonNull(available, "available");
    }

    /**
     * Parks the calling receiver until it is woken, interrupted or {@code timeoutNanos} pass (negative: no limit);
     * returns the nanoseconds left of the timeout, as {@link Condition#awaitNanos} does (or -1 without one).
     */
    public long await(long timeoutNanos) throws InterruptedException {
        waiting++;
        try {
            if (timeoutNanos < 0) {
                available.await();
                return -1;
            }
            return available.awaitNanos(timeoutNanos);
        } finally {
            waiting--;
        }
    }

    /** {@code n} messages were queued; wakes receivers for all that came since the last wake-up if {@code now}. */
    public void delivered(int n, boolean now) {
        unannounced += n;
        if (now || unannounced >= WAKE_DEPTH) {
            signal();
        }
    }

    /** Wakes receivers for the messages queued since the last wake-up; takes the receive lock. */
    public void wakeNow() {
        lock.lock();
        try {
            signal();
        } finally {
            lock.unlock();
        }
    }

    private void signal() {
        for (int i = Math.min(unannounced, waiting); i > 0; i--) {
            available.signal();
        }
        unannounced = 0;
    }
}
