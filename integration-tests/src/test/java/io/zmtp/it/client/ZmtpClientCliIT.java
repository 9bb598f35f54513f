/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.it.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import zmq.Msg;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the standalone {@code zmtp-client} jar as a real process against a JeroMQ 0.6.0 echo SERVER, and pins its
 * output and exit codes: 0 when everything was sent and answered, 1 on a timeout, 2 on bad arguments, each error
 * one line on standard error.
 */
@Timeout(120)
class ZmtpClientCliIT {

    private static final long PROCESS_SECONDS = 30;

    private ZContext context;
    private ZMQ.Socket server;
    private Thread echo;
    private volatile boolean running = true;

    @BeforeEach
    void startEchoServer() {
        context = new ZContext();
        server = context.createSocket(SocketType.SERVER);
        server.setLinger(0);
        server.setReceiveTimeOut(20);
        assertTrue(server.bind("tcp://127.0.0.1:*"));
        echo = new Thread(() -> {
            while (running) {
                Msg m = server.recvMsg(0);
                if (m != null) {
                    Msg reply = new Msg(m.data());
                    reply.setRoutingId(m.getRoutingId());
                    server.sendMsg(reply, ZMQ.DONTWAIT); // never block on a peer that left
                }
            }
        }, "jeromq-echo");
        echo.setDaemon(true);
        echo.start();
    }

    @AfterEach
    void stopEchoServer() throws InterruptedException {
        running = false;
        echo.join(5_000);
        context.close();
    }

    private String endpoint() {
        return server.getLastEndpoint();
    }

    private static Path standaloneJar() throws IOException {
        Path target = Paths.get("..", "zmtp-client", "target");
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "zmtp-client-*-standalone.jar")) {
            for (Path jar : jars) {
                return jar;
            }
        }
        throw new AssertionError("no zmtp-client-*-standalone.jar in " + target.toAbsolutePath()
                + ": build zmtp-client with 'mvn -pl zmtp-client package' first");
    }

    private static final class Result {
        final int exit;
        final String out;
        final String err;

        Result(int exit, String out, String err) {
            this.exit = exit;
            this.out = out;
            this.err = err;
        }

        @Override
        public String toString() {
            return "exit " + exit + ", stdout [" + out + "], stderr [" + err + "]";
        }
    }

    private static Result run(String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(standaloneJar().toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("zmtp-client-out", ".txt");
        Path err = Files.createTempFile("zmtp-client-err", ".txt");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .start();
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(PROCESS_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError("zmtp-client did not exit within " + PROCESS_SECONDS + " s: " + command);
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void sendWithReplyPrintsEachEchoAsALineAndExitsZero() throws Exception {
        Result r = run(null, "send", "--connect", endpoint(), "--reply", "--timeout", "10s", "hello", "wörld");
        assertEquals(0, r.exit, r::toString);
        assertEquals(List.of("hello", "wörld"), r.out.lines().toList(), r::toString);
        assertEquals("", r.err, r::toString);
    }

    @Test
    void withoutMessagesEachLineOfStandardInputIsOneMessage() throws Exception {
        Result r = run("one\ntwo\nthree\n", "send", "--connect", endpoint(), "--reply", "--timeout", "10s");
        assertEquals(0, r.exit, r::toString);
        assertEquals(List.of("one", "two", "three"), r.out.lines().toList(), r::toString);
    }

    @Test
    void sendWithoutReplyExitsZeroOnceWritten() throws Exception {
        Result r = run(null, "send", "--connect", endpoint(), "--timeout", "10s", "fire-and-forget");
        assertEquals(0, r.exit, r::toString);
        assertEquals("", r.out, r::toString);
    }

    @Test
    void noServerMeansExitOneWithAOneLineTimeoutError() throws Exception {
        String endpoint = endpoint();
        running = false;
        echo.join(5_000);
        context.close();
        context = new ZContext(); // @AfterEach closes it again
        Result r = run(null, "send", "--connect", endpoint, "--timeout", "300ms", "lost");
        assertEquals(1, r.exit, r::toString);
        assertEquals(1, r.err.lines().count(), r::toString);
        assertTrue(r.err.startsWith("zmtp-client: timed out after 300ms"), r::toString);
    }

    @Test
    void badArgumentsExitTwoWithOneLineAndNoStackTrace() throws Exception {
        Result missing = run(null, "send", "hello");
        assertEquals(2, missing.exit, missing::toString);
        assertEquals(1, missing.err.lines().count(), missing::toString);

        Result badEndpoint = run(null, "send", "--connect", "pgm://eth0;239.1.1.1:5555", "x");
        assertEquals(2, badEndpoint.exit, badEndpoint::toString);
        assertEquals(1, badEndpoint.err.lines().count(), badEndpoint::toString);
        assertFalse(badEndpoint.err.contains("\tat "), badEndpoint::toString);
    }

    @Test
    void versionAndHelpExitZero() throws Exception {
        Result version = run(null, "--version");
        assertEquals(0, version.exit, version::toString);
        assertTrue(version.out.startsWith("zmtp-client 0."), version::toString);
        Result help = run(null, "send", "--help");
        assertEquals(0, help.exit, help::toString);
        assertTrue(help.out.contains("--connect"), help::toString);
    }
}
