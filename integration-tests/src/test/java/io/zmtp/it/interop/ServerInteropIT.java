/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.it.interop;

import io.zmtp.codec.ZmtpCodecOptions;
import io.zmtp.codec.ZmtpHandshakeFailureReason;
import io.zmtp.it.report.InteropCell;
import io.zmtp.server.ZmtpServer;
import io.zmtp.server.ZmtpServerListener;
import io.zmtp.server.ZmtpServerMessage;
import io.zmtp.server.ZmtpServerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins that our {@link ZmtpServer} serves CLIENT peers of independent ZeroMQ implementations (libzmq 4.3.4 and
 * zeromq.js 6.8.0, as processes) and refuses the ones it must refuse.
 */
@Timeout(90)
class ServerInteropIT {

    /** Messages each CLIENT peer sends, cycling through {@link PayloadPattern#SIZES} (so 143 of them are 1 MiB). */
    private static final int MESSAGES_PER_PEER = 1_000;

    /** Bound on every wait for the server or a peer. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final List<PeerProcess> peers = new ArrayList<>();
    private final Events events = new Events();
    private final Map<Integer, AtomicInteger> messagesByPeer = new ConcurrentHashMap<>();
    private final AtomicLong largestMessage = new AtomicLong(-1);
    /** Echoes wait until this many peers have connected; 0 (the default) lets them through at once. */
    private volatile CountDownLatch echoGate = new CountDownLatch(0);

    @AfterEach
    void killPeers() {
        PeerProcess.closeAll(peers);
    }

    @InteropCell(role = "CLIENT ×2 → our ZmtpServer")
    @ParameterizedTest(name = "{0}")
    @EnumSource(InteropPeer.class)
    void echoesEveryPayloadSizeByteForByteToTwoConcurrentClientsEachGettingItsOwnReplies(InteropPeer implementation)
            throws Exception {
        // No echo until both peers are connected: the two are then certainly served at the same time.
        echoGate = new CountDownLatch(2);
        try (ZmtpServer server = echoServer(ZmtpServerOptions.defaults())) {
            String endpoint = endpoint(server);
            // Different seeds: a reply routed to the wrong peer fails that peer's byte-for-byte check.
            PeerProcess first = start(implementation.startClient("--mechanism", "null", "--connect", endpoint,
                    "--count", String.valueOf(MESSAGES_PER_PEER), "--sizes", PayloadPattern.SIZES_ARGUMENT,
                    "--seed", "11", "--window", "8"));
            PeerProcess second = start(implementation.startClient("--mechanism", "null", "--connect", endpoint,
                    "--count", String.valueOf(MESSAGES_PER_PEER), "--sizes", PayloadPattern.SIZES_ARGUMENT,
                    "--seed", "22", "--window", "8"));

            String expected = "ok: " + MESSAGES_PER_PEER + " messages, "
                    + PayloadPattern.totalBytes(MESSAGES_PER_PEER) + " bytes echoed byte for byte";
            assertEquals(expected, first.awaitSuccess(WAIT).strip(), first::describe);
            assertEquals(expected, second.awaitSuccess(WAIT).strip(), second::describe);

            assertEquals(2, messagesByPeer.size(), () -> "routing ids that sent messages: " + messagesByPeer);
            messagesByPeer.forEach((routingId, count) -> assertEquals(MESSAGES_PER_PEER, count.get(),
                    () -> "messages from routing id " + Integer.toUnsignedString(routingId)));
            assertEquals(2, events.connected.size(), () -> "peers connected: " + events.connected);
            assertTrue(events.handshakeFailures.isEmpty(), () -> "failed handshakes: " + events.handshakeFailures);
        }
    }

    @InteropCell(peer = "libzmq", version = "4.3.4 (drafts)", role = "DEALER → our ZmtpServer: refused (socket type)")
    @Test
    void refusesLibzmqDealerBySocketTypeAndDeliversNothingFromIt() throws Exception {
        try (ZmtpServer server = echoServer(ZmtpServerOptions.defaults())) {
            // The DEALER queues its message at once; it would be delivered if the handshake were (wrongly) accepted.
            PeerProcess dealer = start(InteropPeer.LIBZMQ.startClient("--mechanism", "null", "--connect",
                    endpoint(server), "--socket-type", "dealer", "--count", "1", "--sizes", "5",
                    "--timeout-ms", "1000"));

            HandshakeFailure failure = events.handshakeFailures.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(failure, () -> "no handshake failure within " + WAIT + ": " + dealer.describe());
            assertEquals(ZmtpHandshakeFailureReason.SOCKET_TYPE, failure.reason(), failure::toString);

            assertEquals(3, dealer.awaitExit(WAIT), dealer::describe);
            assertTrue(dealer.stderr().contains("no echo of message #0 (5 bytes)"), dealer::describe);
            assertTrue(events.connected.isEmpty(), () -> "a DEALER was registered as a peer: " + events.connected);
            assertTrue(messagesByPeer.isEmpty(), () -> "messages delivered from a DEALER: " + messagesByPeer);
        }
    }

