/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.it.curve;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.zmtp.codec.ZmtpChannelInitializer;
import io.zmtp.codec.ZmtpCodecBuilder;
import io.zmtp.codec.ZmtpCodecOptions;
import io.zmtp.codec.ZmtpHandshakeCompletionEvent;
import io.zmtp.codec.ZmtpHandshakeFailureReason;
import io.zmtp.codec.ZmtpMessage;
import io.zmtp.codec.ZmtpSocketType;
import io.zmtp.codec.internal.curve.CurveSupport;
import io.zmtp.codec.mechanism.ZmtpAuthResult;
import io.zmtp.codec.mechanism.ZmtpAuthenticator;
import io.zmtp.codec.mechanism.ZmtpCurveAllowList;
import io.zmtp.codec.mechanism.ZmtpCurveKeyPair;
import io.zmtp.codec.mechanism.ZmtpCurveMechanism;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import zmq.Msg;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

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
     * JeroMQ 0.6.0 sometimes opens a connection that never sends its greeting (see JeromqCodecInteropIT).
     */
    private static final long JEROMQ_CONNECT_ATTEMPT_MILLIS = 3_000;
    private static final int JEROMQ_CONNECT_ATTEMPTS = 3;

    private final ZContext jeromq = new ZContext();
    private NettyEnd netty;

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

    @Test
    void ourCurveServerEchoesEveryPayloadSizeToAJeromqCurveClientByteForByte() throws Exception {
        ZmtpCurveKeyPair serverKeys = ZmtpCurveKeyPair.generate();
        ZmtpCurveKeyPair clientKeys = ZmtpCurveKeyPair.generate();
        netty = NettyEnd.bind(serverCodec(serverKeys, ZmtpCurveAllowList.of(List.of(clientKeys.publicKey()))), true);

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
        assertEquals(PAYLOAD_SIZES.length, netty.messagesReceived.get());
        netty.assertNoErrorsOn(connection.handshake().channel());
    }

    @Test
    void aJeromqClientWithTheWrongServerKeyNeverCompletes() throws Exception {
        ZmtpCurveKeyPair serverKeys = ZmtpCurveKeyPair.generate();
        netty = NettyEnd.bind(serverCodec(serverKeys, ZmtpAuthenticator.ALLOW_ALL), true);
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
        for (Handshake h; (h = netty.handshakes.poll()) != null; ) {
            assertFalse(h.event().isSuccess(), "a reconnect got through: " + h.event());
        }
        assertEquals(0, netty.messagesReceived.get());
    }

    @Test
    void aJeromqClientWhoseKeyIsNotAllowedIsRefusedWithAuthentication() throws Exception {
        ZmtpCurveKeyPair serverKeys = ZmtpCurveKeyPair.generate();
        netty = NettyEnd.bind(serverCodec(serverKeys,
                ZmtpCurveAllowList.of(List.of(ZmtpCurveKeyPair.generate().publicKey()))), true);
        Connection connection = connectJeromqClient(serverKeys.publicKey(), ZmtpCurveKeyPair.generate());
        ZmtpHandshakeCompletionEvent event = connection.handshake().event();
        assertEquals(ZmtpHandshakeFailureReason.AUTHENTICATION, event.reason(), event::toString);
        assertTrue(event.cause().getMessage().contains("unknown client key"), event::toString);

        ZMQ.Socket client = connection.socket();
        client.setReceiveTimeOut(2_000);
        client.send("never delivered");
        assertNull(client.recv());
        client.close();
        for (Handshake h; (h = netty.handshakes.poll()) != null; ) {
            assertFalse(h.event().isSuccess(), "a reconnect got through: " + h.event());
        }
        assertEquals(0, netty.messagesReceived.get());
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

    @Test
    void ourCurveClientExchangesEveryPayloadSizeWithAJeromqCurveServerByteForByte() throws Exception {
        ZmtpCurveKeyPair serverKeys = ZmtpCurveKeyPair.generate();
        try (JeromqCurveEchoServer echo = new JeromqCurveEchoServer(serverKeys)) {
            netty = NettyEnd.connect(clientCodec(ZmtpCurveMechanism.client(serverKeys.publicKey(),
                    ZmtpCurveKeyPair.generate()), ZmtpCodecOptions.builder()), echo.port);
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
            netty.assertNoErrorsOn(netty.clientChannel);
            echo.assertNoFailure();
        }
    }

    @Test
    void ourCurveClientWithAFreshKeyPairIsAcceptedByAJeromqServerWithoutZap() throws Exception {
        ZmtpCurveKeyPair serverKeys = ZmtpCurveKeyPair.generate();
        try (JeromqCurveEchoServer echo = new JeromqCurveEchoServer(serverKeys)) {
            netty = NettyEnd.connect(clientCodec(ZmtpCurveMechanism.client(serverKeys.publicKey()),
                    ZmtpCodecOptions.builder()), echo.port);
            assertTrue(netty.awaitHandshake().event().isSuccess());
            netty.send(new byte[] {42});
            assertArrayEquals(new byte[] {42}, netty.awaitMessage()[0]);
            echo.assertNoFailure();
        }
    }

    @Test
    void ourCurveClientWithTheWrongServerKeyIsDroppedByJeromq() throws Exception {
        try (JeromqCurveEchoServer echo = new JeromqCurveEchoServer(ZmtpCurveKeyPair.generate())) {
            netty = NettyEnd.connect(clientCodec(ZmtpCurveMechanism.client(ZmtpCurveKeyPair.generate().publicKey(),
                    ZmtpCurveKeyPair.generate()), ZmtpCodecOptions.builder()), echo.port);
            Handshake handshake = netty.awaitHandshake();
            assertFalse(handshake.event().isSuccess(), handshake.event()::toString);
            // libzmq closes without a word; JeroMQ 0.6.0 first sends an ERROR with an empty reason.
            ZmtpHandshakeFailureReason reason = handshake.event().reason();
            assertTrue(reason == ZmtpHandshakeFailureReason.AUTHENTICATION
                    || reason == ZmtpHandshakeFailureReason.CLOSED, handshake.event()::toString);
            assertTrue(handshake.channel().closeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS));
        }
    }

    @Test
    void heartbeatsThroughCurveKeepAJeromqConnectionAlive() throws Exception {
        ZmtpCurveKeyPair serverKeys = ZmtpCurveKeyPair.generate();
        try (JeromqCurveEchoServer echo = new JeromqCurveEchoServer(serverKeys)) {
            netty = NettyEnd.connect(clientCodec(ZmtpCurveMechanism.client(serverKeys.publicKey()),
                    ZmtpCodecOptions.builder().heartbeatInterval(Duration.ofMillis(200))
                            .heartbeatTimeout(Duration.ofMillis(1_000))), echo.port);
            assertTrue(netty.awaitHandshake().event().isSuccess());
            Thread.sleep(2_500);
            assertTrue(netty.clientChannel.isActive(), "the PINGs were not answered: " + netty.failures);
            netty.send(new byte[] {7});
            assertArrayEquals(new byte[] {7}, netty.awaitMessage()[0], "no PING came back as data");
            assertEquals(1, netty.messagesReceived.get());
            netty.assertNoErrorsOn(netty.clientChannel);
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

    /** A handshake completion event and the connection it was fired on. */
    private record Handshake(Channel channel, ZmtpHandshakeCompletionEvent event) {
    }

    /** An exception raised on, or a write failed on, a connection. */
    private record Failure(Channel channel, Throwable cause) {
    }

    /**
     * Our end: a Netty server that echoes every message, or a Netty client that collects them, recording handshakes
     * and errors.
     */
    private static final class NettyEnd implements AutoCloseable {
        final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        final BlockingQueue<Handshake> handshakes = new LinkedBlockingQueue<>();
        final BlockingQueue<byte[][]> messages = new LinkedBlockingQueue<>();
        final Queue<Failure> failures = new ConcurrentLinkedQueue<>();
        final AtomicInteger messagesReceived = new AtomicInteger();
        final boolean echo;
        Channel serverChannel;
        Channel clientChannel;

        private NettyEnd(boolean echo) {
            this.echo = echo;
        }

        static NettyEnd bind(ZmtpChannelInitializer codec, boolean echo) throws InterruptedException {
            NettyEnd end = new NettyEnd(echo);
            try {
                end.serverChannel = new ServerBootstrap().group(end.group).channel(NioServerSocketChannel.class)
                        .childHandler(end.initializer(codec))
                        .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
                return end;
            } catch (InterruptedException | RuntimeException e) {
                end.close();
                throw e;
            }
        }

        static NettyEnd connect(ZmtpChannelInitializer codec, int port) throws InterruptedException {
            NettyEnd end = new NettyEnd(false);
            try {
                end.clientChannel = new Bootstrap().group(end.group).channel(NioSocketChannel.class)
                        .handler(end.initializer(codec))
                        .connect(new InetSocketAddress("127.0.0.1", port)).sync().channel();
                return end;
            } catch (InterruptedException | RuntimeException e) {
                end.close();
                throw e;
            }
        }

        private ChannelInitializer<Channel> initializer(ZmtpChannelInitializer codec) {
            return new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel ch) {
                    codec.install(ch.pipeline());
                    ch.pipeline().addLast(new Recorder());
                }
            };
        }

        int port() {
            return ((InetSocketAddress) serverChannel.localAddress()).getPort();
        }

        void send(byte[] payload) {
            clientChannel.writeAndFlush(ZmtpMessage.of(Unpooled.wrappedBuffer(payload))).addListener(f -> {
                if (!f.isSuccess()) {
                    failures.add(new Failure(clientChannel, f.cause()));
                }
            });
        }

        Handshake awaitHandshake() throws InterruptedException {
            Handshake handshake = handshakes.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(handshake, "no handshake completion event within " + WAIT_SECONDS + " s");
            return handshake;
        }

        /** The next handshake that succeeded or failed other than because the peer closed first, or null. */
        Handshake pollHandshakeNotClosedByPeer(long timeoutMillis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            for (long left; (left = deadline - System.nanoTime()) > 0; ) {
                Handshake handshake = handshakes.poll(left, TimeUnit.NANOSECONDS);
                if (handshake == null) {
                    return null;
                }
                if (handshake.event().reason() != ZmtpHandshakeFailureReason.CLOSED) {
                    return handshake;
                }
            }
            return null;
        }

        byte[][] awaitMessage() throws InterruptedException {
            byte[][] message = messages.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(message, "no message within " + WAIT_SECONDS + " s; errors: " + failures);
            return message;
        }

        /**
         * Fails if {@code channel} raised an exception or failed a write. Connections of JeroMQ sockets we gave up
         * on (they never sent their greeting) may be reset; they do not count.
         */
        void assertNoErrorsOn(Channel channel) {
            List<Throwable> seen = failures.stream().filter(f -> f.channel() == channel).map(Failure::cause).toList();
            assertTrue(seen.isEmpty(), () -> "errors on " + channel + ": " + seen);
        }

        @Override
        public void close() {
            try {
                if (serverChannel != null) {
                    serverChannel.close().syncUninterruptibly();
                }
                if (clientChannel != null) {
                    clientChannel.close().syncUninterruptibly();
                }
            } finally {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            }
        }

        private final class Recorder extends ChannelInboundHandlerAdapter {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
                if (evt instanceof ZmtpHandshakeCompletionEvent) {
                    handshakes.add(new Handshake(ctx.channel(), (ZmtpHandshakeCompletionEvent) evt));
                }
                super.userEventTriggered(ctx, evt);
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (!(msg instanceof ZmtpMessage)) {
                    failures.add(new Failure(ctx.channel(), new AssertionError("unexpected inbound object " + msg)));
                    ReferenceCountUtil.release(msg);
                    return;
                }
                messagesReceived.incrementAndGet();
                ZmtpMessage message = (ZmtpMessage) msg;
                if (echo) {
                    ctx.writeAndFlush(message).addListener(f -> {
                        if (!f.isSuccess()) {
                            failures.add(new Failure(ctx.channel(), f.cause()));
                        }
                    });
                    return;
                }
                try {
                    byte[][] frames = new byte[message.frameCount()][];
                    for (int i = 0; i < frames.length; i++) {
                        frames[i] = ByteBufUtil.getBytes(message.content(i));
                    }
                    messages.add(frames);
                } finally {
                    message.release();
                }
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                failures.add(new Failure(ctx.channel(), cause));
                ctx.close();
            }
        }
    }

    /** A JeroMQ CURVE SERVER on a free loopback port whose own thread echoes every message to its sender. */
    private static final class JeromqCurveEchoServer implements AutoCloseable {
        final ZContext context = new ZContext();
        final ZMQ.Socket socket;
        final int port;
        final Thread thread;
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        volatile boolean running = true;

        JeromqCurveEchoServer(ZmtpCurveKeyPair serverKeys) {
            try {
                socket = context.createSocket(SocketType.SERVER);
                socket.setLinger(0);
                socket.setReceiveTimeOut(50);
                socket.setSendTimeOut(JEROMQ_TIMEOUT_MILLIS);
                assertTrue(socket.setCurveServer(true));
                assertTrue(socket.setCurvePublicKey(serverKeys.publicKey()));
                assertTrue(socket.setCurveSecretKey(serverKeys.secretKey()));
                assertTrue(socket.bind("tcp://127.0.0.1:*"));
                String bound = socket.getLastEndpoint();
                port = Integer.parseInt(bound.substring(bound.lastIndexOf(':') + 1));
            } catch (RuntimeException | Error e) {
                context.close();
                throw e;
            }
            thread = new Thread(this::echoLoop, "jeromq-curve-echo");
            thread.setDaemon(true);
            thread.start();
        }

        private void echoLoop() {
            try {
                while (running) {
                    Msg msg = socket.recvMsg(0);
                    if (msg != null && !socket.sendMsg(msg, 0)) {
                        throw new AssertionError("JeroMQ could not echo " + msg.size() + " octets: errno "
                                + socket.errno());
                    }
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }

        void assertNoFailure() {
            Throwable t = failure.get();
            if (t != null) {
                throw new AssertionError("the JeroMQ echo server failed: " + t, t);
            }
        }

        @Override
        public void close() {
            running = false;
            try {
                thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                context.close();
            }
        }
    }
}
