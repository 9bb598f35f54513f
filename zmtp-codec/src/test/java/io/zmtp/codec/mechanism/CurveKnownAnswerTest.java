/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.mechanism;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.zmtp.codec.ZmtpCodecOptions;
import io.zmtp.codec.ZmtpCommand;
import io.zmtp.codec.ZmtpCommands;
import io.zmtp.codec.ZmtpFrame;
import io.zmtp.codec.ZmtpHandshakeFailureReason;
import io.zmtp.codec.ZmtpMessage;
import io.zmtp.codec.ZmtpMetadata;
import io.zmtp.codec.ZmtpPingCommand;
import io.zmtp.codec.ZmtpProtocolVersion;
import io.zmtp.codec.ZmtpRawCommand;
import io.zmtp.codec.ZmtpSocketType;
import io.zmtp.codec.internal.curve.CurveBox;
import io.zmtp.codec.internal.curve.CurveMessageCodec;
import io.zmtp.codec.internal.curve.CurveNonces;
import io.zmtp.codec.internal.curve.CurveRandom;
import org.junit.jupiter.api.Test;

import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins the CURVE boxes and the whole handshake byte for byte against the known-answer transcript that libsodium
 * computed (shared/vectors/curve_kat.out, ZMTP-NOTES 9.10), with the fixed transient keys and long nonces of that
 * transcript. Also holds the vectors and small fixtures the other CURVE tests share.
 */
class CurveKnownAnswerTest {

    /** The vectors of curve_kat.out. */
    static final class Kat {
        static final byte[] CLIENT_PUBLIC = hex("BB88471D65E2659B30C55A5321CEBB5AAB2B70A398645C26DCA2B2FCB43FC518");
        static final byte[] CLIENT_SECRET = hex("7BB864B489AFA3671FBE69101F94B38972F24816DFB01B51656B3FEC8DFD0888");
        static final byte[] SERVER_PUBLIC = hex("54FCBA24E93249969316FB617C872BB0C1D1FF14800427C594CBFACF1BC2D652");
        static final byte[] SERVER_SECRET = hex("8E0BDD697628B91D8F245587EE95C5B04D48963F79259877B49CD9063AEAD3B7");
        static final String CLIENT_PUBLIC_Z85 = "Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID";
        static final String CLIENT_SECRET_Z85 = "D:)Q[IlAW!ahhC2ac:9*A}h:p?([4%wOTJ%JR%cs";
        static final String SERVER_PUBLIC_Z85 = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";

        static final byte[] SHARED_C_S = hex("535e8ec77a336a164c2484095d83b7e5f902a695c27482af6e07e09e31611b1c");
        static final byte[] BEFORENM_S_C = hex("0e8790cb0dc8703af2533cc8594eecfbf62ca560a66ebee1259cc0a30435c6f3");

        static final byte[] CLIENT_TRANSIENT_SECRET = repeat(0x01, 32);
        static final byte[] CLIENT_TRANSIENT_PUBLIC =
                hex("a4e09292b651c278b9772c569f5fa9bb13d906b46ab68c9df9dc2b4409f8a209");
        static final byte[] SERVER_TRANSIENT_SECRET = repeat(0x02, 32);
        static final byte[] SERVER_TRANSIENT_PUBLIC =
                hex("ce8d3ad1ccb633ec7b70c17814a5c76ecd029685050d344745ba05870e587d59");
        static final byte[] COOKIE_KEY = repeat(0x03, 32);
        static final byte[] WELCOME_TAIL = repeat(0x04, 16);
        static final byte[] COOKIE_TAIL = repeat(0x05, 16);
        static final byte[] VOUCH_TAIL = repeat(0x06, 16);
        static final byte[] SESSION_KEY = hex("18a99320f3488fa18a04239715d8ee738065e65c3d4b2898522d6c3d4ead588c");

