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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Connections in handshake, through {@link ZmtpServer#channelInitializer()} on embedded channels with frozen time:
 * each counts in {@code zmtp.server.connections.handshaking} from its accept until its handshake succeeds, fails,
 * times out or the connection closes.
 */
class ServerHandshakesTest {

    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ZmtpServer server = ZmtpServer.builder().meterRegistry(registry)
            .options(ZmtpServerOptions.builder().ioThreads(1).codecOptions(ZmtpCodecOptions.builder()
                    .handshakeTimeout(HANDSHAKE_TIMEOUT).build()).build())
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

        stalls.advanceTimeBy(HANDSHAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        stalls.runScheduledPendingTasks();
        assertFalse(stalls.isOpen(), "the handshake timed out");
        assertEquals(1.0, gauge("zmtp.server.connections.handshaking"));

        fails.writeInbound(Unpooled.copiedBuffer(new byte[] {'G', 'E', 'T', ' ', '/', ' ', 'H', 'T', 'T', 'P'}));
        assertFalse(fails.isOpen(), "a bad signature fails the handshake");
        assertEquals(0.0, gauge("zmtp.server.connections.handshaking"));
        assertEquals(3.0, registry.get("zmtp.server.handshakes").tag("outcome", "failure").counters().stream()
                .mapToDouble(c -> c.count()).sum(), "closed, timeout and protocol");
        assertEquals(0.0, gauge("zmtp.server.connections.active"));
    }
}
