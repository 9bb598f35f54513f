/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
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
import io.zmtp.codec.ZmtpCodecBuilder;
import io.zmtp.codec.ZmtpMessage;
import io.zmtp.codec.ZmtpSocketType;

import java.util.concurrent.TimeUnit;

/** A CLIENT made of the codec alone, which can send what the CLIENT socket API forbids (multipart messages). */
final class RawClient implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel channel;
    final java.util.concurrent.BlockingQueue<byte[]> received = new java.util.concurrent.LinkedBlockingQueue<>();

    private RawClient(int port) {
        this(port, io.zmtp.codec.ZmtpCodecOptions.defaults());
    }

    private RawClient(int port, io.zmtp.codec.ZmtpCodecOptions options) {
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ZmtpCodecBuilder.forClient(ZmtpSocketType.CLIENT).options(options).build()
                                .install(ch.pipeline());
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                try {
                                    if (msg instanceof ZmtpMessage) {
                                        received.add(io.netty.buffer.ByteBufUtil.getBytes(
                                                ((ZmtpMessage) msg).content(0)));
                                    }
                                } finally {
                                    ReferenceCountUtil.release(msg);
                                }
                            }
                        });
                    }
                });
        channel = b.connect("127.0.0.1", port).syncUninterruptibly().channel();
    }

    static RawClient connect(ZmtpServer server) {
        return new RawClient(server.endpoints().get(0).port());
    }

    static RawClient connect(ZmtpServer server, io.zmtp.codec.ZmtpCodecOptions options) {
        return new RawClient(server.endpoints().get(0).port(), options);
    }

    static RawClient connect(int port) {
        return new RawClient(port);
    }

    /** Returns the next message received, waiting up to 10 seconds. */
    byte[] receive() throws InterruptedException {
        byte[] message = received.poll(10, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("no message within 10 s");
        }
        return message;
    }

    /** Stops reading from the socket: what the server sends piles up in the kernel, then in the server. */
    void stopReading() {
        channel.config().setAutoRead(false);
    }

    /** Sends one single-frame message, without waiting for it to be written. */
    void sendAsync(byte[] body) {
        channel.writeAndFlush(ZmtpMessage.of(Unpooled.copiedBuffer(body)));
    }

    void send(byte[][] frames) {
        ByteBuf[] bufs = new ByteBuf[frames.length];
        for (int i = 0; i < frames.length; i++) {
            bufs[i] = Unpooled.copiedBuffer(frames[i]);
        }
        channel.writeAndFlush(ZmtpMessage.of(bufs)).syncUninterruptibly();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
