/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.it.interop;

import io.zmtp.client.ZmtpClient;
import io.zmtp.client.ZmtpClientListener;
import io.zmtp.client.ZmtpClientOptions;
import io.zmtp.codec.ZmtpCodecOptions;
import io.zmtp.codec.ZmtpHandshakeFailureReason;
import io.zmtp.codec.mechanism.ZmtpCurveKeyPair;
import io.zmtp.codec.mechanism.ZmtpCurveMechanism;
import io.zmtp.codec.mechanism.ZmtpMechanism;
import io.zmtp.codec.mechanism.ZmtpNullMechanism;
import io.zmtp.codec.mechanism.ZmtpPlainMechanism;
import io.zmtp.codec.transport.ZmtpEndpoint;
import io.zmtp.it.report.InteropCell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins that our {@link ZmtpClient} socket (zmtp-client) exchanges messages byte for byte with the SERVER sockets of
 * libzmq 4.3.4 and zeromq.js 6.8.0 (libzmq 4.3.5), running as processes, under NULL, PLAIN and CURVE, and that the
 * peers' ZAP handlers and CURVE servers refuse it when its credentials are wrong. {@link ClientCodecInteropIT} pins
 * the bare codec against the same peers; {@link SecureInteropIT} is the other direction (our server, their clients).
 */
@Timeout(90)
class ClientSocketInteropIT {

    /** Messages each client sends under NULL, cycling through {@link PayloadPattern#SIZES} (143 of them 1 MiB). */
    private static final int NULL_MESSAGES = 1_000;

    /** Messages the client sends under PLAIN and CURVE, cycling through {@link PayloadPattern#FEW_SIZES} twice. */
    private static final int SECURE_MESSAGES = 2 * PayloadPattern.FEW_SIZES.length;

    /** Messages in flight at once on one client, as the peer programs' default {@code --window}. */
    private static final int WINDOW = 8;

