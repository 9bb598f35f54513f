/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.it.interop;

import io.zmtp.codec.ZmtpCodecOptions;
import io.zmtp.codec.ZmtpHandshakeFailureReason;
import io.zmtp.codec.mechanism.Z85;
import io.zmtp.codec.mechanism.ZmtpAuthRequest;
import io.zmtp.codec.mechanism.ZmtpAuthResult;
import io.zmtp.codec.mechanism.ZmtpAuthenticator;
import io.zmtp.codec.mechanism.ZmtpCurveAllowList;
import io.zmtp.codec.mechanism.ZmtpCurveKeyPair;
import io.zmtp.codec.mechanism.ZmtpCurveMechanism;
import io.zmtp.codec.mechanism.ZmtpMechanism;
import io.zmtp.codec.mechanism.ZmtpPlainMechanism;
import io.zmtp.it.report.InteropCell;
import io.zmtp.server.ZmtpServer;
import io.zmtp.server.ZmtpServerListener;
import io.zmtp.server.ZmtpServerMessage;
import io.zmtp.server.ZmtpServerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins that our {@link ZmtpServer} with PLAIN (24/ZMTP-PLAIN) and CURVE (25/ZMTP-CURVE, 26/CurveZMQ) serves the
 * CLIENT sockets of libzmq 4.3.4 and zeromq.js 6.8.0 (libzmq 4.3.5), running as processes, byte for byte, and refuses
 * the ones presenting wrong credentials: a wrong PLAIN password, a wrong CURVE server key, an unlisted CURVE client
 * key. The peers' own side of the matrix (their SERVER sockets with their ZAP handlers) is in
 * {@link ClientSocketInteropIT}.
 */
@Timeout(90)
class SecureInteropIT {

    /** Messages each CLIENT peer sends, cycling through {@link PayloadPattern#FEW_SIZES} twice. */
    private static final int MESSAGES = 2 * PayloadPattern.FEW_SIZES.length;

    /** Bound on every wait for the server or a peer. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    /**
     * How long a refused peer waits for the echo of its one message before it gives up (exit status 3). It must be
     * long enough for a wrongly accepted handshake to complete and echo, which takes milliseconds here.
     */
    private static final String REFUSED_PEER_TIMEOUT_MS = "1000";

    private final List<PeerProcess> peers = new ArrayList<>();
    private final Events events = new Events();
    /** Every request our server's authenticator was asked about, in order. */
    private final BlockingQueue<ZmtpAuthRequest> authRequests = new LinkedBlockingQueue<>();
    /** What the echo handler saw of each message: its peer's user id and size. */
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    @AfterEach
    void killPeers() {
        PeerProcess.closeAll(peers);
    }

    // ------------------------------------------------------------------------------------------------ PLAIN

    @InteropCell(role = "CLIENT → our ZmtpServer", mechanism = "PLAIN")
    @ParameterizedTest(name = "{0}")
    @EnumSource(InteropPeer.class)
    void plainServerEchoesEveryPayloadSizeByteForByteToAClientWithTheRightPassword(InteropPeer implementation)
            throws Exception {
        try (ZmtpServer server = echoServer(plainServer())) {
            PeerProcess client = start(implementation.startClient("--mechanism", "plain", "--connect", endpoint(server),
                    "--plain-user", TestKeys.PLAIN_USER, "--plain-password", TestKeys.PLAIN_PASSWORD,
                    "--count", String.valueOf(MESSAGES), "--sizes", PayloadPattern.FEW_SIZES_ARGUMENT, "--seed", "7"));

            assertEquals(PayloadPattern.peerSummary(PayloadPattern.FEW_SIZES, MESSAGES),
                    client.awaitSuccess(WAIT).strip(), client::describe);
            ZmtpAuthRequest request = authRequests.poll();
            assertNotNull(request, "the authenticator was never asked");
            assertEquals("PLAIN", request.mechanism());
            assertEquals(TestKeys.PLAIN_USER, request.username());
            assertEquals(TestKeys.PLAIN_PASSWORD, request.passwordString());
            assertAllReceivedFrom(TestKeys.PLAIN_USER, client);
            assertEquals(1, events.connected.size(), () -> "peers connected: " + events.connected);
            assertTrue(events.handshakeFailures.isEmpty(), () -> "failed handshakes: " + events.handshakeFailures);
        }
    }

