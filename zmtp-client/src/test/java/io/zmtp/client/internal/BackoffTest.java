/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.client.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {

    private static final long MS = 1_000_000L;

    @Test
    void withoutJitterTheDelayDoublesPerFailureUpToTheMaximum() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), bound -> 0);
        assertEquals(100 * MS, b.delayNanos(0));
        assertEquals(200 * MS, b.delayNanos(1));
        assertEquals(400 * MS, b.delayNanos(2));
        assertEquals(800 * MS, b.delayNanos(3));
        assertEquals(1000 * MS, b.delayNanos(4));
        assertEquals(1000 * MS, b.delayNanos(1_000_000));
        assertEquals(1000 * MS, b.maxNanos());
    }

    @Test
    void jitterShortensTheDelayByAtMostAFifth() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30),
                bound -> ThreadLocalRandom.current().nextLong(bound));
        for (int failures = 0; failures < 20; failures++) {
            long base = Math.min(30_000 * MS, (100 * MS) << failures);
            for (int i = 0; i < 100; i++) {
                long d = b.delayNanos(failures);
                assertTrue(d <= base && d > base - base / 5 - 1, failures + ": " + d);
            }
        }
    }
}
