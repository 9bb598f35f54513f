/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.nio.NioIoHandler;
import io.zmtp.socket.internal.NettyTransports;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The server picks the native transport where it loads, and channels always fit the group they run on. */
class TransportTest {

    @Test
    void onLinuxWithTheNativeLibraryTheServersOwnGroupIsEpoll() {
        assertEquals(Epoll.isAvailable() ? "epoll" : "nio", NettyTransports.defaultTransport(),
                () -> "epoll unavailable because: " + Epoll.unavailabilityCause());
    }

    @Test
    void aServerOnAnApplicationsNioGroupServesAClientOnTheDefaultTransport() throws Exception {
        EventLoopGroup nio = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (ZmtpServer server = ZmtpServer.builder().bind("tcp://127.0.0.1:0").eventLoopGroup(nio).build();
             RawClient client = RawClient.connect(server)) {
            client.send(new byte[][] {"over nio".getBytes()});
            ZmtpServerMessage message = server.receive(Duration.ofSeconds(10));
            try {
                byte[] content = new byte[message.content().readableBytes()];
                message.content().getBytes(message.content().readerIndex(), content);
                assertArrayEquals("over nio".getBytes(), content);
            } finally {
                message.release();
            }
        } finally {
            nio.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