    @InteropCell(role = "CLIENT → our ZmtpServer: wrong password refused", mechanism = "PLAIN")
    @ParameterizedTest(name = "{0}")
    @EnumSource(InteropPeer.class)
    void plainServerRefusesAWrongPasswordWithAuthenticationAndEchoesNothing(InteropPeer implementation)
            throws Exception {
        try (ZmtpServer server = echoServer(plainServer())) {
            PeerProcess client = start(implementation.startClient("--mechanism", "plain", "--connect", endpoint(server),
                    "--plain-user", TestKeys.PLAIN_USER, "--plain-password", TestKeys.WRONG_PASSWORD,
                    "--count", "1", "--sizes", "5", "--timeout-ms", REFUSED_PEER_TIMEOUT_MS));

            HandshakeFailure failure = events.awaitHandshakeFailure(client);
            assertEquals(ZmtpHandshakeFailureReason.AUTHENTICATION, failure.reason(), failure::toString);
            ZmtpAuthRequest request = authRequests.poll();
            assertNotNull(request, "the authenticator was never asked");
            assertEquals(TestKeys.WRONG_PASSWORD, request.passwordString());
            assertRefusedPeerGotNoEcho(client);
        }
    }

    // ------------------------------------------------------------------------------------------------ CURVE

    @InteropCell(role = "CLIENT → our ZmtpServer", mechanism = "CURVE")
    @ParameterizedTest(name = "{0}")
    @EnumSource(InteropPeer.class)
    void curveServerWithoutClientAuthenticationEchoesEveryPayloadSizeByteForByte(InteropPeer implementation)
            throws Exception {
        // libzmq's "Stonehouse": any client that knows the server key; the authenticator still sees the client key.
        try (ZmtpServer server = echoServer(curveServer(ZmtpAuthenticator.ALLOW_ALL))) {
            PeerProcess client = start(implementation.startClient(curveClientArguments(endpoint(server),
                    TestKeys.SERVER_PUBLIC, TestKeys.CLIENT_PUBLIC, TestKeys.CLIENT_SECRET,
                    "--count", String.valueOf(MESSAGES), "--sizes", PayloadPattern.FEW_SIZES_ARGUMENT, "--seed", "8")));

            assertEquals(PayloadPattern.peerSummary(PayloadPattern.FEW_SIZES, MESSAGES),
                    client.awaitSuccess(WAIT).strip(), client::describe);
            ZmtpAuthRequest request = authRequests.poll();
            assertNotNull(request, "the authenticator was never asked");
            assertEquals("CURVE", request.mechanism());
            assertEquals(TestKeys.CLIENT_PUBLIC, Z85.encode(request.clientPublicKey()),
                    "the client's permanent public key, as it vouched for it in INITIATE");
            assertAllReceivedFrom(null, client);
            assertTrue(events.handshakeFailures.isEmpty(), () -> "failed handshakes: " + events.handshakeFailures);
        }
    }

    @InteropCell(role = "CLIENT → our ZmtpServer with allow-list", mechanism = "CURVE")
    @ParameterizedTest(name = "{0}")
    @EnumSource(InteropPeer.class)
    void curveServerWithAnAllowListEchoesEveryPayloadSizeByteForByteToAListedClient(InteropPeer implementation)
            throws Exception {
        ZmtpCurveAllowList allowList = ZmtpCurveAllowList.of(List.of(TestKeys.clientPublicKey()));
        try (ZmtpServer server = echoServer(curveServer(allowList))) {
            PeerProcess client = start(implementation.startClient(curveClientArguments(endpoint(server),
                    TestKeys.SERVER_PUBLIC, TestKeys.CLIENT_PUBLIC, TestKeys.CLIENT_SECRET,
                    "--count", String.valueOf(MESSAGES), "--sizes", PayloadPattern.FEW_SIZES_ARGUMENT, "--seed", "9")));

            assertEquals(PayloadPattern.peerSummary(PayloadPattern.FEW_SIZES, MESSAGES),
                    client.awaitSuccess(WAIT).strip(), client::describe);
            // The allow-list names an accepted client by its public key in Z85, as libzmq's zauth does.
            assertAllReceivedFrom(TestKeys.CLIENT_PUBLIC, client);
            assertTrue(events.handshakeFailures.isEmpty(), () -> "failed handshakes: " + events.handshakeFailures);
        }
    }

