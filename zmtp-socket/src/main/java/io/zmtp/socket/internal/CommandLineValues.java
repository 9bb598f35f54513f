/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.socket.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the command-line tools of every socket read durations and sizes, so that each option means the same in all of
 * them: durations such as {@code 250ms}, {@code 1.5s}, {@code 5m}, {@code 1h}, a bare number of seconds, or ISO-8601
 * ({@code PT30S}); sizes in octets such as {@code 1048576}, {@code 64k}, {@code 16m}, {@code 1g} (binary multiples).
 */
public final class CommandLineValues {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+)([kmg]?)(i?b)?");

    private CommandLineValues() {
    }

    /**
     * Parses a duration, at least zero, rounded to the nanosecond.
     *
     * @throws IllegalArgumentException naming the text and giving examples, if it is not one
     */
    public static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(t);
        if (m.matches()) {
            BigDecimal amount = new BigDecimal(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            long nanosPerUnit;
            switch (unit) {
                case "ms":
                    nanosPerUnit = 1_000_000L;
                    break;
                case "m":
                    nanosPerUnit = 60_000_000_000L;
                    break;
                case "h":
                    nanosPerUnit = 3_600_000_000_000L;
                    break;
                default:
                    nanosPerUnit = 1_000_000_000L;
            }
            BigDecimal nanos = amount.multiply(BigDecimal.valueOf(nanosPerUnit));
            if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
                return Duration.ofNanos(nanos.longValue());
            }
        }
        try {
            Duration d = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            if (!d.isNegative()) {
                return d;
            }
        } catch (DateTimeParseException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("'" + text + "' is not a duration (examples: 500ms, 1.5s, 5m)");
    }

    /**
     * Parses a size in octets, more than zero.
     *
     * @throws IllegalArgumentException naming the text and giving examples, if it is not one
     */
    public static long parseSize(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            try {
                long n = Long.parseLong(m.group(1));
                int shift = m.group(2).isEmpty() ? 0 : "kmg".indexOf(m.group(2)) * 10 + 10;
                if (n > 0 && Long.numberOfLeadingZeros(n) > shift) {
                    return n << shift;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a positive size in bytes "
                + "(examples: 1048576, 64k, 16m)");
    }
}
