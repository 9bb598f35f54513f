/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.zmtp.codec.ZmtpCodecBuilder;
import io.zmtp.codec.ZmtpCodecOptions;
import io.zmtp.codec.ZmtpSocketType;
import io.zmtp.testing.Conditions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connections in handshake, mostly through {@link ZmtpServer#channelInitializer()} on embedded channels with frozen
 * time: each counts in {@code zmtp.server.connections.handshaking} and holds one of
 * {@link ZmtpServerOptions#maxHandshakes()} places from its accept until its handshake succeeds, fails, times out
 * or the connection closes; a connection accepted when every place is taken is closed before it is greeted.
 */
class ServerHandshakesTest {

    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_HANDSHAKES = 3;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ZmtpServer server = ZmtpServer.builder().meterRegistry(registry)
            .options(ZmtpServerOptions.builder().ioThreads(1).maxHandshakes(MAX_HANDSHAKES)
                    .codecOptions(ZmtpCodecOptions.builder().handshakeTimeout(HANDSHAKE_TIMEOUT).build()).build())
            .build();
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void tearDown() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
        server.close();
    }

    /** A connection the server accepts: its initializer runs on an embedded channel with frozen time. */
    private EmbeddedChannel accept() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.freezeTime();
        channel.pipeline().addLast(server.channelInitializer());
        channels.add(channel);
        return channel;
    }

    /** A CLIENT made of the codec alone, on an embedded channel. */
    private EmbeddedChannel client() {
        EmbeddedChannel channel = new EmbeddedChannel();
        ZmtpCodecBuilder.forClient(ZmtpSocketType.CLIENT).build().install(channel.pipeline());
        channels.add(channel);
        return channel;
    }

    /** Moves what each side has written to the other until neither writes anything more. */
    private static void pump(EmbeddedChannel a, EmbeddedChannel b) {
        for (int round = 0; round < 10; round++) {
            boolean moved = move(a, b) | move(b, a);
            if (!moved) {
                return;
            }
        }
        throw new AssertionError("the peers kept talking");
    }

    private static boolean move(EmbeddedChannel from, EmbeddedChannel to) {
        boolean moved = false;
        for (ByteBuf buf; (buf = from.readOutbound()) != null; ) {
            moved = true;
            if (to.isOpen()) {
                to.writeInbound(buf);
            } else {
                buf.release();
            }
        }
        return moved;
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    private double refused() {
        return registry.get("zmtp.server.handshakes.refused").counter().count();
    }

    /** Accepts a connection and checks that the server greeted it. */
    private EmbeddedChannel acceptGreeted() {
        EmbeddedChannel channel = accept();
        assertTrue(channel.isOpen());
        assertFalse(channel.outboundMessages().isEmpty(), "greeted");
        return channel;
    }

    /** Accepts a connection and checks that the server closed it without writing a byte. */
    private void acceptRefused() {
        double before = refused();
        EmbeddedChannel channel = accept();
        assertFalse(channel.isOpen(), "closed at accept");
        assertTrue(channel.outboundMessages().isEmpty(), "not greeted");
        assertEquals(before + 1, refused());
    }

    private static void timeOut(EmbeddedChannel channel) {
        channel.advanceTimeBy(HANDSHAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }

    private static void sendGarbage(EmbeddedChannel channel) {
        channel.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\n", StandardCharsets.US_ASCII));
    }

    @Test
    void aConnectionCountsAsHandshakingFromItsAcceptUntilItsHandshakeSucceeds() {
        EmbeddedChannel accepted = accept();
        assertEquals(1.0, gauge("zmtp.server.connections.handshaking"));
        assertEquals(0.0, gauge("zmtp.server.connections.active"));

        pump(client(), accepted);
        assertEquals(0.0, gauge("zmtp.server.connections.handshaking"));
        assertEquals(1.0, gauge("zmtp.server.connections.active"));

        accepted.close();
        assertEquals(0.0, gauge("zmtp.server.connections.handshaking"));
        assertEquals(0.0, gauge("zmtp.server.connections.active"));
    }

    @Test
    void aHandshakeThatClosesTimesOutOrFailsLeavesTheHandshakingGauge() {
        EmbeddedChannel closes = accept();
        EmbeddedChannel stalls = accept();
        EmbeddedChannel fails = accept();
        assertEquals(3.0, gauge("zmtp.server.connections.handshaking"));

        closes.close();
        assertEquals(2.0, gauge("zmtp.server.connections.handshaking"));

        timeOut(stalls);
        assertFalse(stalls.isOpen(), "the handshake timed out");
        assertEquals(1.0, gauge("zmtp.server.connections.handshaking"));

        sendGarbage(fails);
        assertFalse(fails.isOpen(), "a bad signature fails the handshake");
        assertEquals(0.0, gauge("zmtp.server.connections.handshaking"));
        assertEquals(3.0, registry.get("zmtp.server.handshakes").tag("outcome", "failure").counters().stream()
                .mapToDouble(c -> c.count()).sum(), "closed, timeout and protocol");
        assertEquals(0.0, gauge("zmtp.server.connections.active"));
    }

    @Test
    void aConnectionAcceptedWhenEveryPlaceIsTakenIsClosedBeforeItIsGreetedAndCounted() {
        for (int i = 0; i < MAX_HANDSHAKES; i++) {
            acceptGreeted();
        }
        acceptRefused();
        assertEquals(MAX_HANDSHAKES, gauge("zmtp.server.connections.handshaking"), "a refused one never counts");
    }

    @Test
    void aHandshakeThatSucceedsFailsTimesOutOrClosesFreesItsPlace() {
        EmbeddedChannel succeeds = acceptGreeted();
        EmbeddedChannel fails = acceptGreeted();
        EmbeddedChannel stalls = acceptGreeted();
        acceptRefused();

        pump(client(), succeeds);
        EmbeddedChannel closes = acceptGreeted();
        acceptRefused();

        sendGarbage(fails);
        acceptGreeted();
        acceptRefused();

        timeOut(stalls);
        acceptGreeted();
        acceptRefused();

        closes.close();
        acceptGreeted();
        acceptRefused();
        assertEquals(1.0, gauge("zmtp.server.connections.active"), "the handshaken one is served");
    }

    @Test
    void maxHandshakesDefaultsTo1024AndMustBePositive() {
        assertEquals(1024, ZmtpServerOptions.defaults().maxHandshakes());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ZmtpServerOptions.builder().maxHandshakes(0));
        assertEquals("maxHandshakes: 0 (expected: > 0)", e.getMessage());
    }

    @Test
    void overTcpAThirdSilentConnectionIsClosedWhileTwoStallAndANewOneIsGreetedOnceAStalledOneCloses()
            throws Exception {
        SimpleMeterRegistry tcpRegistry = new SimpleMeterRegistry();
        try (ZmtpServer bound = ZmtpServer.builder().bind("tcp://127.0.0.1:0").meterRegistry(tcpRegistry)
                .options(ZmtpServerOptions.builder().ioThreads(2).maxHandshakes(2).build()).build()) {
            int port = bound.endpoints().get(0).port();
            // one after the other: each connects once the one before holds its place
            try (Socket first = greeted(port); Socket second = greeted(port)) {
                try (Socket third = connect(port)) {
                    assertEquals(-1, third.getInputStream().read(), "the third is closed without a byte");
                }
                assertEquals(1.0, tcpRegistry.get("zmtp.server.handshakes.refused").counter().count());
                assertEquals(2.0, tcpRegistry.get("zmtp.server.connections.handshaking").gauge().value());

                first.close();
                awaitGauge(tcpRegistry, "zmtp.server.connections.handshaking", 1.0);
                try (Socket fourth = greeted(port)) {
                    assertEquals(2.0, tcpRegistry.get("zmtp.server.connections.handshaking").gauge().value());
                }
                assertEquals(1.0, tcpRegistry.get("zmtp.server.handshakes.refused").counter().count());
            }
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Connects and reads the first octet of the server's greeting: the connection holds a place. */
    private static Socket greeted(int port) throws IOException {
        Socket socket = connect(port);
        assertEquals(0xFF, socket.getInputStream().read(), "greeted");
        return socket;
    }

    /** Waits up to 10 s for gauge {@code name} to read {@code value}. */
    private static void awaitGauge(SimpleMeterRegistry registry, String name, double value)
            throws InterruptedException {
        Conditions.await(name + " reads " + value, Duration.ofSeconds(10),
                () -> registry.get(name).gauge().value() == value,
                () -> "it reads " + registry.get(name).gauge().value());
    }
}
