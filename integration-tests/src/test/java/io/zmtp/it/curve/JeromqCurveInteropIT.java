/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.it.curve;

import io.zmtp.codec.ZmtpChannelInitializer;
import io.zmtp.codec.ZmtpCodecBuilder;
import io.zmtp.codec.ZmtpCodecOptions;
import io.zmtp.codec.ZmtpHandshakeCompletionEvent;
import io.zmtp.codec.ZmtpHandshakeFailureReason;
import io.zmtp.codec.ZmtpSocketType;
import io.zmtp.codec.internal.curve.CurveSupport;
import io.zmtp.codec.mechanism.ZmtpAuthResult;
import io.zmtp.codec.mechanism.ZmtpAuthenticator;
import io.zmtp.codec.mechanism.ZmtpCurveAllowList;
import io.zmtp.codec.mechanism.ZmtpCurveKeyPair;
import io.zmtp.codec.mechanism.ZmtpCurveMechanism;
import io.zmtp.it.JeromqConnects;
import io.zmtp.it.JeromqEchoServer;
import io.zmtp.it.NettyZmtpPeer.Handshake;
import io.zmtp.it.NettyZmtpPeer.OnMessage;
import io.zmtp.it.NettyZmtpPeer;
import io.zmtp.it.report.InteropCell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins that our CURVE mechanism (25/ZMTP-CURVE, 26/CurveZMQ) and JeroMQ 0.6.0's, an independent implementation,
 * interoperate over TCP loopback in both directions, and that a JeroMQ client with the wrong server key never gets
 * through.
 */
@Timeout(120)
class JeromqCurveInteropIT {

    /** Empty, one octet, the largest short frame, the smallest long frame, 64 KiB and 1 MiB. */
    private static final int[] PAYLOAD_SIZES = {0, 1, 255, 256, 65_536, 1_048_576};
    private static final long PAYLOAD_SEED = 0xC0_2026L;
    private static final long WAIT_SECONDS = 10;
    private static final int JEROMQ_TIMEOUT_MILLIS = (int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS);
    /**
     * How long a JeroMQ socket that connects to us gets to complete its handshake, and how many fresh sockets we try:
     * JeroMQ 0.6.0 sometimes opens a connection that never sends its greeting (see {@link JeromqConnects}).
     */
    private static final long JEROMQ_CONNECT_ATTEMPT_MILLIS = 3_000;
    private static final int JEROMQ_CONNECT_ATTEMPTS = JeromqConnects.ATTEMPTS;

    private final ZContext jeromq = new ZContext();
    private NettyZmtpPeer netty;

    @BeforeAll
    static void bouncyCastleIsOnTheClassPath() {
        assertTrue(CurveSupport.isAvailable(), "CURVE needs org.bouncycastle:bcprov-jdk18on: it is an optional "
                + "dependency of zmtp-codec, so integration-tests must declare it (test scope)");
    }

    @AfterEach
    void tearDown() {
        try {
            if (netty != null) {
                netty.close();
            }
        } finally {
            jeromq.close();
        }
    }

    // ------------------------------------------------------------------------------------ our server, their client

    @InteropCell(peer = "JeroMQ", version = "0.6.0", runs = "in-process",
            role = "CLIENT → our SERVER codec with allow-list", mechanism = "CURVE")
    @Test
    void ourCurveServerEchoesEveryPayloadSizeToAJeromqCurveClientByteForByte() throws Exception {
        ZmtpCurveKeyPair serverKeys = ZmtpCurveKeyPair.generate();
        ZmtpCurveKeyPair clientKeys = ZmtpCurveKeyPair.generate();
        netty = NettyZmtpPeer.bind(serverCodec(serverKeys, ZmtpCurveAllowList.of(List.of(clientKeys.publicKey()))),
                OnMessage.ECHO);

        Connection connection = connectJeromqClient(serverKeys.publicKey(), clientKeys);
        ZmtpHandshakeCompletionEvent event = connection.handshake().event();
        assertTrue(event.isSuccess(), event::toString);
        assertEquals("CURVE", event.mechanism());
        assertEquals(ZmtpSocketType.CLIENT, event.peerSocketType());
        assertEquals(clientKeys.publicKeyZ85(), event.peerMetadata().getString(ZmtpAuthResult.USER_ID),
                "the allow-list names the client by its key");

        ZMQ.Socket client = connection.socket();
        Random random = new Random(PAYLOAD_SEED);
        for (int size : PAYLOAD_SIZES) {
            byte[] payload = randomPayload(random, size);
            assertTrue(client.send(payload), "JeroMQ could not send " + size + " octets");
            byte[] reply = client.recv();
            assertNotNull(reply, "no echo of the " + size + "-octet message within " + WAIT_SECONDS + " s");
            assertArrayEquals(payload, reply, "echo of the " + size + "-octet message");
        }
        assertEquals(PAYLOAD_SIZES.length, netty.messagesReceived());
        netty.assertNoErrorsOn(connection.handshake().channel());
    }

