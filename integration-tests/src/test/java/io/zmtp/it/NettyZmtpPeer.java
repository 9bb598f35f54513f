/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.it;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
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
import io.zmtp.codec.ZmtpHandshakeCompletionEvent;
import io.zmtp.codec.ZmtpHandshakeFailureReason;
import io.zmtp.codec.ZmtpMessage;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One Netty endpoint running our ZMTP codec over TCP loopback, which records what its connections see and either
 * echoes or collects the messages it receives.
 */
public final class NettyZmtpPeer implements AutoCloseable {

    /** How long any wait on the peer lasts before the test fails. */
    public static final long WAIT_SECONDS = 10;

    /** What the peer does with each {@link ZmtpMessage} it receives. */
    public enum OnMessage {
        /** Writes the message back on the connection it came from. */
        ECHO,
        /** Copies each frame's content for {@link #awaitMessage()} and releases the message. */
        COLLECT
    }

    /** A handshake completion event and the connection it was fired on. */
    public record Handshake(Channel channel, ZmtpHandshakeCompletionEvent event) {
    }

    /** An exception raised on, or a write failed on, a connection. */
    private record Failure(Channel channel, Throwable cause) {
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final OnMessage onMessage;
    private final BlockingQueue<Handshake> handshakes = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[][]> messages = new LinkedBlockingQueue<>();
    private final Queue<Failure> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger messagesReceived = new AtomicInteger();
    private Channel serverChannel;
    private Channel clientChannel;

    private NettyZmtpPeer(OnMessage onMessage) {
        this.onMessage = onMessage;
    }

    /** Binds a server on {@code 127.0.0.1} at a free port; every accepted connection runs {@code codec}. */
    public static NettyZmtpPeer bind(ZmtpChannelInitializer codec, OnMessage onMessage) throws InterruptedException {
        NettyZmtpPeer peer = new NettyZmtpPeer(onMessage);
        try {
            peer.serverChannel = new ServerBootstrap()
                    .group(peer.group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(peer.initializer(codec))
                    .bind(new InetSocketAddress("127.0.0.1", 0))
                    .sync()
                    .channel();
            return peer;
        } catch (InterruptedException | RuntimeException e) {
            peer.close();
            throw e;
        }
    }

    /** Connects to {@code 127.0.0.1:port} with {@code codec}. */
    public static NettyZmtpPeer connect(ZmtpChannelInitializer codec, int port, OnMessage onMessage)
            throws InterruptedException {
        NettyZmtpPeer peer = new NettyZmtpPeer(onMessage);
        try {
            peer.clientChannel = new Bootstrap()
                    .group(peer.group)
                    .channel(NioSocketChannel.class)
                    .handler(peer.initializer(codec))
                    .connect(new InetSocketAddress("127.0.0.1", port))
                    .sync()
                    .channel();
            return peer;
        } catch (InterruptedException | RuntimeException e) {
            peer.close();
            throw e;
        }
    }

    private ChannelInitializer<Channel> initializer(ZmtpChannelInitializer codec) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                codec.install(ch.pipeline());
                ch.pipeline().addLast(new RecordingHandler());
            }
        };
    }

    /** Returns the port the server is bound to. */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Returns the connection this peer opened. */
    public Channel clientChannel() {
        return clientChannel;
    }

    /** Sends {@code payload} as a single-frame message on the connection this peer opened. */
    public void send(byte[] payload) {
        clientChannel.writeAndFlush(ZmtpMessage.of(Unpooled.wrappedBuffer(payload))).addListener(recordFailure());
    }

    /** Waits for the next handshake completion event of any connection. */
    public Handshake awaitHandshake() throws InterruptedException {
        Handshake handshake = handshakes.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(handshake, "no ZmtpHandshakeCompletionEvent within " + WAIT_SECONDS + " s");
        return handshake;
    }

    /**
     * Waits up to {@code timeoutMillis} for the next handshake that succeeded or failed for a reason other than
     * {@link ZmtpHandshakeFailureReason#CLOSED}, and returns it, or {@code null} if none came. Handshakes that
     * failed because the peer closed the connection first are skipped.
     */
    public Handshake pollHandshakeNotClosedByPeer(long timeoutMillis) throws InterruptedException {
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

    /** Returns the next handshake event already recorded, or {@code null}; never waits. */
    public Handshake pollHandshake() {
        return handshakes.poll();
    }

    /** Returns the exceptions and failed writes recorded so far, for assertion messages. */
    public String failures() {
        return failures.toString();
    }

    /** Waits for the next collected message and returns the content of each of its frames. */
    public byte[][] awaitMessage() throws InterruptedException {
        byte[][] message = messages.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(message, "no ZmtpMessage within " + WAIT_SECONDS + " s");
        return message;
    }

    /** Waits until {@code channel} is closed. */
    public static void awaitClosed(Channel channel) throws InterruptedException {
        assertTrue(channel.closeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS),
                channel + " was not closed within " + WAIT_SECONDS + " s");
    }

    /** Returns how many {@link ZmtpMessage}s all connections have delivered to the application so far. */
    public int messagesReceived() {
        return messagesReceived.get();
    }

    /** Fails if {@code channel} raised an exception or failed a write. */
    public void assertNoErrorsOn(Channel channel) {
        List<Throwable> seen = failures.stream()
                .filter(f -> f.channel() == channel)
                .map(Failure::cause)
                .collect(Collectors.toList());
        if (!seen.isEmpty()) {
            AssertionError error = new AssertionError(seen.size() + " error(s) on " + channel + ", first: "
                    + seen.get(0), seen.get(0));
            seen.stream().skip(1).forEach(error::addSuppressed);
            throw error;
        }
    }

    private ChannelFutureListener recordFailure() {
        return f -> {
            if (!f.isSuccess()) {
                failures.add(new Failure(f.channel(), f.cause()));
            }
        };
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

    /** The application handler behind the codec. */
    private final class RecordingHandler extends ChannelInboundHandlerAdapter {

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
            if (onMessage == OnMessage.ECHO) {
                // Ownership passes to the encoder, which releases the message once it is encoded.
                ctx.writeAndFlush(message).addListener(recordFailure());
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
