/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.it.interop;

import io.zmtp.client.ZmtpClient;
import io.zmtp.client.ZmtpClientOptions;
import io.zmtp.codec.ZmtpCodecOptions;
import io.zmtp.codec.mechanism.ZmtpCurveKeyPair;
import io.zmtp.codec.mechanism.ZmtpCurveMechanism;
import io.zmtp.it.JeromqConnects;
import io.zmtp.it.TestResources;
import io.zmtp.it.report.InteropCell;
import io.zmtp.testcontainers.ZmtpServerContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.utility.DockerImageName;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our standalone server in a container ({@link ZmtpServerContainer}, image from {@code zmtp-server/Dockerfile})
 * serving, on the host, our {@link ZmtpClient} and a JeroMQ 0.6.0 CLIENT at once, then its Prometheus metrics
 * scraped from the container; and the same image serving CURVE with keys handed in through the container class.
 */
@Timeout(300)
class ServerContainerIT {

    private static final int MESSAGES_PER_CLIENT = 1_000;
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** A JeroMQ connection that never greets ({@link JeromqConnects}) is replaced after this long. */
    private static final long JEROMQ_CONNECT_ATTEMPT_MILLIS = 3_000;
    private static final int JEROMQ_CONNECT_ATTEMPTS = JeromqConnects.ATTEMPTS;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    @RegisterExtension
    final TestResources resources = new TestResources();

    private ZmtpServerContainer startServer(ZmtpServerContainer container) {
        resources.add(container.withImagePullPolicy(ContainerImages.NEVER_PULL));
        container.start();
        return container;
    }

    @InteropCell(peer = "JeroMQ", version = "0.6.0", runs = "in-process + container",
            role = "CLIENT (host) → our zmtp-server container")
    @InteropCell(peer = "zmtp-netty", version = "this build", runs = "in-process + container",
            role = "our ZmtpClient (host) → our zmtp-server container")
    @Test
    void servesOurClientAndAJeromqClientOnTheHostAtOnceAndCountsThemInItsMetrics() throws Exception {
        DockerImageName image = ContainerImages.server();
        ZmtpServerContainer server = startServer(new ZmtpServerContainer(image));
        String endpoint = server.getZmtpEndpoint();

        assertEquals(200, get(server.getHealthUrl()).statusCode(), "GET /health");

        // JeroMQ first: its connection is known to be up when the server's handshake count grows.
        ZContext context = resources.add(new ZContext());
        ZMQ.Socket jeromq = connectJeromq(context, endpoint, server);
        ZmtpClient ours = resources.add(ZmtpClient.builder().connect(endpoint).build());

        // Both clients run at once, with different seeds: a reply routed to the wrong client fails its check.
        CompletableFuture<Void> oursDone = WindowedEcho.start(11, MESSAGES_PER_CLIENT, WindowedEcho.of(ours, WAIT));
        CompletableFuture<Void> jeromqDone = WindowedEcho.start(22, MESSAGES_PER_CLIENT, WindowedEcho.of(jeromq));
        WindowedEcho.await(oursDone, "our ZmtpClient", WAIT.multipliedBy(4));
        WindowedEcho.await(jeromqDone, "the JeroMQ CLIENT", WAIT.multipliedBy(4));

        // A message counts as sent once its write completes, which the server may learn just after the client
        // has read it: the counters settle within moments.
        String metrics = get(server.getMetricsUrl()).body();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (PrometheusText.value(metrics, "zmtp_server_messages_sent_total", "") < 2.0 * MESSAGES_PER_CLIENT
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
            metrics = get(server.getMetricsUrl()).body();
        }
        String scraped = metrics;
        assertEquals(2.0 * MESSAGES_PER_CLIENT, PrometheusText.value(scraped, "zmtp_server_messages_received_total",
                ""), () -> "messages received, metrics:\n" + scraped);
        assertEquals(2.0 * MESSAGES_PER_CLIENT, PrometheusText.value(scraped, "zmtp_server_messages_sent_total", ""),
                () -> "every message echoed, metrics:\n" + scraped);
        assertEquals(PayloadPattern.totalBytes(MESSAGES_PER_CLIENT) * 2.0,
                PrometheusText.value(scraped, "zmtp_server_bytes_received_total", ""), "payload octets received");
        assertEquals(PayloadPattern.totalBytes(MESSAGES_PER_CLIENT) * 2.0,
                PrometheusText.value(scraped, "zmtp_server_bytes_sent_total", ""), "payload octets echoed");
        assertEquals(2.0, PrometheusText.value(scraped, "zmtp_server_connections_active", ""), "active connections");
    }