    /** Bound on every wait for a peer, a handshake, a send or an echo. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final List<PeerProcess> peers = new ArrayList<>();
    private final List<ZmtpClient> clients = new ArrayList<>();
    private final Events events = new Events();

    @AfterEach
    void stop() {
        try {
            clients.forEach(ZmtpClient::close);
        } finally {
            PeerProcess.closeAll(peers);
        }
    }

    // ------------------------------------------------------------------------------------------------ NULL

    @InteropCell(role = "SERVER ← our ZmtpClient ×2")
    @ParameterizedTest(name = "{0}")
    @EnumSource(InteropPeer.class)
    void nullExchangesEveryPayloadSizeByteForByteOnTwoClientsEachGettingItsOwnReplies(InteropPeer implementation)
            throws Exception {
        PeerProcess server = startServer(implementation, "--mechanism", "null");
        String endpoint = endpoint(server);
        ZmtpClient first = client(endpoint, ZmtpNullMechanism.INSTANCE);
        ZmtpClient second = client(endpoint, ZmtpNullMechanism.INSTANCE);

        // Both clients in flight at once, with different seeds: a reply the SERVER routes to the wrong connection
        // fails that client's byte-for-byte check.
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> one = threads.submit(() -> exchange(first, server, 11, NULL_MESSAGES, PayloadPattern.SIZES));
            Future<?> two = threads.submit(() -> exchange(second, server, 22, NULL_MESSAGES, PayloadPattern.SIZES));
            for (Future<?> exchange : List.of(one, two)) {
                try {
                    exchange.get(2 * WAIT.toSeconds(), TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof AssertionError ? (AssertionError) e.getCause()
                            : new AssertionError("exchange failed\n" + server.describe(), e.getCause());
                }
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(2, events.connected.size(), () -> "connections: " + events.connected);
        assertServerUntroubled(server);
    }

    // ------------------------------------------------------------------------------------------------ PLAIN

    @InteropCell(role = "SERVER ← our ZmtpClient", mechanism = "PLAIN")
    @ParameterizedTest(name = "{0}")
    @EnumSource(InteropPeer.class)
    void plainExchangesEveryPayloadSizeByteForByteWithAServerWhoseZapHandlerAcceptsIt(InteropPeer implementation)
            throws Exception {
        PeerProcess server = startServer(implementation, "--mechanism", "plain",
                "--plain-user", TestKeys.PLAIN_USER, "--plain-password", TestKeys.PLAIN_PASSWORD);
        ZmtpClient client = client(endpoint(server),
                ZmtpPlainMechanism.client(TestKeys.PLAIN_USER, TestKeys.PLAIN_PASSWORD));

        exchange(client, server, 7, SECURE_MESSAGES, PayloadPattern.FEW_SIZES);
        assertEquals(1, events.connected.size(), () -> "connections: " + events.connected);
        assertServerUntroubled(server);
    }

    @InteropCell(role = "SERVER ← our ZmtpClient: wrong password refused", mechanism = "PLAIN")
    @ParameterizedTest(name = "{0}")
    @EnumSource(InteropPeer.class)
    void plainWithAWrongPasswordIsRefusedByTheServersZapHandlerWithAuthentication(InteropPeer implementation)
            throws Exception {
        PeerProcess server = startServer(implementation, "--mechanism", "plain",
                "--plain-user", TestKeys.PLAIN_USER, "--plain-password", TestKeys.PLAIN_PASSWORD);
        ZmtpClient client = client(endpoint(server),
                ZmtpPlainMechanism.client(TestKeys.PLAIN_USER, TestKeys.WRONG_PASSWORD));

        // ZAP 400 => the SERVER sends ERROR "400". libzmq's PLAIN mechanism (4.3.4 and 4.3.5 alike) writes that
        // ERROR malformed: src/plain_common.hpp has error_prefix[] = "\x05ERROR", where the hex escape swallows the
        // 'E' (\x05E = 0x5E), so the command is 04 09 5E 'RROR' 03 '400'. The codec reads that form as the ERROR it
        // means, so the refusal is reported as what it is.
        HandshakeFailure failure = events.awaitHandshakeFailure(server);
        assertEquals(ZmtpHandshakeFailureReason.AUTHENTICATION, failure.reason(), failure::toString);
        assertRefused(client, server, "ZAP handler refused PLAIN user '" + TestKeys.PLAIN_USER + "'");
    }

    // ------------------------------------------------------------------------------------------------ CURVE

    @InteropCell(role = "SERVER ← our ZmtpClient", mechanism = "CURVE")
    @ParameterizedTest(name = "{0}")
    @EnumSource(InteropPeer.class)
    void curveWithAFreshClientKeyExchangesEveryPayloadSizeByteForByteWithAServerWithoutZap(InteropPeer implementation)
            throws Exception {
        // No --curve-allow: no ZAP handler, the SERVER accepts any client that knows its key ("Stonehouse").
        PeerProcess server = startServer(implementation, "--mechanism", "curve",
                "--curve-secret-key", TestKeys.SERVER_SECRET, "--curve-public-key", TestKeys.SERVER_PUBLIC);
        ZmtpClient client = client(endpoint(server), ZmtpCurveMechanism.client(TestKeys.serverPublicKey()));

        exchange(client, server, 8, SECURE_MESSAGES, PayloadPattern.FEW_SIZES);
        assertEquals(1, events.connected.size(), () -> "connections: " + events.connected);
        assertServerUntroubled(server);
    }

    @InteropCell(role = "SERVER with ZAP allow-list ← our ZmtpClient", mechanism = "CURVE")
    @ParameterizedTest(name = "{0}")
    @EnumSource(InteropPeer.class)
    void curveWithTheAllowedClientKeyExchangesEveryPayloadSizeByteForByteWithAServerWithZap(InteropPeer implementation)
            throws Exception {
        PeerProcess server = startServer(implementation, "--mechanism", "curve",
                "--curve-secret-key", TestKeys.SERVER_SECRET, "--curve-allow", TestKeys.CLIENT_PUBLIC);
        ZmtpClient client = client(endpoint(server),
                ZmtpCurveMechanism.client(TestKeys.serverPublicKey(), TestKeys.clientKeys()));

        exchange(client, server, 9, SECURE_MESSAGES, PayloadPattern.FEW_SIZES);
        assertEquals(1, events.connected.size(), () -> "connections: " + events.connected);
        assertServerUntroubled(server);
    }

    @InteropCell(role = "SERVER ← our ZmtpClient: unknown client key refused", mechanism = "CURVE")
    @ParameterizedTest(name = "{0}")
    @EnumSource(InteropPeer.class)
    void curveWithAnUnlistedClientKeyIsRefusedByTheServersZapHandlerWithAuthentication(InteropPeer implementation)
            throws Exception {
        PeerProcess server = startServer(implementation, "--mechanism", "curve",
                "--curve-secret-key", TestKeys.SERVER_SECRET, "--curve-allow", TestKeys.CLIENT_PUBLIC);
        ZmtpCurveKeyPair stranger = ZmtpCurveKeyPair.generate();
        ZmtpClient client = client(endpoint(server), ZmtpCurveMechanism.client(TestKeys.serverPublicKey(), stranger));

        // ZAP 400 => the SERVER sends ERROR "400" instead of READY => our client reports AUTHENTICATION.
        HandshakeFailure failure = events.awaitHandshakeFailure(server);
        assertEquals(ZmtpHandshakeFailureReason.AUTHENTICATION, failure.reason(), failure::toString);
        assertRefused(client, server, "ZAP handler refused CURVE client key " + stranger.publicKeyZ85());
    }

    @InteropCell(role = "SERVER ← our ZmtpClient: wrong server key fails", mechanism = "CURVE")
    @ParameterizedTest(name = "{0}")
    @EnumSource(InteropPeer.class)
    void curveWithTheWrongServerKeyNeverCompletesItsHandshake(InteropPeer implementation) throws Exception {
        PeerProcess server = startServer(implementation, "--mechanism", "curve",
                "--curve-secret-key", TestKeys.SERVER_SECRET);
        // The client's public key stands in for the server's: a valid key, just not the one the SERVER holds.
        ZmtpClient client = client(endpoint(server),
                ZmtpCurveMechanism.client(TestKeys.clientPublicKey(), TestKeys.clientKeys()));

        // libzmq drops a HELLO whose signature box does not open without a word (no ERROR): the connection closes.
        HandshakeFailure failure = events.awaitHandshakeFailure(server);
        assertEquals(ZmtpHandshakeFailureReason.CLOSED, failure.reason(), failure::toString);
        assertRefused(client, server, null);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private PeerProcess startServer(InteropPeer implementation, String... security) {
        List<String> args = new ArrayList<>(List.of(security));
        args.addAll(List.of("--bind", "tcp://127.0.0.1:*"));
        PeerProcess server = implementation.startServer(args.toArray(String[]::new));
        peers.add(server);
        return server;
    }

    private static String endpoint(PeerProcess server) throws InterruptedException {
        String endpoint = server.awaitStdoutLine(WAIT);
        assertEquals("127.0.0.1", URI.create(endpoint).getHost(), server::describe);
        return endpoint;
    }

    private ZmtpClient client(String endpoint, ZmtpMechanism mechanism) {
        ZmtpClientOptions options = ZmtpClientOptions.builder()
                .codecOptions(ZmtpCodecOptions.builder().mechanism(mechanism).build())
                .build();
        ZmtpClient client = ZmtpClient.builder().connect(endpoint).options(options).listener(events).build();
        clients.add(client);
        return client;
    }

    /**
     * Sends {@code count} messages cycling through {@code sizes}, up to {@link #WINDOW} ahead of their echoes, and
     * checks every echo byte for byte and in order.
     */
    private static Void exchange(ZmtpClient client, PeerProcess server, int seed, int count, int[] sizes)
            throws InterruptedException {
        int sent = 0;
        int received = 0;
        while (received < count) {
            if (sent < count && sent - received < WINDOW) {
                int size = sizes[sent % sizes.length];
                try {
                    client.send(PayloadPattern.message(seed, sent, size), WAIT);
                } catch (RuntimeException e) {
                    throw new AssertionError("sending message #" + sent + " (" + size + " octets) failed\n"
                            + server.describe(), e);
                }
                sent++;
            } else {
                int k = received;
                int size = sizes[k % sizes.length];
                byte[] echo = client.receiveBytes(WAIT);
                assertNotNull(echo, () -> "no echo of message #" + k + " (" + size + " octets) within " + WAIT
                        + " on " + client + "\n" + server.describe());
                assertArrayEquals(PayloadPattern.message(seed, k, size), echo,
                        () -> "echo of message #" + k + " (" + size + " octets, seed " + seed + ")");
                received++;
            }
        }
        return null;
    }

