/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.mechanism;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.UnsupportedMessageTypeException;
import io.zmtp.codec.ZmtpCodecBuilder;
import io.zmtp.codec.ZmtpCodecOptions;
import io.zmtp.codec.ZmtpFrame;
import io.zmtp.codec.ZmtpHandshakeCompletionEvent;
import io.zmtp.codec.ZmtpHandshakeFailureReason;
import io.zmtp.codec.ZmtpHeartbeatTimeoutException;
import io.zmtp.codec.ZmtpMessage;
import io.zmtp.codec.ZmtpMetadata;
import io.zmtp.codec.ZmtpProtocolException;
import io.zmtp.codec.ZmtpSocketType;
import io.zmtp.codec.internal.curve.CurveBox;
import io.zmtp.codec.internal.curve.CurveNonces;
import io.zmtp.codec.mechanism.CurveKnownAnswerTest.Kat;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.zmtp.codec.mechanism.CurveKnownAnswerTest.concat;
import static io.zmtp.codec.mechanism.CurveKnownAnswerTest.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CURVE (25/ZMTP-CURVE, 26/CurveZMQ) through the full codec: pairs of {@link EmbeddedChannel}s whose written bytes
 * are fed to each other, with the deterministic keys of the known-answer transcript where bytes are compared.
 */
class ZmtpCurveMechanismTest {

    /** One end of a connection: an embedded channel with the whole codec, frozen time, and a recorder. */
    static final class Peer {
        final EmbeddedChannel channel = new EmbeddedChannel();
        final List<Object> events = new ArrayList<>();
        final List<Throwable> exceptions = new ArrayList<>();

