/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.socket.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins a socket's spin policy: {@code receiveSpin} before every receive that waits, the longer of it and
 * {@code replySpin} from a send until the next message received, since a reply is then likely on its way.
 */
class ReceiveSpinTest {

    private static final long MICROS = 1_000;

    @Test
    void aSocketThatHasNotSentSpinsForReceiveSpinOnly() {
        assertEquals(0, new ReceiveSpin(Duration.ZERO, Duration.ofNanos(20 * MICROS)).spinNanos());
        assertEquals(5 * MICROS, new ReceiveSpin(Duration.ofNanos(5 * MICROS), Duration.ofNanos(20 * MICROS))
                .spinNanos());
    }

    @Test
    void aSendMakesTheReceivesSpinForReplySpinUntilAMessageIsReceived() {
        ReceiveSpin spin = new ReceiveSpin(Duration.ZERO, Duration.ofNanos(20 * MICROS));
        spin.sent();
        assertEquals(20 * MICROS, spin.spinNanos());
        assertEquals(20 * MICROS, spin.spinNanos(), "a receive that timed out leaves the next one spinning");
        spin.sent();
        spin.received();
        assertEquals(0, spin.spinNanos());
        spin.received();
        assertEquals(0, spin.spinNanos(), "receiving again without a send does not spin");
        spin.sent();
        assertEquals(20 * MICROS, spin.spinNanos());
    }

    @Test
    void theLongerOfTheTwoSpinsAppliesAfterASend() {
        ReceiveSpin spin = new ReceiveSpin(Duration.ofNanos(50 * MICROS), Duration.ofNanos(20 * MICROS));
        spin.sent();
        assertEquals(50 * MICROS, spin.spinNanos());
        ReceiveSpin never = new ReceiveSpin(Duration.ZERO, Duration.ZERO);
        never.sent();
        assertEquals(0, never.spinNanos());
    }

    @Test
    void bothSpinsAreBetweenZeroAndOneSecondAndNamedWhenRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ReceiveSpin(Duration.ZERO, Duration.ofMillis(1001)));
        assertTrue(e.getMessage().startsWith("replySpin: PT1.001S"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ReceiveSpin(Duration.ofNanos(-1), Duration.ZERO));
        assertTrue(e.getMessage().startsWith("receiveSpin: "), e.getMessage());
        assertEquals(Duration.ofNanos(20 * MICROS), ReceiveSpin.DEFAULT_REPLY_SPIN);
    }
}
