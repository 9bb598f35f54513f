/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.it;

import io.zmtp.codec.ZmtpChannelInitializer;
import io.zmtp.codec.ZmtpCodecBuilder;
import io.zmtp.codec.ZmtpCodecOptions;
import io.zmtp.codec.ZmtpHandshakeCompletionEvent;
import io.zmtp.codec.ZmtpHandshakeFailureReason;
import io.zmtp.codec.ZmtpMetadata;
import io.zmtp.codec.ZmtpProtocolVersion;
import io.zmtp.codec.ZmtpSocketType;
import io.zmtp.it.NettyZmtpPeer.Handshake;
import io.zmtp.it.NettyZmtpPeer.OnMessage;
import io.zmtp.it.report.InteropCell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.nio.charset.StandardCharsets;
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
 * Pins that our codec and JeroMQ 0.6.0, an independent ZMTP implementation, interoperate over TCP loopback.
 */
@Timeout(60)
class JeromqCodecInteropIT {

    /**
     * Payload sizes sent in each direction: empty, one octet, the largest short-frame body and the smallest body
     * that needs the 8-octet size, 64 KiB and 1 MiB.
     */
    private static final int[] PAYLOAD_SIZES = {0, 1, 255, 256, 65_536, 1_048_576};

    private static final long PAYLOAD_SEED = 0x2E40_2026L;

    private static final int JEROMQ_TIMEOUT_MILLIS = (int) TimeUnit.SECONDS.toMillis(NettyZmtpPeer.WAIT_SECONDS);

    /** How long a JeroMQ socket that connects to us gets to start its handshake; see {@link JeromqConnects}. */
    private static final long JEROMQ_CONNECT_ATTEMPT_MILLIS = 3_000;
    private static final int JEROMQ_CONNECT_ATTEMPTS = JeromqConnects.ATTEMPTS;

    @InteropCell(peer = "JeroMQ", version = "0.6.0", runs = "in-process", role = "CLIENT → our SERVER codec")
    @Test
    void serverCodecEchoesEveryPayloadSizeToJeromqClientByteForByte() throws Exception {
        ZmtpChannelInitializer codec = ZmtpCodecBuilder.forServer(ZmtpSocketType.SERVER)
                .options(ZmtpCodecOptions.defaults())
                .build();
        try (NettyZmtpPeer server = NettyZmtpPeer.bind(codec, OnMessage.ECHO);
             ZContext jeromq = new ZContext()) {
            JeromqConnection connection = connectJeromq(jeromq, SocketType.CLIENT, server);
            assertTrue(connection.handshake().event().isSuccess(), connection.handshake()::toString);
            ZMQ.Socket client = connection.socket();

            Random random = new Random(PAYLOAD_SEED);
            for (int size : PAYLOAD_SIZES) {
                byte[] payload = randomPayload(random, size);
                assertTrue(client.send(payload), "JeroMQ CLIENT could not send " + size + " octets");
                byte[] reply = client.recv();
                assertNotNull(reply, "no echo of the " + size + "-octet message within "
                        + NettyZmtpPeer.WAIT_SECONDS + " s");
                assertArrayEquals(payload, reply, "echo of the " + size + "-octet message");
            }
            assertEquals(PAYLOAD_SIZES.length, server.messagesReceived());
            server.assertNoErrorsOn(connection.handshake().channel());
        }
    }

    @InteropCell(peer = "JeroMQ", version = "0.6.0", runs = "in-process", role = "SERVER ← our CLIENT codec")
    @Test
    void clientCodecExchangesEveryPayloadSizeWithJeromqServerByteForByte() throws Exception {
        ZmtpChannelInitializer codec = ZmtpCodecBuilder.forClient(ZmtpSocketType.CLIENT)
                .options(ZmtpCodecOptions.defaults())
                .build();
        try (JeromqEchoServer echo = JeromqEchoServer.start();
             NettyZmtpPeer client = NettyZmtpPeer.connect(codec, echo.port(), OnMessage.COLLECT)) {
            Random random = new Random(PAYLOAD_SEED);
            for (int size : PAYLOAD_SIZES) {
                byte[] payload = randomPayload(random, size);
                client.send(payload);
                byte[][] reply = client.awaitMessage();
                assertEquals(1, reply.length, "frames in the echo of the " + size + "-octet message");
                assertArrayEquals(payload, reply[0], "echo of the " + size + "-octet message");
            }
            client.assertNoErrorsOn(client.clientChannel());
            echo.assertNoFailure();
        }
    }

    @InteropCell(peer = "JeroMQ", version = "0.6.0", runs = "in-process",
            role = "DEALER → our SERVER codec: refused (socket type)")
    @Test
    void serverCodecRefusesJeromqDealerWithSocketTypeFailureAndDeliversNothing() throws Exception {
        ZmtpChannelInitializer codec = ZmtpCodecBuilder.forServer(ZmtpSocketType.SERVER)
                .options(ZmtpCodecOptions.defaults())
                .build();
        try (NettyZmtpPeer server = NettyZmtpPeer.bind(codec, OnMessage.COLLECT);
             ZContext jeromq = new ZContext()) {
            // Queued on the DEALER's pipe at once; it would go out if the handshake were (wrongly) accepted.
            JeromqConnection connection = connectJeromq(jeromq, SocketType.DEALER, server, dealer -> assertTrue(
                    dealer.send("must not be delivered".getBytes(StandardCharsets.US_ASCII), ZMQ.DONTWAIT)));

            ZmtpHandshakeCompletionEvent event = connection.handshake().event();
            assertFalse(event.isSuccess(), () -> "handshake with a DEALER succeeded: " + event);
            assertEquals(ZmtpHandshakeFailureReason.SOCKET_TYPE, event.reason(), event::toString);
            assertNull(event.peerSocketType());
            NettyZmtpPeer.awaitClosed(connection.handshake().channel());

            // JeroMQ keeps reconnecting; stop it before counting what was delivered.
            connection.socket().close();
            assertEquals(0, server.messagesReceived(), "messages delivered from a refused DEALER");
        }
    }