    /** The SERVER peer still runs and complained about nothing; our client had no failed handshake. */
    private void assertServerUntroubled(PeerProcess server) {
        assertTrue(events.handshakeFailures.isEmpty(), () -> "failed handshakes: " + events.handshakeFailures);
        assertTrue(server.isAlive(), server::describe);
        assertEquals("", server.stderr(), server::describe);
    }

    /**
     * The client never had a ready connection, the server peer still runs, and its stderr holds
     * {@code refusal} (the ZAP handler's line) when given.
     */
    private void assertRefused(ZmtpClient client, PeerProcess server, String refusal) throws InterruptedException {
        assertEquals(0, client.readyConnections(), server::describe);
        assertTrue(events.connected.isEmpty(), () -> "a refused client connected: " + events.connected);
        assertTrue(server.isAlive(), server::describe);
        if (refusal != null) {
            server.awaitStderr(refusal, WAIT);
        }
    }

    /** A handshake failure our client reported. */
    private record HandshakeFailure(ZmtpEndpoint endpoint, ZmtpHandshakeFailureReason reason, String message) {
    }

    /** Records the clients' connection events for the test thread. */
    private static final class Events implements ZmtpClientListener {
        final BlockingQueue<SocketAddress> connected = new LinkedBlockingQueue<>();
        final BlockingQueue<HandshakeFailure> handshakeFailures = new LinkedBlockingQueue<>();

        @Override
        public void connected(ZmtpEndpoint endpoint, SocketAddress remoteAddress) {
            connected.add(remoteAddress);
        }

        @Override
        public void handshakeFailed(ZmtpEndpoint endpoint, ZmtpHandshakeFailureReason reason, String message) {
            handshakeFailures.add(new HandshakeFailure(endpoint, reason, message));
        }

        HandshakeFailure awaitHandshakeFailure(PeerProcess server) throws InterruptedException {
            HandshakeFailure failure = handshakeFailures.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(failure, () -> "no handshake failure within " + WAIT + "\n" + server.describe());
            return failure;
        }
    }
}