        Peer(ZmtpSocketType type, boolean server, ZmtpCodecOptions options) {
            channel.freezeTime();
            (server ? ZmtpCodecBuilder.forServer(type) : ZmtpCodecBuilder.forClient(type)).options(options).build()
                    .install(channel.pipeline());
            channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                @Override
                public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                    events.add(evt);
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    exceptions.add(cause);
                }
            });
        }

        Peer(ZmtpSocketType type, boolean server, ZmtpMechanism mechanism) {
            this(type, server, ZmtpCodecOptions.builder().mechanism(mechanism).build());
        }

        /** Reads and releases what the codec has written so far. */
        byte[] written() {
            List<byte[]> parts = new ArrayList<>();
            for (Object o; (o = channel.readOutbound()) != null; ) {
                ByteBuf buf = (ByteBuf) o;
                try {
                    parts.add(ByteBufUtil.getBytes(buf));
                } finally {
                    buf.release();
                }
            }
            return concat(parts.toArray(new byte[0][]));
        }

        /** Feeds bytes as one read, unless the channel is closed (as TCP would drop them). */
        void feed(byte[] bytes) {
            if (bytes.length > 0 && channel.isOpen()) {
                channel.writeInbound(Unpooled.copiedBuffer(bytes));
            }
        }

        ZmtpHandshakeCompletionEvent handshake() {
            ZmtpHandshakeCompletionEvent found = null;
            for (Object e : events) {
                if (e instanceof ZmtpHandshakeCompletionEvent) {
                    assertNull(found, "more than one handshake completion event: " + events);
                    found = (ZmtpHandshakeCompletionEvent) e;
                }
            }
            return found;
        }

        /** Drains the delivered messages as lists of frame contents, releasing them. */
        List<List<String>> messages() {
            List<List<String>> result = new ArrayList<>();
            for (Object o; (o = channel.readInbound()) != null; ) {
                ZmtpMessage m = assertInstanceOf(ZmtpMessage.class, o);
                try {
                    List<String> frames = new ArrayList<>();
                    for (ZmtpFrame f : m) {
                        frames.add(f.content().toString(StandardCharsets.ISO_8859_1));
                    }
                    result.add(frames);
                } finally {
                    m.release();
                }
            }
            return result;
        }

        void send(String... frames) {
            ByteBuf[] contents = new ByteBuf[frames.length];
            for (int i = 0; i < frames.length; i++) {
                contents[i] = Unpooled.copiedBuffer(frames[i], StandardCharsets.ISO_8859_1);
            }
            channel.writeAndFlush(ZmtpMessage.of(contents));
        }

        void advance(long millis) {
            for (long left = millis; left > 0; left -= 100) {
                channel.advanceTimeBy(Math.min(100, left), TimeUnit.MILLISECONDS);
                channel.runScheduledPendingTasks();
            }
        }

        /** Closes the channel and releases anything left; returns whether unread inbound messages were left. */
        boolean finish() {
            written();
            return channel.finishAndReleaseAll();
        }
    }

    /** Moves bytes both ways until neither side writes anything more. */
    static void pump(Peer a, Peer b) {
        for (int round = 0; round < 20; round++) {
            byte[] ab = a.written();
            byte[] ba = b.written();
            if (ab.length == 0 && ba.length == 0) {
                return;
            }
            b.feed(ab);
            a.feed(ba);
        }
        throw new AssertionError("the peers kept talking");
    }

    static byte[] greeting(boolean asServer) {
        byte[] g = new byte[64];
        g[0] = (byte) 0xFF;
        g[8] = 0x01;
        g[9] = 0x7F;
        g[10] = 3;
        g[11] = 1;
        System.arraycopy("CURVE".getBytes(StandardCharsets.US_ASCII), 0, g, 12, 5);
        g[32] = (byte) (asServer ? 1 : 0);
        return g;
    }

    static byte[] commandFrame(byte[] body) {
        if (body.length <= 255) {
            return concat(new byte[] {0x04, (byte) body.length}, body);
        }
        return concat(ByteBufUtil.getBytes(Unpooled.buffer(9).writeByte(0x06).writeLong(body.length)), body);
    }

    static byte[] dataFrame(byte[] body) {
        if (body.length <= 255) {
            return concat(new byte[] {0x00, (byte) body.length}, body);
        }
        return concat(ByteBufUtil.getBytes(Unpooled.buffer(9).writeByte(0x02).writeLong(body.length)), body);
    }

    private static Peer katClient() {
        return new Peer(ZmtpSocketType.DEALER, false, Kat.client());
    }

    private static Peer katServer(ZmtpAuthenticator authenticator) {
        return new Peer(ZmtpSocketType.ROUTER, true, Kat.server(authenticator));
    }

    /** Two connected peers with fresh random keys, handshake done. */
    private static Peer[] connected(ZmtpSocketType clientType, ZmtpSocketType serverType,
                                    ZmtpCodecOptions.Builder clientOptions, ZmtpCodecOptions.Builder serverOptions) {
        ZmtpCurveKeyPair serverKeys = ZmtpCurveKeyPair.generate();
        Peer client = new Peer(clientType, false, clientOptions
                .mechanism(ZmtpCurveMechanism.client(serverKeys.publicKey(), ZmtpCurveKeyPair.generate())).build());
        Peer server = new Peer(serverType, true, serverOptions
                .mechanism(ZmtpCurveMechanism.server(serverKeys, ZmtpAuthenticator.ALLOW_ALL)).build());
        pump(client, server);
        assertTrue(client.handshake().isSuccess(), client.handshake()::toString);
        assertTrue(server.handshake().isSuccess(), server.handshake()::toString);
        return new Peer[] {client, server};
    }

    private static Peer[] connected() {
        return connected(ZmtpSocketType.DEALER, ZmtpSocketType.ROUTER, ZmtpCodecOptions.builder(),
                ZmtpCodecOptions.builder());
    }

    private static Peer[] katConnected() {
        Peer client = katClient();
        Peer server = katServer(ZmtpAuthenticator.ALLOW_ALL);
        pump(client, server);
        assertTrue(client.handshake().isSuccess(), client.handshake()::toString);
        assertTrue(server.handshake().isSuccess(), server.handshake()::toString);
        return new Peer[] {client, server};
    }

    private static void assertClosedWith(Peer peer, Class<? extends Throwable> type, String messagePart) {
        assertFalse(peer.channel.isOpen(), "connection still open");
        assertEquals(1, peer.exceptions.size(), peer.exceptions::toString);
        Throwable e = peer.exceptions.get(0);
        assertInstanceOf(type, e);
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }

    // ------------------------------------------------------------------------------------------------ handshake

    @Test
    void handshakeThroughTheCodecSendsTheTranscriptsCommandsAndMessagesByteForByte() {
        Peer client = katClient();
        Peer server = katServer(ZmtpAuthenticator.ALLOW_ALL);
        assertEquals(hex(greeting(false)), hex(client.written()), "client greeting, as-server 0");
        assertEquals(hex(greeting(true)), hex(server.written()), "server greeting, as-server 1");

        client.feed(greeting(true));
        byte[] hello = client.written();
        assertEquals("04c8" + hex(Kat.HELLO), hex(hello));
        server.feed(concat(greeting(false), hello));
        byte[] welcome = server.written();
        assertEquals("04a8" + hex(Kat.WELCOME), hex(welcome));
        client.feed(welcome);
        byte[] initiate = client.written();
        assertEquals("060000000000000124" + hex(Kat.INITIATE), hex(initiate));
        server.feed(initiate);
        byte[] ready = server.written();
        // Our ROUTER also sends its (empty) Identity, which the transcript's server does not: open and compare.
        byte[] routerMetadata = hex("0b536f636b65742d5479706500000006524f55544552084964656e7469747900000000");
        assertEquals(2 + 30 + routerMetadata.length, ready.length);
        assertEquals("0441" + "05524541445900000000000000" + "01", hex(Arrays.copyOf(ready, 16)));
        byte[] opened = CurveBox.secretKey(Kat.SESSION_KEY).open(CurveNonces.shortNonce(CurveNonces.READY, 1), ready,
                16, ready.length - 16);
        assertEquals(hex(routerMetadata), hex(opened));
        ZmtpHandshakeCompletionEvent serverEvent = server.handshake();
        assertTrue(serverEvent.isSuccess(), serverEvent::toString);
        assertEquals("CURVE", serverEvent.mechanism());
        assertEquals(ZmtpSocketType.DEALER, serverEvent.peerSocketType());
        assertNull(serverEvent.peerMetadata().getString(ZmtpAuthResult.USER_ID));
        assertNull(client.handshake(), "the client waits for READY");
        client.feed(ready);
        ZmtpHandshakeCompletionEvent clientEvent = client.handshake();
        assertTrue(clientEvent.isSuccess(), clientEvent::toString);
        assertEquals(ZmtpSocketType.ROUTER, clientEvent.peerSocketType());

        client.send("Hello");
        byte[] message = client.written();
        assertEquals("0026" + hex(Kat.MESSAGE_CLIENT_3_HELLO), hex(message), "a plain 00 frame, not a command");
        server.feed(message);
        assertEquals(List.of(List.of("Hello")), server.messages());
        server.send("World");
        byte[] reply = server.written();
        assertEquals("0026" + hex(Kat.MESSAGE_SERVER_2_WORLD), hex(reply));
        client.feed(reply);
        assertEquals(List.of(List.of("World")), client.messages());
        assertTrue(client.exceptions.isEmpty() && server.exceptions.isEmpty());
        assertFalse(client.finish());
        assertFalse(server.finish());
    }

    @Test
    void bytesThatFollowReadyInTheSameReadAreDecrypted() {
        Peer client = katClient();
        Peer server = katServer(ZmtpAuthenticator.ALLOW_ALL);
        client.feed(server.written());
        server.feed(client.written());
        client.feed(server.written());
        server.feed(client.written());
        byte[] ready = server.written();
        server.send("right behind READY");
        client.feed(concat(ready, server.written()));
        assertTrue(client.handshake().isSuccess());
        assertEquals(List.of(List.of("right behind READY")), client.messages());
        assertFalse(client.finish());
        assertFalse(server.finish());
    }

    @Test
    void singleAndMultipartMessagesTravelBothWaysOneMessageCommandPerFrame() {
        Peer[] peers = connected();
        Peer client = peers[0];
        Peer server = peers[1];
        String big = "x".repeat(70_000);
        client.send("one");
        client.send("", "second frame", big);
        server.send("a", "b");
        server.send("");
        byte[] fromClient = client.written();
        // One outer frame per inner frame, all plain and final: 00 (short) or 02 (long), never MORE or COMMAND.
        assertEquals(0x00, fromClient[0]);
        assertEquals(33 + 3, fromClient[1] & 0xFF, "MESSAGE of \"one\": name, nonce, tag, flags, data");
        server.feed(fromClient);
        client.feed(server.written());
        assertEquals(List.of(List.of("one"), List.of("", "second frame", big)), server.messages());
        assertEquals(List.of(List.of("a", "b"), List.of("")), client.messages());
        assertTrue(client.exceptions.isEmpty() && server.exceptions.isEmpty());
        assertFalse(client.finish());
        assertFalse(server.finish());
    }

    @Test
    void largeFramesSealedPieceByPieceOpenWhole() {
        // from 4 KiB on, data is sealed a piece at a time into a direct buffer; the peer opens each box whole
        Peer[] peers = connected();
        Peer client = peers[0];
        Peer server = peers[1];
        List<List<String>> sent = new ArrayList<>();
        for (int size : new int[] {4095, 4096, 4097, 4096 + 31, 4096 + 32, 5000, 70_000}) {
            String data = "z".repeat(size - 1) + size % 10;
            client.send(data, "after " + size);
            sent.add(List.of(data, "after " + size));
        }
        server.feed(client.written());

        assertEquals(sent, server.messages());
        assertTrue(server.exceptions.isEmpty(), server.exceptions::toString);
        assertFalse(client.finish());
        assertFalse(server.finish());
    }

    @Test
    void everyOuterFrameIsAPlainFinalFrameCarryingAMessage() {
        Peer[] peers = connected();
        peers[0].send("a", "b", "c".repeat(300));
        ByteBuf out = Unpooled.wrappedBuffer(peers[0].written());
        int frames = 0;
        while (out.isReadable()) {
            int flags = out.readUnsignedByte();
            long size = (flags & 0x02) != 0 ? out.readLong() : out.readUnsignedByte();
            assertEquals(0, flags & ~0x02, "outer flags " + flags);
            assertEquals("074d455353414745", hex(ByteBufUtil.getBytes(out, out.readerIndex(), 8)));
            out.skipBytes((int) size);
            frames++;
        }
        assertEquals(3, frames);
        assertFalse(peers[0].finish());
        assertFalse(peers[1].finish());
    }

    @Test
    void heartbeatsTravelAsInnerCommandsAndArePonged() {
        Peer client = new Peer(ZmtpSocketType.DEALER, false, ZmtpCodecOptions.builder().mechanism(Kat.client())
                .heartbeatInterval(Duration.ofSeconds(1)).heartbeatTimeout(Duration.ofSeconds(3)).build());
        Peer server = katServer(ZmtpAuthenticator.ALLOW_ALL);
        pump(client, server);
        assertTrue(client.handshake().isSuccess());
        client.advance(1_000);
        byte[] ping = client.written();
        assertEquals("0028" + "074d455353414745" + "0000000000000003", hex(ping).substring(0, 36),
                "PING as MESSAGE nonce 3 in a plain frame");
        CurveBox session = CurveBox.secretKey(Kat.SESSION_KEY);
        byte[] inner = session.open(CurveNonces.shortNonce(CurveNonces.MESSAGE_FROM_CLIENT, 3), ping, 18,
                ping.length - 18);
        assertEquals("02" + "0450494e47" + "0000", hex(inner), "inner COMMAND flag, PING with TTL 0");
        server.feed(ping);
        byte[] pong = server.written();
        assertEquals(0x00, pong[0]);
        byte[] innerPong = session.open(CurveNonces.shortNonce(CurveNonces.MESSAGE_FROM_SERVER, 2), pong, 18,
                pong.length - 18);
        assertEquals("02" + "04504f4e47", hex(innerPong), "inner COMMAND flag, PONG with the empty context");
        client.feed(pong);
        client.advance(2_500);
        assertTrue(client.channel.isOpen(), "the PONG counts as a sign of life");
        assertTrue(client.exceptions.isEmpty(), client.exceptions::toString);
        assertTrue(server.exceptions.isEmpty(), server.exceptions::toString);
        assertEquals(List.of(), client.messages());
        assertEquals(List.of(), server.messages());
        assertFalse(client.finish());
        assertFalse(server.finish());
    }

    @Test
    void unansweredHeartbeatsTimeOutThroughCurve() {
        Peer client = new Peer(ZmtpSocketType.DEALER, false, ZmtpCodecOptions.builder().mechanism(Kat.client())
                .heartbeatInterval(Duration.ofSeconds(1)).heartbeatTimeout(Duration.ofSeconds(2)).build());
        Peer server = katServer(ZmtpAuthenticator.ALLOW_ALL);
        pump(client, server);
        client.advance(3_100);
        assertClosedWith(client, ZmtpHeartbeatTimeoutException.class, "heartbeat timeout");
        assertFalse(client.finish());
        assertFalse(server.finish());
    }

    @Test
    void subscriptionsTravelAsInnerCommands() {
        Peer[] peers = connected(ZmtpSocketType.SUB, ZmtpSocketType.PUB, ZmtpCodecOptions.builder(),
                ZmtpCodecOptions.builder());
        peers[0].channel.writeAndFlush(new io.zmtp.codec.ZmtpSubscribeCommand(
                Unpooled.copiedBuffer("topic", StandardCharsets.US_ASCII)));
        peers[1].feed(peers[0].written());
        io.zmtp.codec.ZmtpSubscribeCommand subscribe = peers[1].channel.readInbound();
        assertNotNull(subscribe);
        assertEquals("topic", subscribe.content().toString(StandardCharsets.US_ASCII));
        subscribe.release();
        assertFalse(peers[0].finish());
        assertFalse(peers[1].finish());
    }

    // ---------------------------------------------------------------------------------------- authentication

    @Test
    void anAllowListedClientKeyIsAcceptedWithItsZ85AsUserId() {
        ZmtpCurveAllowList allow = ZmtpCurveAllowList.of(List.of(Kat.CLIENT_PUBLIC));
        Peer client = katClient();
        Peer server = katServer(allow);
        pump(client, server);
        assertTrue(client.handshake().isSuccess());
        assertEquals(Kat.CLIENT_PUBLIC_Z85, server.handshake().peerMetadata().getString(ZmtpAuthResult.USER_ID));
        assertFalse(client.finish());
        assertFalse(server.finish());
    }

    @Test
    void anUnknownClientKeyGetsError400AndBothSidesReportAuthentication() {
        ZmtpCurveAllowList allow = ZmtpCurveAllowList.of(List.of(ZmtpCurveKeyPair.generate().publicKey()));
        Peer client = katClient();
        Peer server = katServer(allow);
        client.feed(server.written());
        server.feed(client.written());
        client.feed(server.written());
        server.feed(client.written());
        byte[] error = server.written();
        assertEquals("040a054552524f5203343030", hex(error), "ERROR \"400\" in clear");
        client.feed(error);
        assertEquals(ZmtpHandshakeFailureReason.AUTHENTICATION, server.handshake().reason());
        assertEquals(ZmtpHandshakeFailureReason.AUTHENTICATION, client.handshake().reason());
        assertTrue(server.handshake().cause().getMessage().contains("unknown client key"));
        assertTrue(client.handshake().cause().getMessage().contains("ERROR 400"));
        assertFalse(server.channel.isOpen());
        assertFalse(client.channel.isOpen());
        assertFalse(client.finish());
        assertFalse(server.finish());
    }

    @Test
    void status300ClosesWithoutErrorAnd500SendsError500() {
        for (int status : new int[] {300, 500}) {
            Peer client = katClient();
            Peer server = katServer(ZmtpAuthenticator.of(r -> ZmtpAuthResult.deny(status, "no")));
            client.feed(server.written());
            server.feed(client.written());
            client.feed(server.written());
            server.feed(client.written());
            byte[] written = server.written();
            assertEquals(status == 300 ? "" : "040a054552524f5203353030", hex(written));
            assertEquals(ZmtpHandshakeFailureReason.AUTHENTICATION, server.handshake().reason());
            assertFalse(server.channel.isOpen());
            assertFalse(client.finish());
            assertFalse(server.finish());
        }
    }

    @Test
    void anAsynchronousAuthenticatorIsWaitedForAndMayAnswerFromAnotherThread() throws Exception {
        CompletableFuture<ZmtpAuthResult> decision = new CompletableFuture<>();
        Peer client = katClient();
        Peer server = katServer(request -> decision);
        client.feed(server.written());
        server.feed(client.written());
        client.feed(server.written());
        server.feed(client.written());
        assertEquals(0, server.written().length, "nothing until the authenticator answers");
        Thread answer = new Thread(() -> decision.complete(ZmtpAuthResult.allow("later")));
        answer.start();
        answer.join(5_000);
        server.channel.runPendingTasks();
        client.feed(server.written());
        assertTrue(client.handshake().isSuccess());
        assertEquals("later", server.handshake().peerMetadata().getString(ZmtpAuthResult.USER_ID));
        assertFalse(client.finish());
        assertFalse(server.finish());
    }

    @Test
    void aFailingAuthenticatorIsAnInternalError() {
        Peer client = katClient();
        Peer server = katServer(r -> { throw new IllegalStateException("database down"); });
        pump(client, server);
        assertEquals(ZmtpHandshakeFailureReason.AUTHENTICATION, server.handshake().reason());
        assertEquals(ZmtpHandshakeFailureReason.AUTHENTICATION, client.handshake().reason());
        assertTrue(client.handshake().cause().getMessage().contains("ERROR 500"));
        assertFalse(client.finish());
        assertFalse(server.finish());
    }

    @Test
    void aClientWithTheWrongServerKeyIsDroppedSilentlyAndTimesOut() {
        Peer client = new Peer(ZmtpSocketType.DEALER, false,
                ZmtpCurveMechanism.client(ZmtpCurveKeyPair.generate().publicKey(), ZmtpCurveKeyPair.generate()));
        Peer server = katServer(ZmtpAuthenticator.ALLOW_ALL);
        pump(client, server);
        assertEquals(ZmtpHandshakeFailureReason.AUTHENTICATION, server.handshake().reason());
        assertTrue(server.handshake().cause().getMessage().contains("HELLO"), server.handshake()::toString);
        assertFalse(server.channel.isOpen());
        assertNull(client.handshake(), "no answer, no ERROR");
        client.advance(ZmtpCodecOptions.DEFAULT_HANDSHAKE_TIMEOUT.toMillis());
        assertEquals(ZmtpHandshakeFailureReason.TIMEOUT, client.handshake().reason());
        assertFalse(client.finish());
        assertFalse(server.finish());
    }

    @Test
    void aClientWithTheWrongServerKeySeesTheConnectionClose() {
        Peer client = new Peer(ZmtpSocketType.DEALER, false,
                ZmtpCurveMechanism.client(ZmtpCurveKeyPair.generate().publicKey()));
        Peer server = katServer(ZmtpAuthenticator.ALLOW_ALL);
        pump(client, server);
        assertFalse(server.channel.isOpen());
        client.channel.pipeline().fireChannelInactive();
        assertEquals(ZmtpHandshakeFailureReason.CLOSED, client.handshake().reason());
        assertFalse(client.finish());
        assertFalse(server.finish());
    }

    @Test
    void aClientWithAFreshKeyPairPerConnectionIsAcceptedByAStonehouseServer() {
        ZmtpCurveMechanism mechanism = ZmtpCurveMechanism.client(Kat.SERVER_PUBLIC);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Peer client = new Peer(ZmtpSocketType.DEALER, false, mechanism);
            Peer server = katServer(r -> CompletableFuture.completedFuture(
                    ZmtpAuthResult.allow(Z85.encode(r.clientPublicKey()))));
            pump(client, server);
            assertTrue(client.handshake().isSuccess());
            keys.add(server.handshake().peerMetadata().getString(ZmtpAuthResult.USER_ID));
            assertFalse(client.finish());
            assertFalse(server.finish());
        }
        assertFalse(keys.get(0).equals(keys.get(1)), "a new client key for every connection");
    }

    @Test
    void theClientAcceptsErrorWhileWaitingForWelcome() {
        Peer client = katClient();
        client.feed(concat(greeting(true), commandFrame(concat(new byte[] {5}, "ERROR".getBytes(
                StandardCharsets.US_ASCII), new byte[] {3}, "400".getBytes(StandardCharsets.US_ASCII)))));
        assertEquals(ZmtpHandshakeFailureReason.AUTHENTICATION, client.handshake().reason());
        assertFalse(client.finish());
    }

    @Test
    void aMalformedErrorFailsWithProtocol() {
        Peer client = katClient();
        client.feed(concat(greeting(true), commandFrame(hex("054552524f5209343030"))));
        assertEquals(ZmtpHandshakeFailureReason.PROTOCOL, client.handshake().reason());
        assertFalse(client.finish());
    }

    // -------------------------------------------------------------------------------------- malformed handshakes

    @Test
    void aHelloOfTheWrongLengthFailsWithProtocolAndNoError() {
        for (byte[] hello : new byte[][] {hex("0548454c4c4f"), Arrays.copyOf(Kat.HELLO, 199),
                concat(Kat.HELLO, new byte[1])}) {
            Peer server = katServer(ZmtpAuthenticator.ALLOW_ALL);
            server.written();
            server.feed(concat(greeting(false), commandFrame(hello)));
            ZmtpHandshakeCompletionEvent event = server.handshake();
            assertEquals(ZmtpHandshakeFailureReason.PROTOCOL, event.reason(), event::toString);
            assertTrue(event.cause().getMessage().contains("malformed HELLO"), event.cause().getMessage());
            assertEquals("", hex(server.written()), "libzmq sends no ERROR for a bad HELLO");
            assertFalse(server.channel.isOpen());
            assertFalse(server.finish());
        }
    }

    @Test
    void aHelloWithAnotherVersionFailsWithProtocol() {
        byte[] hello = Kat.HELLO.clone();
        hello[6] = 2;
        Peer server = katServer(ZmtpAuthenticator.ALLOW_ALL);
        server.feed(concat(greeting(false), commandFrame(hello)));
        assertEquals(ZmtpHandshakeFailureReason.PROTOCOL, server.handshake().reason());
        assertTrue(server.handshake().cause().getMessage().contains("version 2.0"));
        assertFalse(server.finish());
    }

    @Test
    void aHelloWithAForgedSignatureFailsWithAuthentication() {
        byte[] hello = Kat.HELLO.clone();
        hello[150] ^= 1;
        Peer server = katServer(ZmtpAuthenticator.ALLOW_ALL);
        server.written();
        server.feed(concat(greeting(false), commandFrame(hello)));
        assertEquals(ZmtpHandshakeFailureReason.AUTHENTICATION, server.handshake().reason());
        assertEquals("", hex(server.written()));
        assertFalse(server.finish());
    }

    @Test
    void aWelcomeThatIsTooShortOrDoesNotOpenFailsWithProtocol() {
        byte[] corrupt = Kat.WELCOME.clone();
        corrupt[100] ^= 0x40;
        for (byte[] welcome : new byte[][] {Arrays.copyOf(Kat.WELCOME, 167), corrupt}) {
            Peer client = katClient();
            client.feed(concat(greeting(true), commandFrame(welcome)));
            assertEquals(ZmtpHandshakeFailureReason.PROTOCOL, client.handshake().reason());
            assertFalse(client.channel.isOpen());
            assertFalse(client.finish());
        }
    }

    @Test
    void anUnexpectedCommandFailsTheHandshake() {
        Peer client = katClient();
        client.feed(concat(greeting(true), commandFrame(Kat.READY)));
        assertEquals(ZmtpHandshakeFailureReason.PROTOCOL, client.handshake().reason());
        assertTrue(client.handshake().cause().getMessage().contains("expected WELCOME"));
        assertFalse(client.finish());
        Peer server = katServer(ZmtpAuthenticator.ALLOW_ALL);
        server.feed(concat(greeting(false), commandFrame(Kat.INITIATE)));
        assertEquals(ZmtpHandshakeFailureReason.PROTOCOL, server.handshake().reason());
        assertFalse(server.finish());
    }

    /** Feeds the transcript's HELLO to the deterministic server, then {@code initiate}. */
    private static Peer serverAfterInitiate(byte[] initiate, ZmtpCodecOptions.Builder options) {
        Peer server = new Peer(ZmtpSocketType.ROUTER, true, options
                .mechanism(Kat.server(ZmtpAuthenticator.ALLOW_ALL)).build());
        server.feed(concat(greeting(false), commandFrame(Kat.HELLO)));
        server.written();
        server.feed(commandFrame(initiate));
        return server;
    }

    @Test
    void anInitiateWithAnotherCookieFailsWithAuthentication() {
        byte[] initiate = Kat.INITIATE.clone();
        initiate[40] ^= 1;
        Peer server = serverAfterInitiate(initiate, ZmtpCodecOptions.builder());
        assertEquals(ZmtpHandshakeFailureReason.AUTHENTICATION, server.handshake().reason());
        assertTrue(server.handshake().cause().getMessage().contains("cookie"));
        assertEquals("", hex(server.written()));
        assertFalse(server.finish());
    }

    @Test
    void anInitiateBoxThatDoesNotOpenFailsWithAuthentication() {
        byte[] initiate = Kat.INITIATE.clone();
        initiate[200] ^= 1;
        Peer server = serverAfterInitiate(initiate, ZmtpCodecOptions.builder());
        assertEquals(ZmtpHandshakeFailureReason.AUTHENTICATION, server.handshake().reason());
        assertTrue(server.handshake().cause().getMessage().contains("INITIATE box"));
        assertFalse(server.finish());
    }

    @Test
    void anInitiateTooShortFailsWithProtocol() {
        Peer server = serverAfterInitiate(Arrays.copyOf(Kat.INITIATE, 256), ZmtpCodecOptions.builder());
        assertEquals(ZmtpHandshakeFailureReason.PROTOCOL, server.handshake().reason());
        assertFalse(server.finish());
    }

    /** Builds an INITIATE with the transcript's keys whose vouch box holds {@code vouched}. */
    private static byte[] initiateVouching(byte[] vouched, byte[] vouchSigner) {
        CurveBox vouchBox = CurveBox.precompute(Kat.SERVER_TRANSIENT_PUBLIC, vouchSigner);
        byte[] vouch = vouchBox.seal(CurveNonces.longNonce(CurveNonces.VOUCH, Kat.VOUCH_TAIL, 0), vouched);
        byte[] plain = concat(Kat.CLIENT_PUBLIC, Kat.VOUCH_TAIL, vouch, Kat.CLIENT_METADATA);
        byte[] box = CurveBox.secretKey(Kat.SESSION_KEY).seal(CurveNonces.shortNonce(CurveNonces.INITIATE, 2),
                plain);
        return concat(Arrays.copyOf(Kat.INITIATE, 9 + 96 + 8), box);
    }

    @Test
    void theRebuiltInitiateOfTheTranscriptIsAccepted() {
        byte[] initiate = initiateVouching(concat(Kat.CLIENT_TRANSIENT_PUBLIC, Kat.SERVER_PUBLIC),
                Kat.CLIENT_SECRET);
        assertEquals(hex(Kat.INITIATE), hex(initiate));
    }

    @Test
    void aVouchForAnotherKeyOrSignedByAnotherClientFailsWithAuthentication() {
        byte[][] initiates = {
            initiateVouching(concat(Kat.CLIENT_TRANSIENT_PUBLIC, Kat.CLIENT_PUBLIC), Kat.CLIENT_SECRET),
            initiateVouching(concat(Kat.SERVER_TRANSIENT_PUBLIC, Kat.SERVER_PUBLIC), Kat.CLIENT_SECRET),
            initiateVouching(concat(Kat.CLIENT_TRANSIENT_PUBLIC, Kat.SERVER_PUBLIC),
                    ZmtpCurveKeyPair.generate().secretKey()),
        };
        for (byte[] initiate : initiates) {
            Peer server = serverAfterInitiate(initiate, ZmtpCodecOptions.builder());
            assertEquals(ZmtpHandshakeFailureReason.AUTHENTICATION, server.handshake().reason());
            assertTrue(server.handshake().cause().getMessage().contains("vouch"));
            assertFalse(server.finish());
        }
    }

    @Test
    void metadataAboveTheLimitFailsWithProtocolOnBothSides() {
        ZmtpMetadata big = ZmtpMetadata.builder().put("X-Big", "b".repeat(100)).build();
        Peer client = new Peer(ZmtpSocketType.DEALER, false, ZmtpCodecOptions.builder().mechanism(Kat.client())
                .metadata(big).build());
        Peer server = new Peer(ZmtpSocketType.ROUTER, true, ZmtpCodecOptions.builder()
                .mechanism(Kat.server(ZmtpAuthenticator.ALLOW_ALL)).maxMetadataSize(64).build());
        pump(client, server);
        assertEquals(ZmtpHandshakeFailureReason.PROTOCOL, server.handshake().reason());
        assertTrue(server.handshake().cause().getMessage().contains("maxMetadataSize"));
        assertFalse(client.finish());
        assertFalse(server.finish());

        client = new Peer(ZmtpSocketType.DEALER, false, ZmtpCodecOptions.builder().mechanism(Kat.client())
                .maxMetadataSize(64).build());
        server = new Peer(ZmtpSocketType.ROUTER, true, ZmtpCodecOptions.builder()
                .mechanism(Kat.server(ZmtpAuthenticator.ALLOW_ALL)).metadata(big).build());
        pump(client, server);
        assertEquals(ZmtpHandshakeFailureReason.PROTOCOL, client.handshake().reason());
        assertTrue(client.handshake().cause().getMessage().contains("maxMetadataSize"));
        assertFalse(client.finish());
        assertFalse(server.finish());
    }

    @Test
    void anIncompatibleClientGetsErrorInsteadOfReady() {
        Peer client = new Peer(ZmtpSocketType.PUSH, false, Kat.client());
        Peer server = katServer(ZmtpAuthenticator.ALLOW_ALL);
        client.feed(server.written());
        server.feed(client.written());
        client.feed(server.written());
        server.feed(client.written());
        byte[] error = server.written();
        assertEquals("04", hex(Arrays.copyOf(error, 1)));
        assertEquals("054552524f52", hex(Arrays.copyOfRange(error, 2, 8)), "ERROR, not READY");
        assertEquals(ZmtpHandshakeFailureReason.SOCKET_TYPE, server.handshake().reason());
        client.feed(error);
        assertEquals(ZmtpHandshakeFailureReason.PROTOCOL, client.handshake().reason());
        assertTrue(client.handshake().cause().getMessage().contains("incompatible Socket-Type"),
                client.handshake()::toString);
        assertFalse(client.finish());
        assertFalse(server.finish());
    }

    // --------------------------------------------------------------------------------------------- traffic

    @Test
    void aMessageWithOneBitFlippedClosesTheConnectionWithAProtocolException() {
        Peer[] peers = katConnected();
        peers[0].send("Hello");
        byte[] message = peers[0].written();
        message[30] ^= 0x08;
        peers[1].feed(message);
        assertClosedWith(peers[1], ZmtpProtocolException.class, "does not open");
        assertEquals(List.of(), peers[1].messages());
        assertFalse(peers[0].finish());
        assertFalse(peers[1].finish());
    }

    @Test
    void aReplayedMessageClosesTheConnection() {
        Peer[] peers = katConnected();
        peers[0].send("Hello");
        byte[] message = peers[0].written();
        peers[1].feed(message);
        assertEquals(List.of(List.of("Hello")), peers[1].messages());
        peers[1].feed(message);
        assertClosedWith(peers[1], ZmtpProtocolException.class, "does not increase");
        assertEquals(List.of(), peers[1].messages());
        assertFalse(peers[0].finish());
        assertFalse(peers[1].finish());
    }

    @Test
    void messagesOutOfOrderCloseTheConnectionButGapsAreTolerated() {
        Peer[] peers = katConnected();
        peers[0].send("3");
        byte[] three = peers[0].written();
        peers[0].send("4");
        peers[0].written();
        peers[0].send("5");
        byte[] five = peers[0].written();
        peers[1].feed(five);
        assertEquals(List.of(List.of("5")), peers[1].messages(), "nonce 4 never arrived: a gap is fine");
        peers[1].feed(three);
        assertClosedWith(peers[1], ZmtpProtocolException.class, "does not increase");
        assertFalse(peers[0].finish());
        assertFalse(peers[1].finish());
    }

    @Test
    void aFrameThatIsNotAMessageAfterTheHandshakeClosesTheConnection() {
        Peer[] peers = katConnected();
        peers[1].feed(hex("040704" + "50494e47" + "0000"));
        assertClosedWith(peers[1], ZmtpProtocolException.class, "expected a CURVE MESSAGE");
        assertFalse(peers[0].finish());
        assertFalse(peers[1].finish());
    }

    @Test
    void aMessageTooShortForABoxClosesTheConnection() {
        Peer[] peers = katConnected();
        peers[1].feed(dataFrame(Arrays.copyOf(Kat.MESSAGE_CLIENT_3_HELLO, 32)));
        assertClosedWith(peers[1], ZmtpProtocolException.class, "malformed CURVE MESSAGE");
        assertFalse(peers[0].finish());
        assertFalse(peers[1].finish());
    }

    @Test
    void aMessageInACommandFrameIsAcceptedAsLibzmqDoes() {
        Peer[] peers = katConnected();
        peers[1].feed(commandFrame(Kat.MESSAGE_CLIENT_3_HELLO));
        assertEquals(List.of(List.of("Hello")), peers[1].messages());
        assertFalse(peers[0].finish());
        assertFalse(peers[1].finish());
    }

    @Test
    void innerFramesAreHeldToTheMessageLimits() {
        Peer[] frames = connected(ZmtpSocketType.DEALER, ZmtpSocketType.ROUTER, ZmtpCodecOptions.builder(),
                ZmtpCodecOptions.builder().maxFramesPerMessage(2));
        frames[0].send("a", "b");
        frames[0].send("a", "b", "c");
        frames[1].feed(frames[0].written());
        assertEquals(List.of(List.of("a", "b")), frames[1].messages());
        assertClosedWith(frames[1], TooLongFrameException.class, "maxFramesPerMessage 2");
        assertFalse(frames[0].finish());
        assertFalse(frames[1].finish());

        Peer[] size = connected(ZmtpSocketType.DEALER, ZmtpSocketType.ROUTER, ZmtpCodecOptions.builder(),
                ZmtpCodecOptions.builder().maxMessageSize(100));
        size[0].send("x".repeat(60));
        size[0].send("x".repeat(60), "y".repeat(60));
        size[1].feed(size[0].written());
        assertEquals(1, size[1].messages().size());
        assertClosedWith(size[1], TooLongFrameException.class, "maxMessageSize 100");
        assertFalse(size[0].finish());
        assertFalse(size[1].finish());
    }

    @Test
    void rawBuffersAreNeverWrittenInClear() {
        Peer[] peers = katConnected();
        ChannelFuture write = peers[0].channel.writeAndFlush(Unpooled.copiedBuffer("secret", StandardCharsets.UTF_8));
        assertInstanceOf(UnsupportedMessageTypeException.class, write.cause());
        assertEquals("", hex(peers[0].written()));
        assertFalse(peers[0].finish());
        assertFalse(peers[1].finish());
    }

    @Test
    void applicationWritesBeforeTheHandshakeAreEncryptedOnceItCompletes() {
        Peer client = katClient();
        Peer server = katServer(ZmtpAuthenticator.ALLOW_ALL);
        client.send("early");
        pump(client, server);
        assertEquals(List.of(List.of("early")), server.messages());
        assertFalse(client.finish());
        assertFalse(server.finish());
    }

    @Test
    void peerMetadataIsAvailableInTheCompletionEvent() {
        Peer client = new Peer(ZmtpSocketType.DEALER, false, ZmtpCodecOptions.builder().mechanism(Kat.client())
                .metadata(ZmtpMetadata.builder().put("X-App", "curve-test").build()).build());
        Peer server = katServer(ZmtpAuthenticator.ALLOW_ALL);
        pump(client, server);
        assertEquals("curve-test", server.handshake().peerMetadata().getString("X-App"));
        assertFalse(client.finish());
        assertFalse(server.finish());
    }
}
