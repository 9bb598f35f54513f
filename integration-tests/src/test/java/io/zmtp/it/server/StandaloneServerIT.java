/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.it.server;

import io.zmtp.it.JeromqConnects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The standalone server jar as a real process: its printed lines, echo, metrics, exit codes and SIGTERM. */
@Timeout(120)
class StandaloneServerIT {

    private static final Pattern LISTENING = JarProcesses.LISTENING;
    private static final Pattern METRICS = Pattern.compile("zmtp-server metrics on (http://127\\.0\\.0\\.1:\\d+)/metrics");

    private final JarProcesses jars = new JarProcesses();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stopProcesses() throws InterruptedException {
        jars.close();
    }

    private Process start(String... args) throws IOException {
        return jars.start(JarProcesses.SERVER_JAR, args);
    }

    private static BlockingQueue<String> lines(Process p) {
        return JarProcesses.lines(p);
    }

    private static Matcher awaitLine(BlockingQueue<String> lines, Pattern pattern) throws InterruptedException {
        return JarProcesses.awaitLine(lines, pattern);
    }

    private String get(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url);
        return r.body();
    }

    private static double metric(String scrape, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(scrape);
        assertTrue(m.find(), name + " in\n" + scrape);
        return Double.parseDouble(m.group(2));
    }

    /** Scrapes until {@code name} has {@code value}, for up to 10 s, and returns the last scrape. */
    private String awaitMetric(String base, String name, double value) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String scrape = get(base + "/metrics");
        while (metric(scrape, name) != value && System.nanoTime() < deadline) {
            Thread.sleep(50);
            scrape = get(base + "/metrics");
        }
        assertEquals(value, metric(scrape, name), name);
        return scrape;
    }

    @Test
    void echoesToAJeromqClientCountsInMetricsWithAStalledHandshakeAndExitsZeroOnSigterm() throws Exception {
        Process server = start("--bind", "tcp://127.0.0.1:0", "--metrics-bind", "127.0.0.1:0");
        BlockingQueue<String> out = lines(server);
        int port = Integer.parseInt(awaitLine(out, LISTENING).group(1));
        String base = awaitLine(out, METRICS).group(1);
        assertEquals("ok\n", get(base + "/health"));

        try (ZContext context = new ZContext()) {
            ZMQ.Socket client = null;
            byte[] reply = null;
            // JeroMQ now and then opens a connection that never greets (JeromqConnects); a fresh socket gets past it.
            for (int attempt = 0; attempt < JeromqConnects.ATTEMPTS && reply == null; attempt++) {
                if (client != null) {
                    client.close();
                }
                client = context.createSocket(SocketType.CLIENT);
                client.setLinger(0);
                client.setReceiveTimeOut(3_000);
                client.connect("tcp://127.0.0.1:" + port);
                client.send("probe");
                reply = client.recv();
            }
            assertArrayEquals("probe".getBytes(StandardCharsets.US_ASCII), reply);
            client.setReceiveTimeOut(10_000);
            for (int i = 0; i < 100; i++) {
                byte[] payload = ("message " + i).getBytes(StandardCharsets.US_ASCII);
                assertTrue(client.send(payload));
                assertArrayEquals(payload, client.recv());
            }
            try (Socket silent = new Socket("127.0.0.1", port)) {
                silent.setSoTimeout(10_000);
                // The server greets as soon as it accepts: a connection greeted and silent is in its handshake.
                assertEquals(0xFF, silent.getInputStream().read(), "the server's greeting");
                // A connection of an abandoned attempt above may still be closing: it leaves the gauge soon.
                String scrape = awaitMetric(base, "zmtp_server_connections_handshaking", 1.0);
                assertEquals(101.0, metric(scrape, "zmtp_server_messages_received_total"));
                assertEquals(101.0, metric(scrape, "zmtp_server_messages_sent_total"));
                assertEquals(1.0, metric(scrape, "zmtp_server_connections_active"));
                assertTrue(metric(scrape, "zmtp_server_bytes_received_total") >= 100 * "message 0".length());
            }
        }

        server.destroy(); // SIGTERM
        assertTrue(server.waitFor(20, TimeUnit.SECONDS), "the server stops after SIGTERM");
        assertEquals(0, server.exitValue());
    }

    @Test
    void badArgumentsExitWithCode2AndOneLineOfError() throws Exception {
        for (String[] args : new String[][] {
            {"--sndhwm", "many"},
            {"--no-such-option"},
            {"--sndhwm", "-1"},
            {"--max-handshakes", "0"},
            {"--handshake-timeout", "soon"},
            {"--bind", "udp://127.0.0.1:0"},
            {"--handler", "com.example.Missing"},
            {"--metrics-bind", "nowhere"},
        }) {
            Process p = start(args);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", args));
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertEquals(2, p.exitValue(), String.join(" ", args) + ": " + err);
            assertFalse(err.contains("\n"), "one line: " + err);
            assertTrue(err.startsWith("zmtp-server: "), err);
            assertFalse(err.contains("Exception"), "no stack trace: " + err);
        }
    }

    @Test
    void aPortInUseExitsWithCode2() throws Exception {
        Process first = start("--bind", "tcp://127.0.0.1:0", "--metrics-bind", "off");
        int port = Integer.parseInt(awaitLine(lines(first), LISTENING).group(1));
        Process second = start("--bind", "tcp://127.0.0.1:" + port, "--metrics-bind", "off");
        assertTrue(second.waitFor(30, TimeUnit.SECONDS));
        String err = new String(second.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(2, second.exitValue(), err);
        assertTrue(err.startsWith("zmtp-server: cannot bind tcp://127.0.0.1:" + port), err);
        assertNotNull(first);
    }

    @Test
    void helpAndVersionExitZero() throws Exception {
        Process help = start("--help");
        assertTrue(help.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, help.exitValue());
        String usage = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        for (String option : new String[] {"--bind", "--handler", "--metrics-bind", "--sndhwm", "--rcvhwm",
            "--max-handshakes", "--max-message-size", "--handshake-timeout", "--heartbeat-interval",
            "--heartbeat-timeout", "--heartbeat-ttl", "--version"}) {
            assertTrue(usage.contains(option), option + " in\n" + usage);
        }
        Process version = start("--version");
        assertTrue(version.waitFor(30, TimeUnit.SECONDS));
        assertEquals("zmtp-server " + JarProcesses.VERSION,
                new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
    }
}