    @Test
    void serverCodecReportsJeromqClientAsClientSpeakingZmtp30() throws Exception {
        ZmtpChannelInitializer codec = ZmtpCodecBuilder.forServer(ZmtpSocketType.SERVER)
                .options(ZmtpCodecOptions.defaults())
                .build();
        try (NettyZmtpPeer server = NettyZmtpPeer.bind(codec, OnMessage.COLLECT);
             ZContext jeromq = new ZContext()) {
            Handshake handshake = connectJeromq(jeromq, SocketType.CLIENT, server).handshake();

            ZmtpHandshakeCompletionEvent event = handshake.event();
            assertTrue(event.isSuccess(), () -> "handshake failed: " + event);
            assertEquals(ZmtpSocketType.CLIENT, event.peerSocketType());
            // JeroMQ 0.6.0 announces revision 3.0 in its greeting (major 0x03, minor 0x00).
            assertEquals(ZmtpProtocolVersion.ZMTP_3_0, event.version());
            assertEquals("NULL", event.mechanism());
            assertEquals("CLIENT", event.peerMetadata().getString(ZmtpMetadata.SOCKET_TYPE));
            server.assertNoErrorsOn(handshake.channel());
        }
    }

    @Test
    void clientCodecReportsJeromqServerAsServerSpeakingZmtp30() throws Exception {
        ZmtpChannelInitializer codec = ZmtpCodecBuilder.forClient(ZmtpSocketType.CLIENT)
                .options(ZmtpCodecOptions.defaults())
                .build();
        try (JeromqEchoServer echo = JeromqEchoServer.start();
             NettyZmtpPeer client = NettyZmtpPeer.connect(codec, echo.port(), OnMessage.COLLECT)) {
            ZmtpHandshakeCompletionEvent event = client.awaitHandshake().event();
            assertTrue(event.isSuccess(), () -> "handshake failed: " + event);
            assertEquals(ZmtpSocketType.SERVER, event.peerSocketType());
            assertEquals(ZmtpProtocolVersion.ZMTP_3_0, event.version());
            assertEquals("SERVER", event.peerMetadata().getString(ZmtpMetadata.SOCKET_TYPE));
            client.assertNoErrorsOn(client.clientChannel());
            echo.assertNoFailure();
        }
    }

    /** A JeroMQ socket connected to our server, and the handshake our server saw for it. */
    private record JeromqConnection(ZMQ.Socket socket, Handshake handshake) {
    }

    private static JeromqConnection connectJeromq(ZContext jeromq, SocketType type, NettyZmtpPeer server)
            throws InterruptedException {
        return connectJeromq(jeromq, type, server, socket -> { });
    }

    /**
     * Connects a JeroMQ socket of {@code type} to {@code server}, runs {@code afterConnect} on it, and returns it with
     * the first handshake the server saw that the peer did not cut short; a socket that stays silent (see
     * {@link #JEROMQ_CONNECT_ATTEMPT_MILLIS}) is replaced by a fresh one.
     */
    private static JeromqConnection connectJeromq(ZContext jeromq, SocketType type, NettyZmtpPeer server,
                                                  Consumer<ZMQ.Socket> afterConnect) throws InterruptedException {
        for (int attempt = 1; attempt <= JEROMQ_CONNECT_ATTEMPTS; attempt++) {
            ZMQ.Socket socket = jeromqSocket(jeromq, type);
            assertTrue(socket.connect("tcp://127.0.0.1:" + server.port()));
            afterConnect.accept(socket);
            Handshake handshake = server.pollHandshakeNotClosedByPeer(JEROMQ_CONNECT_ATTEMPT_MILLIS);
            if (handshake != null) {
                return new JeromqConnection(socket, handshake);
            }
            socket.close();
        }
        throw new AssertionError("no JeroMQ " + type + " socket completed a handshake with our server in "
                + JEROMQ_CONNECT_ATTEMPTS + " attempts of " + JEROMQ_CONNECT_ATTEMPT_MILLIS + " ms");
    }

    private static ZMQ.Socket jeromqSocket(ZContext context, SocketType type) {
        ZMQ.Socket socket = context.createSocket(type);
        socket.setLinger(0);
        socket.setReceiveTimeOut(JEROMQ_TIMEOUT_MILLIS);
        socket.setSendTimeOut(JEROMQ_TIMEOUT_MILLIS);
        return socket;
    }

    private static byte[] randomPayload(Random random, int size) {
        byte[] payload = new byte[size];
        random.nextBytes(payload);
        return payload;
    }
}
