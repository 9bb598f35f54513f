/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server.cli;

import io.zmtp.codec.mechanism.ZmtpNullMechanism;
import io.zmtp.server.ZmtpServerOptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZmtpServerMainTest {

    @Test
    void durationsAcceptUnitsAndIso8601() {
        assertEquals(Duration.ofMillis(250), Converters.parseDuration("250ms"));
        assertEquals(Duration.ofSeconds(30), Converters.parseDuration("30s"));
        assertEquals(Duration.ofMinutes(5), Converters.parseDuration("5m"));
        assertEquals(Duration.ofHours(1), Converters.parseDuration("1h"));
        assertEquals(Duration.ZERO, Converters.parseDuration("0"));
        assertEquals(Duration.ofSeconds(90), Converters.parseDuration("PT1M30S"));
        assertThrows(CommandLine.TypeConversionException.class, () -> Converters.parseDuration("soon"));
        assertThrows(CommandLine.TypeConversionException.class, () -> Converters.parseDuration("-5s"));
    }

    @Test
    void sizesAcceptBinaryMultiples() {
        assertEquals(1_048_576L, Converters.parseSize("1048576"));
        assertEquals(65_536L, Converters.parseSize("64k"));
        assertEquals(16L << 20, Converters.parseSize("16m"));
        assertEquals(1L << 30, Converters.parseSize("1GiB"));
        assertThrows(CommandLine.TypeConversionException.class, () -> Converters.parseSize("0"));
        assertThrows(CommandLine.TypeConversionException.class, () -> Converters.parseSize("lots"));
        assertThrows(CommandLine.TypeConversionException.class, () -> Converters.parseSize("99999999999g"));
    }

    @Test
    void handlersAreBuiltInOrLoadedByClassName() {
        assertInstanceOf(EchoHandler.class, ZmtpServerMain.loadHandler("echo"));
        assertInstanceOf(DiscardHandler.class, ZmtpServerMain.loadHandler("discard"));
        assertInstanceOf(DiscardHandler.class, ZmtpServerMain.loadHandler(DiscardHandler.class.getName()));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ZmtpServerMain.loadHandler("com.example.Missing"));
        assertTrue(missing.getMessage().contains("no such class"), missing.getMessage());
        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
                () -> ZmtpServerMain.loadHandler(String.class.getName()));
        assertTrue(wrongType.getMessage().contains("does not implement"), wrongType.getMessage());
    }

    @Test
    void metricsBindIsHostPortOrOff() {
        assertNull(ZmtpServerMain.metricsAddress("off"));
        InetSocketAddress a = ZmtpServerMain.metricsAddress("127.0.0.1:9555");
        assertEquals(9555, a.getPort());
        assertEquals("127.0.0.1", a.getHostString());
        assertThrows(IllegalArgumentException.class, () -> ZmtpServerMain.metricsAddress("9555"));
        assertThrows(IllegalArgumentException.class, () -> ZmtpServerMain.metricsAddress("host:99999"));
    }

    @Test
    void maxHandshakesReachesTheServerOptionsAndDefaultsToTheLibrarysDefault() {
        assertEquals(ZmtpServerOptions.DEFAULT_MAX_HANDSHAKES,
                parsed().options(ZmtpNullMechanism.INSTANCE).maxHandshakes());
        assertEquals(8, parsed("--max-handshakes", "8").options(ZmtpNullMechanism.INSTANCE).maxHandshakes());
    }

    @Test
    void aMaxHandshakesBelowOneIsABadArgumentThatNamesTheLimit() {
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> parsed("--max-handshakes", "0").options(ZmtpNullMechanism.INSTANCE));
        assertEquals("maxHandshakes: 0 (expected: > 0)", e.getMessage());
    }

    private static ZmtpServerMain parsed(String... args) {
        CommandLine cmd = ZmtpServerMain.commandLine();
        cmd.parseArgs(args);
        return cmd.getCommand();
    }

    @Test
    void badArgumentsAreExitCode2WithOneLine() {
        CommandLine cmd = ZmtpServerMain.commandLine();
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err));
        assertEquals(2, cmd.execute("--rcvhwm", "x"));
        assertTrue(err.toString().startsWith("zmtp-server: "), err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
    }
}
