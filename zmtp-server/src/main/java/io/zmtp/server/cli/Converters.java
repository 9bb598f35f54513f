/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server.cli;

import picocli.CommandLine;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Command-line value converters: durations such as {@code 30s} and sizes such as {@code 16m}. */
final class Converters {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)([kmg]?)(i?b)?");

    private Converters() {
    }

    /** Parses {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 0} or ISO-8601 ({@code PT30S}). */
    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            switch (m.group(2)) {
                case "ms":
                    return Duration.ofMillis(n);
                case "s":
                    return Duration.ofSeconds(n);
                case "m":
                    return Duration.ofMinutes(n);
                default:
                    return Duration.ofHours(n);
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
        throw new CommandLine.TypeConversionException("'" + text + "' is not a duration (examples: 500ms, 30s, 5m)");
    }

    /** Parses a size in octets: {@code 1048576}, {@code 64k}, {@code 16m}, {@code 1g} (binary multiples). */
    static long parseSize(String text) {
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
        throw new CommandLine.TypeConversionException("'" + text + "' is not a positive size in bytes "
                + "(examples: 1048576, 64k, 16m)");
    }
}
