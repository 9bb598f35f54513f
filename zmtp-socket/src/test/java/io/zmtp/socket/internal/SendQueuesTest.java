/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.socket.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins when senders blocked at a send high-water mark are woken: once the queue has drained to the low-water mark
 * (half the high-water mark, or 1024 below it for large marks), by the one release that crosses it.
 */
class SendQueuesTest {

    @Test
    void theLowWaterMarkIsHalfTheHighOneOr1024BelowItForLargeMarks() {
        assertEquals(0, SendQueues.lowWaterMark(1), "a mark of one wakes the sender when the queue is empty");
        assertEquals(1, SendQueues.lowWaterMark(2));
        assertEquals(500, SendQueues.lowWaterMark(1000), "libzmq's default SNDHWM");
        assertEquals(1024, SendQueues.lowWaterMark(2048));
        assertEquals(2049 - 1024, SendQueues.lowWaterMark(2049));
        assertEquals(Integer.MAX_VALUE - 1024, SendQueues.lowWaterMark(Integer.MAX_VALUE), "no mark (SNDHWM 0)");
    }

    @Test
    void onlyTheReleaseThatCrossesTheLowWaterMarkWakesSenders() {
        int low = SendQueues.lowWaterMark(1000);
        assertFalse(SendQueues.drainedTo(low, 999, 1), "one message written at the high-water mark");
        assertFalse(SendQueues.drainedTo(low, 501, 16));
        assertTrue(SendQueues.drainedTo(low, 500, 1), "down to the low-water mark");
        assertTrue(SendQueues.drainedTo(low, 0, 600), "a large group that drains past it at once");
        assertFalse(SendQueues.drainedTo(low, 499, 1), "below it already: the senders were woken before");
        assertTrue(SendQueues.drainedTo(SendQueues.lowWaterMark(1), 0, 1), "SNDHWM 1: every message written");
    }
}