    @InteropCell(peer = "JeroMQ", version = "0.6.0", runs = "in-process",
            role = "CLIENT → our SERVER codec: wrong server key fails", mechanism = "CURVE")
    @Test
    void aJeromqClientWithTheWrongServerKeyNeverCompletes() throws Exception {
        ZmtpCurveKeyPair serverKeys = ZmtpCurveKeyPair.generate();
        netty = NettyZmtpPeer.bind(serverCodec(serverKeys, ZmtpAuthenticator.ALLOW_ALL), OnMessage.ECHO);
        Connection connection = connectJeromqClient(ZmtpCurveKeyPair.generate().publicKey(),
                ZmtpCurveKeyPair.generate());
        ZmtpHandshakeCompletionEvent event = connection.handshake().event();
        assertFalse(event.isSuccess(), event::toString);
        assertEquals(ZmtpHandshakeFailureReason.AUTHENTICATION, event.reason(), event::toString);
        assertTrue(event.cause().getMessage().contains("HELLO"), event::toString);

        ZMQ.Socket client = connection.socket();
        client.setReceiveTimeOut(2_000);
        client.send("never delivered");
        assertNull(client.recv(), "nothing comes back");
        client.close();
        for (Handshake h; (h = netty.pollHandshake()) != null; ) {
            assertFalse(h.event().isSuccess(), "a reconnect got through: " + h.event());
        }
        assertEquals(0, netty.messagesReceived());
    }

    @InteropCell(peer = "JeroMQ", version = "0.6.0", runs = "in-process",
            role = "CLIENT → our SERVER codec: unknown client key refused", mechanism = "CURVE")
    @Test
    void aJeromqClientWhoseKeyIsNotAllowedIsRefusedWithAuthentication() throws Exception {
        ZmtpCurveKeyPair serverKeys = ZmtpCurveKeyPair.generate();
        netty = NettyZmtpPeer.bind(serverCodec(serverKeys,
                ZmtpCurveAllowList.of(List.of(ZmtpCurveKeyPair.generate().publicKey()))), OnMessage.ECHO);
        Connection connection = connectJeromqClient(serverKeys.publicKey(), ZmtpCurveKeyPair.generate());
        ZmtpHandshakeCompletionEvent event = connection.handshake().event();
        assertEquals(ZmtpHandshakeFailureReason.AUTHENTICATION, event.reason(), event::toString);
        assertTrue(event.cause().getMessage().contains("unknown client key"), event::toString);

        ZMQ.Socket client = connection.socket();
        client.setReceiveTimeOut(2_000);
        client.send("never delivered");
        assertNull(client.recv());
        client.close();
        for (Handshake h; (h = netty.pollHandshake()) != null; ) {
            assertFalse(h.event().isSuccess(), "a reconnect got through: " + h.event());
        }
        assertEquals(0, netty.messagesReceived());
    }

    /** Configures a JeroMQ SERVER socket as a CURVE server with {@code serverKeys}. */
    private static Consumer<ZMQ.Socket> curveServer(ZmtpCurveKeyPair serverKeys) {
        return socket -> {
            assertTrue(socket.setCurveServer(true));
            assertTrue(socket.setCurvePublicKey(serverKeys.publicKey()));
            assertTrue(socket.setCurveSecretKey(serverKeys.secretKey()));
        };
    }