        static final byte[] HELLO = hex(
                "0548454c4c4f0100000000000000000000000000000000000000000000000000"
                + "0000000000000000000000000000000000000000000000000000000000000000"
                + "00000000000000000000000000000000a4e09292b651c278b9772c569f5fa9bb"
                + "13d906b46ab68c9df9dc2b4409f8a20900000000000000018373e6339d1671fc"
                + "8c8e1bd8896fa8eb3caa99ee23ab921111a41f4bdd6ec09729dd00c5951d9619"
                + "a1586b75e93f5b2180c86e7866a061a6ec676f7819da3d9c68b56b80edc36981"
                + "cab1b7ef50882957");
        static final byte[] COOKIE = hex(
                "0505050505050505050505050505050597e3502cba39b3aa6763168ed961a178"
                + "edad2cb4a321a644617b2c29c50ebf66ac5aee9852dba06101f1735e555ff80d"
                + "529baef7ba6d9ce3a8ca22d5916fa0db544314bfc386b5f6e4c3949768673763");
        static final byte[] WELCOME = hex(
                "0757454c434f4d4504040404040404040404040404040404a0d20c1318a35107"
                + "a283304574a819cc4e86305c7e98fdaa9c68a93cc97d70f882979500eee544d6"
                + "0c075024129544c52680f530ff37c86c4a2375f2ef0b5561a87889910d9bdb50"
                + "d54b57d42d09405d50921bafcc3cc7c77faef9ce24733e873786075a58fe7d39"
                + "fa7ac0a945d9ad4cd475b6ce6a26fabce44928d78f92937d832a580ec58c1563"
                + "c610fc15e8fba5a7");
        static final byte[] CLIENT_METADATA =
                hex("0b536f636b65742d54797065000000064445414c4552084964656e7469747900000000");
        static final byte[] INITIATE = hex(
                "08494e4954494154450505050505050505050505050505050597e3502cba39b3"
                + "aa6763168ed961a178edad2cb4a321a644617b2c29c50ebf66ac5aee9852dba0"
                + "6101f1735e555ff80d529baef7ba6d9ce3a8ca22d5916fa0db544314bfc386b5"
                + "f6e4c394976867376300000000000000023d6f20f76c691acbcbb3708f9b6fdc"
                + "945d0d6412f78edb8a330ea01a031b62ba262a7983e1b3d89971a4c878797901"
                + "0df3263a14b8e1bada606f174139e99aa3b75ff83d18993cb5f7ae4ac5e86f0d"
                + "9dbff852b94e885189ee272c6165741b1444de431df53c6b7e9d41e64c359895"
                + "2880dbad50127d1be101d38aaff5dffa7d5221e0bc54dbc790db50959d21dd67"
                + "0783bf8e3e81bf46b9cb4b7b101983b59d33fe504dfa2d6ecdc1d5679ee15c7b"
                + "7bf73197");
        static final byte[] READY = hex(
                "0552454144590000000000000001aa4c723678c71dfe6f3bc26813dc46cf8c85"
                + "23db54e3e1ea33d4794898e5721f7fec0a9e7d43");
        static final byte[] MESSAGE_CLIENT_3_HELLO = hex(
                "074d45535341474500000000000000035c4c430dd14146bdd13d5017df4d4928" + "5fce9c50a189");
        static final byte[] MESSAGE_SERVER_2_WORLD = hex(
                "074d45535341474500000000000000028cc06e0bf12d5e3deda5f8199d8ce0a4" + "2bc54433240a");
        static final byte[] MESSAGE_CLIENT_4_PING = hex(
                "074d4553534147450000000000000004af323e9c90c5f8187b1f219da04826d8" + "44efb8f03a74b41d");

        /** The client's fixed inputs: c' and V. */
        static final CurveRandom CLIENT_RANDOM = fixed(CLIENT_TRANSIENT_SECRET);
        /** The server's fixed inputs: s', K, W and Ck. */
        static final CurveRandom SERVER_RANDOM = fixed(SERVER_TRANSIENT_SECRET);

        private static CurveRandom fixed(byte[] transientSecret) {
            Map<CurveRandom.Use, byte[]> values = new EnumMap<>(CurveRandom.Use.class);
            values.put(CurveRandom.Use.TRANSIENT_SECRET_KEY, transientSecret);
            values.put(CurveRandom.Use.COOKIE_KEY, COOKIE_KEY);
            values.put(CurveRandom.Use.WELCOME_NONCE, WELCOME_TAIL);
            values.put(CurveRandom.Use.COOKIE_NONCE, COOKIE_TAIL);
            values.put(CurveRandom.Use.VOUCH_NONCE, VOUCH_TAIL);
            return use -> {
                byte[] value = values.get(use);
                if (value == null) {
                    throw new AssertionError("no fixed value for " + use);
                }
                return value.clone();
            };
        }

        static ZmtpCurveKeyPair clientKeys() {
            return ZmtpCurveKeyPair.fromSecretKey(CLIENT_SECRET);
        }

        static ZmtpCurveKeyPair serverKeys() {
            return ZmtpCurveKeyPair.fromSecretKey(SERVER_SECRET);
        }