    @InteropCell(peer = "libzmq", version = "4.3.4 (drafts)",
            role = "CLIENT → our ZmtpServer: frame above max size cut off, others served")
    @Test
    void cutsOffLibzmqClientSendingAFrameAboveMaxFrameSizeAndKeepsServingAnotherClient() throws Exception {
        ZmtpServerOptions options = ZmtpServerOptions.builder()
                .codecOptions(ZmtpCodecOptions.builder().maxFrameSize(1024).maxMessageSize(1024).build())
                .build();
        try (ZmtpServer server = echoServer(options)) {
            String endpoint = endpoint(server);
            PeerProcess oversized = start(InteropPeer.LIBZMQ.startClient("--mechanism", "null", "--connect",
                    endpoint, "--count", "1", "--sizes", "2048", "--timeout-ms", "2000"));

            Integer cutOff = events.connected.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(cutOff, () -> "the libzmq CLIENT did not connect within " + WAIT + ": " + oversized.describe());
            assertEquals(cutOff, events.disconnected.poll(WAIT.toSeconds(), TimeUnit.SECONDS),
                    () -> "the peer that sent 2048 octets was not disconnected: " + oversized.describe());
            // Still waiting for its echo: the server closed the connection, the peer did not leave.
            assertTrue(oversized.isAlive(), oversized::describe);

            PeerProcess wellBehaved = start(InteropPeer.LIBZMQ.startClient("--mechanism", "null", "--connect",
                    endpoint, "--count", "100", "--sizes", "0,1,255,256,1024", "--seed", "33"));
            assertTrue(wellBehaved.awaitSuccess(WAIT).startsWith("ok: 100 messages,"), wellBehaved::describe);

            assertEquals(3, oversized.awaitExit(WAIT), oversized::describe);
            assertTrue(oversized.stderr().contains("no echo of message #0 (2048 bytes)"), oversized::describe);
            assertEquals(1024, largestMessage.get(), "largest message the server delivered");
            assertEquals(1, messagesByPeer.size(), () -> "routing ids that sent messages: " + messagesByPeer);
        }
    }

    private ZmtpServer echoServer(ZmtpServerOptions options) {
        return ZmtpServer.builder()
                .bind("tcp://127.0.0.1:0")
                .options(options)
                .listener(events)
                .messageHandler(this::echo)
                .build();
    }

    /** Counts the message per peer and sends it back; the send takes ownership of the payload. */
    private void echo(ZmtpServer server, ZmtpServerMessage message) throws InterruptedException {
        if (!echoGate.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            message.release();
            throw new IllegalStateException("the peers did not all connect within " + WAIT);
        }
        messagesByPeer.computeIfAbsent(message.routingId(), id -> new AtomicInteger()).incrementAndGet();
        largestMessage.accumulateAndGet(message.content().readableBytes(), Math::max);
        try {
            server.send(message.routingId(), message.content());
        } catch (RuntimeException e) {
            message.release(); // a failed send leaves the payload with us
            throw e;
        }
    }

    private PeerProcess start(PeerProcess peer) {
        peers.add(peer);
        return peer;
    }

    private static String endpoint(ZmtpServer server) {
        return "tcp://127.0.0.1:" + server.endpoints().get(0).port();
    }

    /** A handshake failure the server reported. */
    private record HandshakeFailure(SocketAddress remoteAddress, ZmtpHandshakeFailureReason reason, String message) {
    }

    /** Records the server's connection events for the test thread, and opens the echo gate as peers connect. */
    private final class Events implements ZmtpServerListener {
        final BlockingQueue<Integer> connected = new LinkedBlockingQueue<>();
        final BlockingQueue<Integer> disconnected = new LinkedBlockingQueue<>();
        final BlockingQueue<HandshakeFailure> handshakeFailures = new LinkedBlockingQueue<>();

        @Override
        public void peerConnected(int routingId, SocketAddress remoteAddress) {
            connected.add(routingId);
            echoGate.countDown();
        }

        @Override
        public void handshakeFailed(SocketAddress remoteAddress, ZmtpHandshakeFailureReason reason, String message) {
            handshakeFailures.add(new HandshakeFailure(remoteAddress, reason, message));
        }

        @Override
        public void peerDisconnected(int routingId, SocketAddress remoteAddress, int undelivered) {
            disconnected.add(routingId);
        }
    }
}