    private static ZmtpChannelInitializer serverCodec(ZmtpCurveKeyPair serverKeys,
                                                      ZmtpAuthenticator authenticator) {
        return ZmtpCodecBuilder.forServer(ZmtpSocketType.SERVER)
                .options(ZmtpCodecOptions.builder().mechanism(ZmtpCurveMechanism.server(serverKeys, authenticator))
                        .build())
                .build();
    }

    private ZMQ.Socket jeromqClient(byte[] serverPublicKey, ZmtpCurveKeyPair clientKeys) {
        ZMQ.Socket socket = jeromq.createSocket(SocketType.CLIENT);
        socket.setLinger(0);
        socket.setReceiveTimeOut(JEROMQ_TIMEOUT_MILLIS);
        socket.setSendTimeOut(JEROMQ_TIMEOUT_MILLIS);
        assertTrue(socket.setCurveServerKey(serverPublicKey));
        assertTrue(socket.setCurvePublicKey(clientKeys.publicKey()));
        assertTrue(socket.setCurveSecretKey(clientKeys.secretKey()));
        assertTrue(socket.connect("tcp://127.0.0.1:" + netty.port()));
        return socket;
    }

    /** A JeroMQ socket connected to our server, and the handshake our server saw for it. */
    private record Connection(ZMQ.Socket socket, Handshake handshake) {
    }

    /**
     * Connects JeroMQ CURVE clients until one gets a handshake, successful or not, that our server does not see cut
     * short by the peer; a socket that stays silent is replaced by a fresh one.
     */
    private Connection connectJeromqClient(byte[] serverPublicKey, ZmtpCurveKeyPair clientKeys)
            throws InterruptedException {
        for (int attempt = 1; attempt <= JEROMQ_CONNECT_ATTEMPTS; attempt++) {
            ZMQ.Socket socket = jeromqClient(serverPublicKey, clientKeys);
            Handshake handshake = netty.pollHandshakeNotClosedByPeer(JEROMQ_CONNECT_ATTEMPT_MILLIS);
            if (handshake != null) {
                return new Connection(socket, handshake);
            }
            socket.close();
        }
        throw new AssertionError("no JeroMQ CURVE client completed a handshake with our server in "
                + JEROMQ_CONNECT_ATTEMPTS + " attempts of " + JEROMQ_CONNECT_ATTEMPT_MILLIS + " ms");
    }

    // ------------------------------------------------------------------------------------ our client, their server

    @InteropCell(peer = "JeroMQ", version = "0.6.0", runs = "in-process", role = "SERVER ← our CLIENT codec",
            mechanism = "CURVE")
    @Test
    void ourCurveClientExchangesEveryPayloadSizeWithAJeromqCurveServerByteForByte() throws Exception {
        ZmtpCurveKeyPair serverKeys = ZmtpCurveKeyPair.generate();
        try (JeromqEchoServer echo = JeromqEchoServer.start(curveServer(serverKeys))) {
            netty = NettyZmtpPeer.connect(clientCodec(ZmtpCurveMechanism.client(serverKeys.publicKey(),
                    ZmtpCurveKeyPair.generate()), ZmtpCodecOptions.builder()), echo.port(), OnMessage.COLLECT);
            ZmtpHandshakeCompletionEvent event = netty.awaitHandshake().event();
            assertTrue(event.isSuccess(), event::toString);
            assertEquals(ZmtpSocketType.SERVER, event.peerSocketType());
            Random random = new Random(PAYLOAD_SEED);
            for (int size : PAYLOAD_SIZES) {
                byte[] payload = randomPayload(random, size);
                netty.send(payload);
                byte[][] reply = netty.awaitMessage();
                assertEquals(1, reply.length);
                assertArrayEquals(payload, reply[0], "echo of the " + size + "-octet message");
            }
            netty.assertNoErrorsOn(netty.clientChannel());
            echo.assertNoFailure();
        }
    }

