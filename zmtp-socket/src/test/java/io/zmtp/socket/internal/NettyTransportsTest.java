/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.socket.internal;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NettyTransportsTest {

    @Test
    void aNioGroupGetsNioChannelsWhateverTheDefault() {
        EventLoopGroup nio = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            assertEquals(NioServerSocketChannel.class, NettyTransports.serverChannelClass(nio));
            assertEquals(NioSocketChannel.class, NettyTransports.socketChannelClass(nio));
            assertEquals(NioSocketChannel.class, NettyTransports.socketChannelClass(nio.next()));
        } finally {
            nio.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void theDefaultIsEpollExactlyWhenTheNativeTransportLoads() {
        // The codec's own tests have the epoll classes but not the native library: NIO here, epoll where it loads.
        assertEquals(Epoll.isAvailable() ? "epoll" : "nio", NettyTransports.defaultTransport());
    }
}
