/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition that another thread makes true, for tests of real sockets and threads: it polls every
 * millisecond and fails with a message that says what did not happen, and what was seen, once the timeout passes.
 * A test waits on what it needs to be true, never for a fixed time.
 */
public final class Conditions {

    private Conditions() {
    }

    /** Waits until {@code condition} holds; fails after {@code timeout} with {@code what} in the message. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        await(what, timeout, condition, () -> "");
    }

    /** As {@link #await(String, Duration, BooleanSupplier)}, adding what {@code seen} says to the failure. */
    public static void await(String what, Duration timeout, BooleanSupplier condition, Supplier<String> seen)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                String state = seen.get();
                throw new AssertionError("not within " + timeout + ": " + what + (state.isEmpty() ? "" : "; " + state));
            }
            TimeUnit.MILLISECONDS.sleep(1);
        }
    }
}
