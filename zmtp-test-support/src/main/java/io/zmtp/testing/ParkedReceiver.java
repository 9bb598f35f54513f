/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.testing;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Measures how long a socket's receive stays on the processor (spinning) before it parks its thread: the observable
 * difference between a receive that spins and one that parks at once.
 */
public final class ParkedReceiver {

    /** A step of the measurement that may throw: the blocking receive, or what makes it return. */
    @FunctionalInterface
    public interface Step {
        /** Runs the step. */
        void run() throws Exception;
    }

    private static final long GIVE_UP_MILLIS = 10_000;

    private ParkedReceiver() {
    }

    /**
     * Starts {@code receive} (a blocking receive of one message) on a new thread, returns the milliseconds until that
     * thread parks (waiting or timed waiting), then runs {@code release} (typically a peer sending the message the
     * receive waits for) and waits for the receive to return.
     *
     * @throws AssertionError if the thread does not park within ten seconds, or the receive fails
     */
    public static long millisUntilParked(Step receive, Step release) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread receiver = new Thread(() -> {
            try {
                receive.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "parked-receiver");
        long start = System.nanoTime();
        receiver.start();
        long elapsedMillis;
        for (;;) {
            elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            Thread.State state = receiver.getState();
            if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
                break;
            }
            if (state == Thread.State.TERMINATED || elapsedMillis > GIVE_UP_MILLIS) {
                receiver.interrupt();
                throw new AssertionError("the receiver did not park within " + elapsedMillis + " ms (" + state + ")",
                        failure.get());
            }
            Thread.sleep(2);
        }
        release.run();
        receiver.join(GIVE_UP_MILLIS);
        if (receiver.isAlive()) {
            receiver.interrupt();
            throw new AssertionError("the receive did not return once released");
        }
        if (failure.get() != null) {
            throw new AssertionError("the receive failed", failure.get());
        }
        return elapsedMillis;
    }
}