    @InteropCell(peer = "JeroMQ", version = "0.6.0", runs = "in-process",
            role = "SERVER ← our CLIENT codec, fresh client key", mechanism = "CURVE")
    @Test
    void ourCurveClientWithAFreshKeyPairIsAcceptedByAJeromqServerWithoutZap() throws Exception {
        ZmtpCurveKeyPair serverKeys = ZmtpCurveKeyPair.generate();
        try (JeromqEchoServer echo = JeromqEchoServer.start(curveServer(serverKeys))) {
            netty = NettyZmtpPeer.connect(clientCodec(ZmtpCurveMechanism.client(serverKeys.publicKey()),
                    ZmtpCodecOptions.builder()), echo.port(), OnMessage.COLLECT);
            assertTrue(netty.awaitHandshake().event().isSuccess());
            netty.send(new byte[] {42});
            assertArrayEquals(new byte[] {42}, netty.awaitMessage()[0]);
            echo.assertNoFailure();
        }
    }

    @InteropCell(peer = "JeroMQ", version = "0.6.0", runs = "in-process",
            role = "SERVER ← our CLIENT codec: wrong server key fails", mechanism = "CURVE")
    @Test
    void ourCurveClientWithTheWrongServerKeyIsDroppedByJeromq() throws Exception {
        try (JeromqEchoServer echo = JeromqEchoServer.start(curveServer(ZmtpCurveKeyPair.generate()))) {
            netty = NettyZmtpPeer.connect(clientCodec(ZmtpCurveMechanism.client(ZmtpCurveKeyPair.generate().publicKey(),
                    ZmtpCurveKeyPair.generate()), ZmtpCodecOptions.builder()), echo.port(), OnMessage.COLLECT);
            Handshake handshake = netty.awaitHandshake();
            assertFalse(handshake.event().isSuccess(), handshake.event()::toString);
            // libzmq closes without a word; JeroMQ 0.6.0 first sends an ERROR with an empty reason.
            ZmtpHandshakeFailureReason reason = handshake.event().reason();
            assertTrue(reason == ZmtpHandshakeFailureReason.AUTHENTICATION
                    || reason == ZmtpHandshakeFailureReason.CLOSED, handshake.event()::toString);
            assertTrue(handshake.channel().closeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS));
        }
    }

    @InteropCell(peer = "JeroMQ", version = "0.6.0", runs = "in-process",
            role = "SERVER ← our CLIENT codec: heartbeats", mechanism = "CURVE")
    @Test
    void heartbeatsThroughCurveKeepAJeromqConnectionAlive() throws Exception {
        ZmtpCurveKeyPair serverKeys = ZmtpCurveKeyPair.generate();
        try (JeromqEchoServer echo = JeromqEchoServer.start(curveServer(serverKeys))) {
            netty = NettyZmtpPeer.connect(clientCodec(ZmtpCurveMechanism.client(serverKeys.publicKey()),
                    ZmtpCodecOptions.builder().heartbeatInterval(Duration.ofMillis(200))
                            .heartbeatTimeout(Duration.ofMillis(1_000))), echo.port(), OnMessage.COLLECT);
            assertTrue(netty.awaitHandshake().event().isSuccess());
            Thread.sleep(2_500);
            assertTrue(netty.clientChannel().isActive(), "the PINGs were not answered: " + netty.failures());
            netty.send(new byte[] {7});
            assertArrayEquals(new byte[] {7}, netty.awaitMessage()[0], "no PING came back as data");
            assertEquals(1, netty.messagesReceived());
            netty.assertNoErrorsOn(netty.clientChannel());
            echo.assertNoFailure();
        }
    }

    private static ZmtpChannelInitializer clientCodec(ZmtpCurveMechanism mechanism, ZmtpCodecOptions.Builder options) {
        return ZmtpCodecBuilder.forClient(ZmtpSocketType.CLIENT).options(options.mechanism(mechanism).build()).build();
    }

    private static byte[] randomPayload(Random random, int size) {
        byte[] payload = new byte[size];
        random.nextBytes(payload);
        return payload;
    }

    // -------------------------------------------------------------------------------------------------- helpers
}