    @InteropCell(peer = "zmtp-netty", version = "this build", runs = "in-process + container",
            role = "our ZmtpClient (host) → our zmtp-server container with allow-list", mechanism = "CURVE")
    @Test
    void servesCurveWithTheKeysGivenToTheContainerAndRefusesAClientKeyNotOnItsAllowList() throws Exception {
        DockerImageName image = ContainerImages.server();
        ZmtpServerContainer server = startServer(new ZmtpServerContainer(image)
                .withCurveSecretKey(TestKeys.SERVER_SECRET)
                .withCurveAllow(List.of(TestKeys.CLIENT_PUBLIC)));
        assertEquals(TestKeys.SERVER_PUBLIC, server.getCurvePublicKey(), "the public key the server printed");

        ZmtpClient listed = resources.add(curveClient(server, TestKeys.clientKeys()));
        for (int k = 0; k < PayloadPattern.FEW_SIZES.length; k++) {
            byte[] payload = PayloadPattern.message(33, k, PayloadPattern.FEW_SIZES[k]);
            listed.send(payload, WAIT);
            assertArrayEquals(payload, listed.receiveBytes(WAIT), "CURVE echo of " + payload.length + " octets");
        }

        ZmtpClient stranger = resources.add(curveClient(server, ZmtpCurveKeyPair.generate()));
        long deadline = System.nanoTime() + WAIT.toNanos();
        double refused = 0;
        while (refused < 1 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            refused = PrometheusText.value(get(server.getMetricsUrl()).body(), "zmtp_server_handshakes_total",
                    "outcome=\"failure\",reason=\"authentication\"");
        }
        assertTrue(refused >= 1, "the server counts the unknown client key as an authentication failure");
        assertEquals(0, stranger.readyConnections(), "a refused client never gets a ready connection");
    }

    private static ZmtpClient curveClient(ZmtpServerContainer server, ZmtpCurveKeyPair clientKeys) {
        ZmtpCurveMechanism curve = ZmtpCurveMechanism.client(TestKeys.serverPublicKey(), clientKeys);
        return ZmtpClient.builder()
                .options(ZmtpClientOptions.builder()
                        .codecOptions(ZmtpCodecOptions.builder().mechanism(curve).build())
                        .build())
                .connect(server.getZmtpEndpoint())
                .build();
    }

    /**
     * Connects a JeroMQ CLIENT to the container; the server's own handshake counter tells when the connection is
     * up, and a socket that stays silent is replaced.
     */
    private ZMQ.Socket connectJeromq(ZContext context, String endpoint, ZmtpServerContainer server)
            throws Exception {
        for (int attempt = 1; attempt <= JEROMQ_CONNECT_ATTEMPTS; attempt++) {
            double before = successfulHandshakes(server);
            ZMQ.Socket socket = context.createSocket(SocketType.CLIENT);
            socket.setLinger(0);
            socket.setReceiveTimeOut((int) WAIT.toMillis());
            socket.setSendTimeOut((int) WAIT.toMillis());
            assertTrue(socket.connect(endpoint));
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JEROMQ_CONNECT_ATTEMPT_MILLIS);
            while (System.nanoTime() < deadline) {
                if (successfulHandshakes(server) > before) {
                    return socket;
                }
                Thread.sleep(50);
            }
            socket.close();
        }
        throw new AssertionError("no JeroMQ CLIENT completed a handshake with the container in "
                + JEROMQ_CONNECT_ATTEMPTS + " attempts");
    }

    private double successfulHandshakes(ZmtpServerContainer server) throws IOException, InterruptedException {
        return PrometheusText.value(get(server.getMetricsUrl()).body(), "zmtp_server_handshakes_total",
                "outcome=\"success\"");
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
