/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.socket.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one way every command-line tool reads a duration or a size. */
class CommandLineValuesTest {

    @Test
    void readsDurationsWithUnitsFractionsBareSecondsAndIso8601() {
        assertEquals(Duration.ofMillis(250), CommandLineValues.parseDuration("250ms"));
        assertEquals(Duration.ofMillis(1500), CommandLineValues.parseDuration("1.5s"));
        assertEquals(Duration.ofSeconds(30), CommandLineValues.parseDuration("30s"));
        assertEquals(Duration.ofSeconds(5), CommandLineValues.parseDuration("5"));
        assertEquals(Duration.ofMinutes(5), CommandLineValues.parseDuration("5m"));
        assertEquals(Duration.ofMinutes(90), CommandLineValues.parseDuration("1.5h"));
        assertEquals(Duration.ZERO, CommandLineValues.parseDuration("0"));
        assertEquals(Duration.ofSeconds(90), CommandLineValues.parseDuration("PT1M30S"));
        assertEquals(Duration.ofNanos(500), CommandLineValues.parseDuration("0.0005ms"));
    }

    @Test
    void refusesWhatIsNotADurationNamingItWithExamples() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CommandLineValues.parseDuration("soon"));
        assertTrue(e.getMessage().startsWith("'soon' is not a duration (examples:"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CommandLineValues.parseDuration("-5s"));
        assertThrows(IllegalArgumentException.class, () -> CommandLineValues.parseDuration("PT-5S"));
        assertThrows(IllegalArgumentException.class, () -> CommandLineValues.parseDuration("99999999999999h"));
    }

    @Test
    void readsSizesInBinaryMultiplesAndRefusesZeroAndOverflow() {
        assertEquals(1_048_576L, CommandLineValues.parseSize("1048576"));
        assertEquals(65_536L, CommandLineValues.parseSize("64k"));
        assertEquals(16L << 20, CommandLineValues.parseSize("16MiB"));
        assertEquals(1L << 30, CommandLineValues.parseSize("1g"));
        assertThrows(IllegalArgumentException.class, () -> CommandLineValues.parseSize("0"));
        assertThrows(IllegalArgumentException.class, () -> CommandLineValues.parseSize("9999999999999g"));
        assertThrows(IllegalArgumentException.class, () -> CommandLineValues.parseSize("lots"));
    }
}