        /** The deterministic client of the transcript, presenting the libzmq test client key. */
        static ZmtpCurveMechanism client() {
            return ZmtpCurveMechanism.client(SERVER_PUBLIC, clientKeys(), CLIENT_RANDOM);
        }

        /** The deterministic server of the transcript. */
        static ZmtpCurveMechanism server(ZmtpAuthenticator authenticator) {
            return ZmtpCurveMechanism.server(serverKeys(), authenticator, SERVER_RANDOM);
        }

        static ZmtpMetadata clientMetadata() {
            return ZmtpMetadata.builder().put("Socket-Type", "DEALER").put("Identity", new byte[0]).build();
        }

        static ZmtpMetadata serverMetadata() {
            return ZmtpMetadata.builder().put("Socket-Type", "ROUTER").build();
        }

        private Kat() {
        }
    }

    static byte[] hex(String hex) {
        return ByteBufUtil.decodeHexDump(hex);
    }

    static String hex(byte[] bytes) {
        return ByteBufUtil.hexDump(bytes);
    }

    static byte[] repeat(int value, int count) {
        byte[] b = new byte[count];
        Arrays.fill(b, (byte) value);
        return b;
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int offset = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, offset, p.length);
            offset += p.length;
        }
        return out;
    }

    /** Returns a command as the handshake handler hands it over in raw mode: name and data parsed off a body. */
    static ZmtpRawCommand raw(byte[] body) {
        ByteBuf buf = Unpooled.wrappedBuffer(body);
        String name = ZmtpCommands.readName(buf);
        return new ZmtpRawCommand(name, buf.readRetainedSlice(buf.readableBytes()));
    }

    /** A {@link ZmtpMechanismContext} that records what the mechanism does, on an immediate executor. */
    static final class FakeContext implements ZmtpMechanismContext {
        final List<byte[]> sent = new ArrayList<>();
        final ZmtpMetadata localMetadata;
        final boolean server;
        final ZmtpCodecOptions options;
        ZmtpSocketType socketType;
        ZmtpMetadata peerMetadata;
        ChannelHandler frameCodec;
        ZmtpHandshakeFailureReason failure;
        String failureMessage;
        String errorReason;

        FakeContext(boolean server, ZmtpMetadata localMetadata) {
            this(server, localMetadata, ZmtpCodecOptions.defaults());
        }

        FakeContext(boolean server, ZmtpMetadata localMetadata, ZmtpCodecOptions options) {
            this.server = server;
            this.localMetadata = localMetadata;
            this.options = options;
        }

        @Override
        public ZmtpSocketType localSocketType() {
            return socketType != null ? socketType : ZmtpSocketType.fromWireName(localMetadata.getString("Socket-Type"));
        }

        @Override
        public ZmtpMetadata localMetadata() {
            return localMetadata;
        }

        @Override
        public ZmtpCodecOptions options() {
            return options;
        }

        @Override
        public boolean isServer() {
            return server;
        }

        @Override
        public ZmtpProtocolVersion version() {
            return ZmtpProtocolVersion.ZMTP_3_1;
        }

        @Override
        public SocketAddress remoteAddress() {
            return null;
        }

        @Override
        public ByteBufAllocator alloc() {
            return ByteBufAllocator.DEFAULT;
        }

        @Override
        public EventExecutor executor() {
            return ImmediateEventExecutor.INSTANCE;
        }

        /** Records the command frame body and releases the command. */
        @Override
        public void send(ZmtpCommand command) {
            ByteBuf body = Unpooled.buffer();
            try {
                body.writeByte(command.name().length());
                body.writeCharSequence(command.name(), StandardCharsets.US_ASCII);
                command.writeData(body);
                sent.add(ByteBufUtil.getBytes(body));
            } finally {
                body.release();
                ReferenceCountUtil.release(command);
            }
        }

        @Override
        public void complete(ZmtpMetadata peerMetadata, ChannelHandler frameCodec) {
            this.peerMetadata = peerMetadata;
            this.frameCodec = frameCodec;
        }

        @Override
        public void fail(ZmtpHandshakeFailureReason reason, String message, String errorReason) {
            this.failure = reason;
            this.failureMessage = message;
            this.errorReason = errorReason;
        }

        byte[] last() {
            return sent.get(sent.size() - 1);
        }
    }

    /** Hands {@code body} to {@code handshake} as the handshake handler would, and releases it after. */
    static void receive(ZmtpMechanismHandshake handshake, byte[] body) throws Exception {
        ZmtpRawCommand command = raw(body);
        try {
            handshake.commandReceived(command);
        } finally {
            command.release();
        }
    }

    // ------------------------------------------------------------------------------------------------- primitives

    @Test
    void testKeysDerivePublicKeysAndZ85AsInTheLibzmqDocs() {
        assertEquals(hex(Kat.CLIENT_PUBLIC), hex(Kat.clientKeys().publicKey()));
        assertEquals(hex(Kat.SERVER_PUBLIC), hex(Kat.serverKeys().publicKey()));
        assertEquals(Kat.CLIENT_PUBLIC_Z85, Kat.clientKeys().publicKeyZ85());
        assertEquals(Kat.CLIENT_SECRET_Z85, Kat.clientKeys().secretKeyZ85());
        assertEquals(Kat.SERVER_PUBLIC_Z85, Kat.serverKeys().publicKeyZ85());
        assertEquals(hex(Kat.CLIENT_TRANSIENT_PUBLIC), hex(CurveBox.publicKey(Kat.CLIENT_TRANSIENT_SECRET)));
        assertEquals(hex(Kat.SERVER_TRANSIENT_PUBLIC), hex(CurveBox.publicKey(Kat.SERVER_TRANSIENT_SECRET)));
    }

    @Test
    void x25519AndHsalsa20GiveLibsodiumsPrecomputedKeys() {
        assertEquals(hex(Kat.SHARED_C_S), hex(CurveBox.sharedSecret(Kat.SERVER_PUBLIC, Kat.CLIENT_SECRET)));
        assertEquals(hex(Kat.BEFORENM_S_C), hex(CurveBox.beforenm(Kat.SERVER_PUBLIC, Kat.CLIENT_SECRET)));
        assertEquals(hex(Kat.BEFORENM_S_C), hex(CurveBox.beforenm(Kat.CLIENT_PUBLIC, Kat.SERVER_SECRET)));
        assertEquals(hex(Kat.SESSION_KEY),
                hex(CurveBox.beforenm(Kat.SERVER_TRANSIENT_PUBLIC, Kat.CLIENT_TRANSIENT_SECRET)));
        assertEquals(hex(Kat.SESSION_KEY),
                hex(CurveBox.beforenm(Kat.CLIENT_TRANSIENT_PUBLIC, Kat.SERVER_TRANSIENT_SECRET)));
    }

    @Test
    void aLowOrderPublicKeyGivesNoBox() {
        assertNull(CurveBox.precompute(new byte[32], Kat.CLIENT_SECRET), "the all-zero point");
    }

    @Test
    void helloSignatureBoxIsLibsodiumsCryptoBox() {
        CurveBox box = CurveBox.precompute(Kat.SERVER_PUBLIC, Kat.CLIENT_TRANSIENT_SECRET);
        byte[] sealed = box.seal(CurveNonces.shortNonce(CurveNonces.HELLO, 1), new byte[64]);
        assertEquals(hex(Arrays.copyOfRange(Kat.HELLO, 120, 200)), hex(sealed));
        CurveBox opener = CurveBox.precompute(Kat.CLIENT_TRANSIENT_PUBLIC, Kat.SERVER_SECRET);
        assertArrayEquals(new byte[64], opener.open(CurveNonces.shortNonce(CurveNonces.HELLO, 1), Kat.HELLO, 120,
                80));
        assertNull(opener.open(CurveNonces.shortNonce(CurveNonces.HELLO, 2), Kat.HELLO, 120, 80), "wrong nonce");
    }

    @Test
    void cookieIsLibsodiumsSecretbox() {
        CurveBox box = CurveBox.secretKey(Kat.COOKIE_KEY);
        byte[] sealed = box.seal(CurveNonces.longNonce(CurveNonces.COOKIE, Kat.COOKIE_TAIL, 0),
                concat(Kat.CLIENT_TRANSIENT_PUBLIC, Kat.SERVER_TRANSIENT_SECRET));
        assertEquals(hex(Kat.COOKIE), hex(concat(Kat.COOKIE_TAIL, sealed)));
    }

    @Test
    void welcomeBoxOpensWithTheClientsTransientKeyAndHoldsTheServerTransientKeyAndCookie() {
        CurveBox box = CurveBox.precompute(Kat.SERVER_PUBLIC, Kat.CLIENT_TRANSIENT_SECRET);
        byte[] plain = box.open(CurveNonces.longNonce(CurveNonces.WELCOME, Kat.WELCOME, 8), Kat.WELCOME, 24, 144);
        assertNotNull(plain);
        assertEquals(hex(concat(Kat.SERVER_TRANSIENT_PUBLIC, Kat.COOKIE)), hex(plain));
    }

    @Test
    void initiateAndVouchBoxesOpenWithTheServersKeys() {
        CurveBox session = CurveBox.precompute(Kat.CLIENT_TRANSIENT_PUBLIC, Kat.SERVER_TRANSIENT_SECRET);
        byte[] plain = session.open(CurveNonces.shortNonce(CurveNonces.INITIATE, 2), Kat.INITIATE, 113,
                Kat.INITIATE.length - 113);
        assertNotNull(plain);
        assertEquals(hex(Kat.CLIENT_PUBLIC), hex(Arrays.copyOfRange(plain, 0, 32)));
        assertEquals(hex(Kat.VOUCH_TAIL), hex(Arrays.copyOfRange(plain, 32, 48)));
        assertEquals(hex(Kat.CLIENT_METADATA), hex(Arrays.copyOfRange(plain, 128, plain.length)));
        CurveBox vouch = CurveBox.precompute(Kat.CLIENT_PUBLIC, Kat.SERVER_TRANSIENT_SECRET);
        byte[] vouched = vouch.open(CurveNonces.longNonce(CurveNonces.VOUCH, Kat.VOUCH_TAIL, 0), plain, 48, 80);
        assertEquals(hex(concat(Kat.CLIENT_TRANSIENT_PUBLIC, Kat.SERVER_PUBLIC)), hex(vouched));
    }

    @Test
    void readyAndMessageBoxesUseTheSessionKey() {
        CurveBox session = CurveBox.secretKey(Kat.SESSION_KEY);
        byte[] ready = session.seal(CurveNonces.shortNonce(CurveNonces.READY, 1),
                hex("0b536f636b65742d5479706500000006524f55544552"));
        assertEquals(hex(Arrays.copyOfRange(Kat.READY, 14, Kat.READY.length)), hex(ready));
        byte[] hello = session.seal(CurveNonces.shortNonce(CurveNonces.MESSAGE_FROM_CLIENT, 3),
                concat(new byte[] {0}, "Hello".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(hex(Arrays.copyOfRange(Kat.MESSAGE_CLIENT_3_HELLO, 16, 38)), hex(hello));
        byte[] ping = session.open(CurveNonces.shortNonce(CurveNonces.MESSAGE_FROM_CLIENT, 4),
                Kat.MESSAGE_CLIENT_4_PING, 16, 24);
        assertEquals("020450494e470000", hex(ping));
    }

    @Test
    void aBoxWithAnyBitFlippedDoesNotOpenAndIsLeftUnchanged() {
        CurveBox session = CurveBox.secretKey(Kat.SESSION_KEY);
        byte[] nonce = CurveNonces.shortNonce(CurveNonces.MESSAGE_FROM_SERVER, 2);
        for (int bit = 0; bit < 22 * 8; bit++) {
            byte[] box = Arrays.copyOfRange(Kat.MESSAGE_SERVER_2_WORLD, 16, 38);
            box[bit / 8] ^= (byte) (1 << (bit % 8));
            byte[] before = box.clone();
            assertFalse(session.openInPlace(nonce, box, 0, box.length), "bit " + bit);
            assertArrayEquals(before, box);
        }
    }

    // ------------------------------------------------------------------------------------- the whole transcript

    @Test
    void ourClientAndServerReproduceTheTranscriptByteForByte() throws Exception {
        FakeContext clientContext = new FakeContext(false, Kat.clientMetadata());
        FakeContext serverContext = new FakeContext(true, Kat.serverMetadata());
        ZmtpMechanismHandshake client = Kat.client().newHandshake(clientContext);
        ZmtpMechanismHandshake server = Kat.server(ZmtpAuthenticator.ALLOW_ALL).newHandshake(serverContext);
        assertTrue(client.rawCommands());
        assertTrue(server.rawCommands());

        client.start();
        server.start();
        assertEquals(hex(Kat.HELLO), hex(clientContext.last()));
        assertEquals(List.of(), serverContext.sent, "the server waits for HELLO");
        receive(server, clientContext.last());
        assertEquals(hex(Kat.WELCOME), hex(serverContext.last()));
        receive(client, serverContext.last());
        assertEquals(hex(Kat.INITIATE), hex(clientContext.last()));
        receive(server, clientContext.last());
        assertEquals(hex(Kat.READY), hex(serverContext.last()));
        assertNull(serverContext.failure, serverContext.failureMessage);
        assertEquals(Kat.clientMetadata(), serverContext.peerMetadata, "ALLOW_ALL adds no User-Id");
        receive(client, serverContext.last());
        assertNull(clientContext.failure, clientContext.failureMessage);
        assertEquals(Kat.serverMetadata(), clientContext.peerMetadata);
        client.close();
        server.close();

        EmbeddedChannel clientCodec = new EmbeddedChannel(clientContext.frameCodec);
        EmbeddedChannel serverCodec = new EmbeddedChannel(serverContext.frameCodec);
        assertTrue(clientContext.frameCodec instanceof CurveMessageCodec);

        clientCodec.writeOutbound(ZmtpMessage.of(Unpooled.copiedBuffer("Hello", StandardCharsets.US_ASCII)));
        byte[] hello = outboundMessage(clientCodec);
        assertEquals(hex(Kat.MESSAGE_CLIENT_3_HELLO), hex(hello));
        clientCodec.writeOutbound(new ZmtpPingCommand(0, new byte[0]));
        byte[] ping = outboundMessage(clientCodec);
        assertEquals(hex(Kat.MESSAGE_CLIENT_4_PING), hex(ping));
        serverCodec.writeOutbound(ZmtpMessage.of(Unpooled.copiedBuffer("World", StandardCharsets.US_ASCII)));
        byte[] world = outboundMessage(serverCodec);
        assertEquals(hex(Kat.MESSAGE_SERVER_2_WORLD), hex(world));

        serverCodec.writeInbound(new io.zmtp.codec.DefaultZmtpFrame(Unpooled.wrappedBuffer(hello)));
        serverCodec.writeInbound(new io.zmtp.codec.DefaultZmtpFrame(Unpooled.wrappedBuffer(ping), false, true));
        ZmtpFrame helloFrame = serverCodec.readInbound();
        assertEquals("Hello", helloFrame.content().toString(StandardCharsets.US_ASCII));
        assertFalse(helloFrame.isMore());
        assertFalse(helloFrame.isCommand());
        helloFrame.release();
        ZmtpFrame pingFrame = serverCodec.readInbound();
        assertTrue(pingFrame.isCommand(), "the inner flag, not the outer one, makes a command");
        assertEquals("0450494e470000", hex(ByteBufUtil.getBytes(pingFrame.content())));
        pingFrame.release();
        clientCodec.writeInbound(new io.zmtp.codec.DefaultZmtpFrame(Unpooled.wrappedBuffer(world)));
        ZmtpFrame worldFrame = clientCodec.readInbound();
        assertEquals("World", worldFrame.content().toString(StandardCharsets.US_ASCII));
        worldFrame.release();
        assertFalse(clientCodec.finish());
        assertFalse(serverCodec.finish());
    }

    @Test
    void theClientRefusesAnIncompatibleServerWithoutCompleting() throws Exception {
        FakeContext clientContext = new FakeContext(false, Kat.clientMetadata());
        FakeContext serverContext = new FakeContext(true, ZmtpMetadata.builder().put("Socket-Type", "PUB").build());
        serverContext.socketType = ZmtpSocketType.ROUTER;
        ZmtpMechanismHandshake client = Kat.client().newHandshake(clientContext);
        ZmtpMechanismHandshake server = Kat.server(ZmtpAuthenticator.ALLOW_ALL).newHandshake(serverContext);
        client.start();
        receive(server, clientContext.last());
        receive(client, serverContext.last());
        receive(server, clientContext.last());
        assertNotNull(serverContext.peerMetadata, "the server has no objection");
        receive(client, serverContext.last());
        assertNull(clientContext.peerMetadata, "the client did not complete");
        assertEquals(ZmtpHandshakeFailureReason.SOCKET_TYPE, clientContext.failure);
        assertNull(clientContext.errorReason, "a CURVE client never sends ERROR");
        client.close();
        server.close();
    }

    /** Reads the one MESSAGE frame the codec wrote, checks it is a plain final data frame, and returns its body. */
    static byte[] outboundMessage(EmbeddedChannel codec) {
        ZmtpFrame frame = codec.readOutbound();
        assertNotNull(frame, "nothing written");
        try {
            assertFalse(frame.isMore(), "outer MORE");
            assertFalse(frame.isCommand(), "outer COMMAND");
            return ByteBufUtil.getBytes(frame.content());
        } finally {
            frame.release();
        }
    }
}
