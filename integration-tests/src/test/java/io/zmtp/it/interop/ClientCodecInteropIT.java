/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.it.interop;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.zmtp.codec.ZmtpChannelInitializer;
import io.zmtp.codec.ZmtpCodecBuilder;
import io.zmtp.codec.ZmtpHandshakeCompletionEvent;
import io.zmtp.codec.ZmtpMessage;
import io.zmtp.codec.ZmtpMetadata;
import io.zmtp.codec.ZmtpProtocolVersion;
import io.zmtp.codec.ZmtpSocketType;
import io.zmtp.it.report.InteropCell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins that our codec, as a CLIENT, exchanges every payload size with the SERVER sockets of libzmq 4.3.4 and
 * zeromq.js 6.8.0 running as processes.
 *
 * <p>This drives the codec from a plain Netty {@link Bootstrap}, as any Netty user would install it; the socket-level
 * cells ({@code ZmtpClient} of zmtp-client, with NULL, PLAIN and CURVE) are in {@link ClientSocketInteropIT}.
 */
@Timeout(90)
class ClientCodecInteropIT {

    /** Messages each connection sends, cycling through {@link PayloadPattern#SIZES} (so 143 of them are 1 MiB). */
    private static final int MESSAGES_PER_CONNECTION = 1_000;

    /** Bound on every wait for a peer, a handshake or an echo. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final List<PeerProcess> peers = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        try {
            PeerProcess.closeAll(peers);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
    }

    @InteropCell(role = "SERVER ← our CLIENT codec ×2")
    @ParameterizedTest(name = "{0}")
    @EnumSource(InteropPeer.class)
    void exchangesEveryPayloadSizeByteForByteOnTwoConnectionsEachGettingItsOwnReplies(InteropPeer implementation)
            throws Exception {
        PeerProcess server = implementation.startServer("--mechanism", "null", "--bind", "tcp://127.0.0.1:*");
        peers.add(server);
        URI endpoint = URI.create(server.awaitStdoutLine(WAIT));
        assertEquals("127.0.0.1", endpoint.getHost(), server::describe);

        Connection first = connect(endpoint.getPort());
        Connection second = connect(endpoint.getPort());
        for (Connection connection : List.of(first, second)) {
            ZmtpHandshakeCompletionEvent event = connection.awaitHandshake(server);
            assertTrue(event.isSuccess(), () -> "handshake failed: " + event + "\n" + server.describe());
            assertEquals(ZmtpSocketType.SERVER, event.peerSocketType());
            assertEquals(ZmtpProtocolVersion.ZMTP_3_1, event.version(), "libzmq 4.3.x greets with ZMTP 3.1");
            assertEquals("NULL", event.mechanism());
            assertEquals("SERVER", event.peerMetadata().getString(ZmtpMetadata.SOCKET_TYPE));
        }

        // Both connections in flight at once, with different seeds: a reply the peer routes to the wrong
        // connection fails that connection's byte-for-byte check.
        int[] seeds = {11, 22};
        List<Connection> connections = List.of(first, second);
        for (int k = 0; k < MESSAGES_PER_CONNECTION; k++) {
            int size = PayloadPattern.SIZES[k % PayloadPattern.SIZES.length];
            for (int c = 0; c < connections.size(); c++) {
                connections.get(c).send(PayloadPattern.message(seeds[c], k, size));
            }
            for (int c = 0; c < connections.size(); c++) {
                byte[][] echo = connections.get(c).awaitMessage(server);
                assertEquals(1, echo.length, "frames in echo #" + k);
                int message = k;
                int connection = c;
                assertArrayEquals(PayloadPattern.message(seeds[c], k, size), echo[0],
                        () -> "echo #" + message + " (" + size + " octets) on connection " + connection);
            }
        }
        for (Connection connection : connections) {
            connection.assertNoFailure(server);
            connection.channel.close().sync();
        }
        assertTrue(server.isAlive(), server::describe);
        assertEquals("", server.stderr(), server::describe);
    }

    private Connection connect(int port) throws InterruptedException {
        Connection connection = new Connection();
        // The codec alone, as any Netty user would install it; see the class comment.
        ZmtpChannelInitializer codec = ZmtpCodecBuilder.forClient(ZmtpSocketType.CLIENT).build();
        connection.channel = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        codec.install(ch.pipeline());
                        ch.pipeline().addLast(connection);
                    }
                })
                .connect(new InetSocketAddress("127.0.0.1", port))
                .sync()
                .channel();
        return connection;
    }

    /** One connection of our codec: records its handshake, copies each received message and releases it. */
    private static final class Connection extends ChannelInboundHandlerAdapter {
        private final BlockingQueue<ZmtpHandshakeCompletionEvent> handshakes = new LinkedBlockingQueue<>();
        private final BlockingQueue<byte[][]> messages = new LinkedBlockingQueue<>();
        private final BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();
        private Channel channel;

        void send(byte[] payload) {
            channel.writeAndFlush(ZmtpMessage.of(Unpooled.wrappedBuffer(payload))).addListener(f -> {
                if (!f.isSuccess()) {
                    failures.add(f.cause());
                }
            });
        }

        ZmtpHandshakeCompletionEvent awaitHandshake(PeerProcess server) throws InterruptedException {
            ZmtpHandshakeCompletionEvent event = handshakes.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(event, () -> "no handshake within " + WAIT + " on " + channel + "\n" + server.describe());
            return event;
        }

        byte[][] awaitMessage(PeerProcess server) throws InterruptedException {
            byte[][] message = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(message, () -> "no echo within " + WAIT + " on " + channel + ", failures " + failures
                    + "\n" + server.describe());
            return message;
        }

        void assertNoFailure(PeerProcess server) {
            assertTrue(failures.isEmpty(), () -> "failures on " + channel + ": " + failures + "\n" + server.describe());
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof ZmtpHandshakeCompletionEvent) {
                handshakes.add((ZmtpHandshakeCompletionEvent) evt);
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (!(msg instanceof ZmtpMessage)) {
                    failures.add(new AssertionError("unexpected inbound object " + msg));
                    return;
                }
                ZmtpMessage message = (ZmtpMessage) msg;
                byte[][] frames = new byte[message.frameCount()][];
                for (int i = 0; i < frames.length; i++) {
                    frames[i] = ByteBufUtil.getBytes(message.content(i));
                }
                messages.add(frames);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failures.add(cause);
            ctx.close();
        }
    }
}