    @InteropCell(role = "CLIENT → our ZmtpServer: wrong server key fails", mechanism = "CURVE")
    @ParameterizedTest(name = "{0}")
    @EnumSource(InteropPeer.class)
    void curveServerNeverCompletesAHandshakeWithAClientThatHasTheWrongServerKey(InteropPeer implementation)
            throws Exception {
        try (ZmtpServer server = echoServer(curveServer(ZmtpAuthenticator.ALLOW_ALL))) {
            // The client's own public key stands in for the server key: a valid key, just not the server's.
            PeerProcess client = start(implementation.startClient(curveClientArguments(endpoint(server),
                    TestKeys.CLIENT_PUBLIC, TestKeys.CLIENT_PUBLIC, TestKeys.CLIENT_SECRET,
                    "--count", "1", "--sizes", "5", "--timeout-ms", REFUSED_PEER_TIMEOUT_MS)));

            // HELLO's signature box does not open with our secret key: closed without ERROR, as libzmq does.
            HandshakeFailure failure = events.awaitHandshakeFailure(client);
            assertEquals(ZmtpHandshakeFailureReason.AUTHENTICATION, failure.reason(), failure::toString);
            assertRefusedPeerGotNoEcho(client);
            assertTrue(authRequests.isEmpty(), () -> "the handshake got as far as the authenticator: " + authRequests);
        }
    }

