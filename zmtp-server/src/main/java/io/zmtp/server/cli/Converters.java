/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server.cli;

import io.zmtp.socket.internal.CommandLineValues;
import picocli.CommandLine;

import java.time.Duration;

/** Command-line value converters: durations such as {@code 30s} and sizes such as {@code 16m}. */
final class Converters {

    private Converters() {
    }

    /** Parses a duration as every command-line tool does ({@link CommandLineValues#parseDuration}). */
    static Duration parseDuration(String text) {
        try {
            return CommandLineValues.parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    /** Parses a size in octets as every command-line tool does ({@link CommandLineValues#parseSize}). */
    static long parseSize(String text) {
        try {
            return CommandLineValues.parseSize(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
