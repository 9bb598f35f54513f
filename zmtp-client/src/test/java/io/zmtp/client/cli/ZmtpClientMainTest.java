/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.client.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import zmq.Msg;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pins the command line's exit codes, output and one-line errors, in process, against a JeroMQ echo SERVER. */
@Timeout(30)
class ZmtpClientMainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return ZmtpClientMain.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void sendWithReplyPrintsOneEchoedLinePerMessageAndExitsZero() throws Exception {
        try (ZContext ctx = new ZContext()) {
            ZMQ.Socket server = ctx.createSocket(SocketType.SERVER);
            server.setLinger(0);
            server.bind("tcp://127.0.0.1:*");
            String endpoint = server.getLastEndpoint();
            Thread echo = new Thread(() -> {
                server.setReceiveTimeOut(5_000);
                for (int i = 0; i < 2; i++) {
                    Msg m = server.recvMsg(0);
                    if (m == null) {
                        return;
                    }
                    Msg r = new Msg(m.data());
                    r.setRoutingId(m.getRoutingId());
                    server.sendMsg(r, ZMQ.DONTWAIT);
                }
            });
            echo.start();
            int status = run("send", "--connect", endpoint, "--reply", "--timeout", "5s", "hello", "wörld");
            echo.join(5_000);
            assertEquals(0, status, err.toString());
            assertEquals("hello" + System.lineSeparator() + "wörld" + System.lineSeparator(), out.toString());
            assertEquals("", err.toString());
        }
    }

    @Test
    void sendWithNoServerExitsOneWithAOneLineTimeoutError() throws Exception {
        int port;
        try (ZContext ctx = new ZContext()) {
            ZMQ.Socket probe = ctx.createSocket(SocketType.SERVER);
            probe.bind("tcp://127.0.0.1:*");
            String last = probe.getLastEndpoint();
            port = Integer.parseInt(last.substring(last.lastIndexOf(':') + 1));
        }
        int status = run("send", "--connect", "tcp://127.0.0.1:" + port, "--timeout", "200ms", "x");
        assertEquals(1, status);
        assertTrue(err.toString().startsWith("zmtp-client: timed out after 200ms"), err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
    }

    @Test
    void badArgumentsExitTwoWithOneLine() {
        assertEquals(2, run("send", "hello"));
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().contains("--connect"), err.toString());
    }

    @Test
    void aMalformedEndpointExitsTwoWithOneLine() {
        assertEquals(2, run("send", "--connect", "udp://1.2.3.4:5", "x"));
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertFalse(err.toString().contains("\tat "), err.toString());
    }

    @Test
    void aMalformedTimeoutExitsTwo() {
        assertEquals(2, run("send", "--connect", "tcp://127.0.0.1:1", "--timeout", "soon", "x"));
        assertTrue(err.toString().contains("not a duration"), err.toString());
    }

    @Test
    void versionPrintsTheProjectVersion() {
        assertEquals(0, run("--version"));
        assertTrue(out.toString().startsWith("zmtp-client 0."), out.toString());
    }

    @Test
    void durationsAcceptMillisecondsSecondsMinutesAndIso() {
        ZmtpClientMain.DurationConverter c = new ZmtpClientMain.DurationConverter();
        assertEquals(Duration.ofMillis(250), c.convert("250ms"));
        assertEquals(Duration.ofMillis(1500), c.convert("1.5s"));
        assertEquals(Duration.ofMinutes(2), c.convert("2m"));
        assertEquals(Duration.ofSeconds(3), c.convert("3"));
        assertEquals(Duration.ofSeconds(4), c.convert("PT4S"));
    }
}
