/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.it.server;

import io.zmtp.client.ZmtpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The standalone server on a small JVM (256 MiB of heap and of direct memory, Netty's leak detector at its strictest)
 * against peers that send large messages as fast as it reads them and never read a reply: it stays up, keeps
 * answering a well-behaved client and its metrics endpoint, disconnects the peers that hold its memory with a log
 * line that says why, and leaks nothing.
 */
@Timeout(180)
class StandaloneMemoryBoundsIT {

    private static final Pattern METRICS = Pattern.compile("zmtp-server metrics on (http://127\\.0\\.0\\.1:\\d+)/metrics");
    private static final Pattern MEMORY_DISCONNECT = Pattern.compile(
            ".*WARN io\\.zmtp\\.server\\.ZmtpServer - disconnecting peer \\d+ .* over maxQueuedBytes \\d+");
    private static final long FLOOD_BYTES = 1L << 30;

    private final JarProcesses jars = new JarProcesses();
    private final List<FloodingPeer> flooders = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (FloodingPeer flooder : flooders) {
            flooder.close();
        }
        jars.close();
    }

    @Test
    void aSmallServerFloodedByPeersThatNeverReadKeepsServingAWellBehavedClient() throws Exception {
        Process server = jars.start(JarProcesses.SERVER_JAR,
                List.of("-Xmx256m", "-XX:MaxDirectMemorySize=256m", "-Dio.netty.leakDetection.level=paranoid"),
                "--bind", "tcp://127.0.0.1:0", "--metrics-bind", "127.0.0.1:0");
        BlockingQueue<String> out = JarProcesses.lines(server);
        BlockingQueue<String> log = JarProcesses.errorLines(server);
        int port = Integer.parseInt(JarProcesses.awaitLine(out, JarProcesses.LISTENING).group(1));
        String metrics = JarProcesses.awaitLine(out, METRICS).group(1) + "/metrics";

        for (int i = 0; i < 4; i++) {
            flooders.add(new FloodingPeer(port, 4 << 20));
        }
        for (int i = 0; i < 2; i++) {
            flooders.add(new FloodingPeer(port, 15 << 20));
        }

        int echoes = 0;
        try (ZmtpClient client = ZmtpClient.builder().connect("tcp://127.0.0.1:" + port).build()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (echoes < 200 || flooded() < FLOOD_BYTES) {
                assertTrue(System.nanoTime() < deadline, "flooded " + flooded() + " octets and echoed " + echoes
                        + " messages within 120 s");
                byte[] request = ByteBuffer.allocate(1024).putInt(echoes).array();
                client.send(request, Duration.ofSeconds(10));
                byte[] reply = client.receiveBytes(Duration.ofSeconds(10));
                assertArrayEquals(request, reply, "echo " + echoes + " while the server is flooded");
                echoes++;
            }
        }

        List<String> lines = new ArrayList<>();
        log.drainTo(lines);
        for (String line : lines) {
            assertTrue(!line.contains("LEAK") && !line.contains("OutOfDirectMemoryError")
                    && !line.contains("OutOfMemoryError"), line);
        }
        assertTrue(lines.stream().anyMatch(l -> MEMORY_DISCONNECT.matcher(l).matches()),
                "a disconnection for memory is logged through SLF4J:\n" + String.join("\n", lines));
        assertTrue(server.isAlive(), "the server is still running");
        String scrape = get(metrics);
        double disconnected = metric(scrape, "zmtp_server_connection_errors_total\\{reason=\"memory\"}");
        assertTrue(disconnected >= 1, "peers holding unsent replies were disconnected for memory");
        double failed = metric(scrape, "zmtp_server_connection_errors_total\\{reason=\"io\"}");
        System.out.printf("memory bounds: %d MiB flooded by %d peers over %d connections, %d echoes served, "
                + "%.0f disconnected for memory, %.0f connections failed, receive queue %.0f octets, "
                + "send queues %.0f octets%n",
                flooded() >> 20, flooders.size(), flooders.stream().mapToLong(FloodingPeer::connections).sum(),
                echoes, disconnected, failed, metric(scrape, "zmtp_server_receive_queue_bytes"),
                metric(scrape, "zmtp_server_send_queue_bytes"));
        assertEquals(0.0, failed, "no connection failed for want of memory");

        server.destroy(); // SIGTERM
        assertTrue(server.waitFor(30, TimeUnit.SECONDS), "the server stops after SIGTERM");
        assertEquals(0, server.exitValue());
        log.drainTo(lines);
        for (String line : lines) {
            assertTrue(!line.contains("LEAK"), line);
        }
    }

    private long flooded() {
        return flooders.stream().mapToLong(FloodingPeer::sentBytes).sum();
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url);
        return r.body();
    }

    private static double metric(String scrape, String nameAndTags) {
        Matcher m = Pattern.compile("(?m)^" + nameAndTags + " ([0-9.eE+-]+)$").matcher(scrape);
        assertTrue(m.find(), nameAndTags + " in\n" + scrape);
        return Double.parseDouble(m.group(1));
    }
}