    @InteropCell(role = "CLIENT → our ZmtpServer: unknown client key refused", mechanism = "CURVE")
    @ParameterizedTest(name = "{0}")
    @EnumSource(InteropPeer.class)
    void curveServerWithAnAllowListRefusesAnUnknownClientKeyWithAuthentication(InteropPeer implementation)
            throws Exception {
        ZmtpCurveAllowList allowList = ZmtpCurveAllowList.of(List.of(TestKeys.clientPublicKey()));
        ZmtpCurveKeyPair stranger = ZmtpCurveKeyPair.generate();
        try (ZmtpServer server = echoServer(curveServer(allowList))) {
            PeerProcess client = start(implementation.startClient(curveClientArguments(endpoint(server),
                    TestKeys.SERVER_PUBLIC, stranger.publicKeyZ85(), stranger.secretKeyZ85(),
                    "--count", "1", "--sizes", "5", "--timeout-ms", REFUSED_PEER_TIMEOUT_MS)));

            HandshakeFailure failure = events.awaitHandshakeFailure(client);
            assertEquals(ZmtpHandshakeFailureReason.AUTHENTICATION, failure.reason(), failure::toString);
            ZmtpAuthRequest request = authRequests.poll();
            assertNotNull(request, "the authenticator was never asked");
            assertEquals(stranger.publicKeyZ85(), Z85.encode(request.clientPublicKey()));
            assertRefusedPeerGotNoEcho(client);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private ZmtpAuthResult checkPlain(ZmtpAuthRequest request) {
        boolean valid = TestKeys.PLAIN_USER.equals(request.username())
                && TestKeys.PLAIN_PASSWORD.equals(request.passwordString());
        return valid ? ZmtpAuthResult.allow(request.username())
                : ZmtpAuthResult.deny(400, "wrong user name or password");
    }

    /** Wraps {@code authenticator} so that every request it is asked about is recorded first. */
    private ZmtpAuthenticator recording(ZmtpAuthenticator authenticator) {
        return request -> {
            authRequests.add(request);
            return authenticator.authenticate(request);
        };
    }

    private ZmtpMechanism plainServer() {
        return ZmtpPlainMechanism.server(recording(ZmtpAuthenticator.of(this::checkPlain)));
    }

    private ZmtpMechanism curveServer(ZmtpAuthenticator authenticator) {
        return ZmtpCurveMechanism.server(TestKeys.serverKeys(), recording(authenticator));
    }

    private static String[] curveClientArguments(String endpoint, String serverKey, String publicKey, String secretKey,
                                                 String... more) {
        List<String> args = new ArrayList<>(List.of("--mechanism", "curve", "--connect", endpoint,
                "--curve-server-key", serverKey, "--curve-public-key", publicKey, "--curve-secret-key", secretKey));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private ZmtpServer echoServer(ZmtpMechanism mechanism) {
        ZmtpServerOptions options = ZmtpServerOptions.builder()
                .codecOptions(ZmtpCodecOptions.builder().mechanism(mechanism).build())
                .build();
        return ZmtpServer.builder()
                .bind("tcp://127.0.0.1:0")
                .options(options)
                .listener(events)
                .messageHandler(this::echo)
                .build();
    }

    /** Records the message and sends it back; the send takes ownership of the payload. */
    private void echo(ZmtpServer server, ZmtpServerMessage message) throws InterruptedException {
        received.add(new Received(message.routingId(),
                message.peerMetadata().getString(ZmtpAuthResult.USER_ID), message.content().readableBytes()));
        try {
            server.send(message.routingId(), message.content());
        } catch (RuntimeException e) {
            message.release(); // a failed send leaves the payload with us
            throw e;
        }
    }

    /** Every message the server received came from one peer with {@code userId} (null: none), in the sizes sent. */
    private void assertAllReceivedFrom(String userId, PeerProcess client) {
        List<Received> messages = new ArrayList<>(received);
        assertEquals(MESSAGES, messages.size(), () -> "messages received: " + messages + "\n" + client.describe());
        for (int k = 0; k < messages.size(); k++) {
            Received message = messages.get(k);
            assertEquals(messages.get(0).routingId(), message.routingId(), "routing id of message #" + k);
            assertEquals(userId, message.userId(), "User-Id of message #" + k);
            assertEquals(PayloadPattern.FEW_SIZES[k % PayloadPattern.FEW_SIZES.length], message.size(),
                    "size of message #" + k);
        }
    }

    /** The refused peer gave up waiting for its echo (status 3), and it never became a peer of the server. */
    private void assertRefusedPeerGotNoEcho(PeerProcess client) throws InterruptedException {
        assertEquals(3, client.awaitExit(WAIT), client::describe);
        String stderr = client.stderr();
        assertTrue(stderr.contains("no echo of message #0") || stderr.contains("could not send message #0"),
                client::describe);
        assertTrue(events.connected.isEmpty(), () -> "a refused client was registered as a peer: " + events.connected);
        assertTrue(received.isEmpty(), () -> "messages delivered from a refused client: " + received);
        // A libzmq CLIENT retries after a refusal: every attempt is refused the same way, or cut short by its exit.
        assertTrue(events.handshakeFailures.stream().allMatch(
                        f -> f.reason() == ZmtpHandshakeFailureReason.AUTHENTICATION
                                || f.reason() == ZmtpHandshakeFailureReason.CLOSED),
                () -> "handshake failures: " + events.handshakeFailures);
    }

    private PeerProcess start(PeerProcess peer) {
        peers.add(peer);
        return peer;
    }

    private static String endpoint(ZmtpServer server) {
        return "tcp://127.0.0.1:" + server.endpoints().get(0).port();
    }

    /** What the echo handler saw of one message. */
    private record Received(int routingId, String userId, int size) {
    }

    /** A handshake failure the server reported. */
    private record HandshakeFailure(SocketAddress remoteAddress, ZmtpHandshakeFailureReason reason, String message) {
    }

    /** Records the server's connection events for the test thread. */
    private static final class Events implements ZmtpServerListener {
        final BlockingQueue<Integer> connected = new LinkedBlockingQueue<>();
        final BlockingQueue<HandshakeFailure> handshakeFailures = new LinkedBlockingQueue<>();

        @Override
        public void peerConnected(int routingId, SocketAddress remoteAddress) {
            connected.add(routingId);
        }

        @Override
        public void handshakeFailed(SocketAddress remoteAddress, ZmtpHandshakeFailureReason reason, String message) {
            handshakeFailures.add(new HandshakeFailure(remoteAddress, reason, message));
        }

        /**
         * Returns the first handshake failure, failing the test if none comes within {@link #WAIT}. It stays in the
         * queue: a peer that retries may add more, which the test then checks all together.
         */
        HandshakeFailure awaitHandshakeFailure(PeerProcess client) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (handshakeFailures.isEmpty() && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
            HandshakeFailure failure = handshakeFailures.peek();
            assertNotNull(failure, () -> "no handshake failure within " + WAIT + ": " + client.describe());
            return failure;
        }
    }
}
