/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.zmtp.socket.HostUnreachableException;
import io.zmtp.socket.WouldBlockException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static io.zmtp.server.EmbeddedPeers.receiveFrame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What bounds the memory one peer, or all of them, can make a server hold: the marks in octets beside the marks in
 * messages, the receive queue's hold on a peer that reads none of its replies (so that one slow reader never stalls
 * a receiver that answers everyone), and the disconnection of the peer that holds the most unsent octets once the
 * send queues are over {@link ZmtpServerOptions#maxQueuedBytes()}. Peers are {@link EmbeddedChannel}s, made to stop
 * reading by turning their writability off.
 */
class ServerMemoryBoundsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Integer> routingIds = new ArrayList<>();
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private ZmtpServer server;

    private void start(UnaryOperator<ZmtpServerOptions.Builder> options) {
        server = ZmtpServer.builder().meterRegistry(registry)
                .options(options.apply(ZmtpServerOptions.builder().replySpin(Duration.ZERO)).build())
                .listener(new ZmtpServerListener() {
                    @Override
                    public void peerConnected(int id, SocketAddress remoteAddress) {
                        routingIds.add(id);
                    }
                }).build();
    }

    /** Connects a peer; returns its channel, whose routing id is {@code routingIds.get(index)}. */
    private EmbeddedChannel connect() {
        EmbeddedChannel ch = EmbeddedPeers.handshake(new EmbeddedChannel(server.channelInitializer()));
        channels.add(ch);
        assertEquals(channels.size(), routingIds.size(), "the peer was registered");
        return ch;
    }

    private static void stopReading(EmbeddedChannel ch) {
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
    }

    private static void startReading(EmbeddedChannel ch) {
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        ch.runPendingTasks();
    }

    @AfterEach
    void close() {
        for (EmbeddedChannel ch : channels) {
            EmbeddedPeers.readFrames(ch);
            ch.finishAndReleaseAll();
        }
        if (server != null) {
            server.close();
        }
    }

    private ZmtpServerMessage receiveNow() throws InterruptedException {
        return server.receive(Duration.ZERO);
    }

    /** Receives the next message, which must come from peer {@code index} and carry {@code fill}; replies to it. */
    private void receiveAndEcho(int index, int fill) throws InterruptedException {
        ZmtpServerMessage request = receiveNow();
        assertEquals(routingIds.get(index), request.routingId());
        assertEquals(fill, request.content().getByte(0));
        server.trySend(request.routingId(), request.content());
    }

    @Test
    void aPeerThatReadsNoneOfItsRepliesIsHeldBackWhileTheReceiverServesTheOthers() throws InterruptedException {
        start(o -> o.sendHighWaterMark(2));
        EmbeddedChannel slow = connect();
        EmbeddedChannel good = connect();
        stopReading(slow);
        for (int i = 1; i <= 4; i++) {
            receiveFrame(slow, 10, i);
        }
        receiveAndEcho(0, 1);
        receiveAndEcho(0, 2); // two replies queued: the slow peer's send queue is full
        receiveFrame(good, 10, 7);
        receiveAndEcho(1, 7); // the slow peer's requests wait; a receiver that answers each one never blocks on it
        assertNull(receiveNow(), "nothing more to serve until the slow peer reads");
        assertEquals(List.of(7), firstOctets(good));

        startReading(slow); // its replies go out, its send queue drains, and its requests come back
        assertEquals(List.of(1, 2), firstOctets(slow));
        receiveAndEcho(0, 3);
        receiveAndEcho(0, 4);
        slow.runPendingTasks();
        assertEquals(List.of(3, 4), firstOctets(slow));
        assertEquals(0.0, registry.get("zmtp.server.sends.blocked").counter().count());
    }

    @Test
    void aHeldPeerThatLeavesGivesItsRequestsBackToTheReceiver() throws InterruptedException {
        start(o -> o.sendHighWaterMark(1));
        EmbeddedChannel slow = connect();
        stopReading(slow);
        receiveFrame(slow, 10, 1);
        receiveFrame(slow, 10, 2);
        receiveAndEcho(0, 1);
        assertNull(receiveNow(), "held while its reply is unsent");
        slow.close(); // the unsent reply fails, which frees its send queue
        ZmtpServerMessage request = receiveNow();
        assertEquals(2, request.content().getByte(0), "what it sent before it left is still received");
        assertThrows(HostUnreachableException.class, () -> server.trySend(request.routingId(), request.content()));
        request.release();
        assertEquals(1.0, registry.get("zmtp.server.messages.undelivered").counter().count());
    }

    @Test
    void sendsToAPeerWaitOnceItsQueueHoldsSendHighWaterBytes() throws InterruptedException {
        start(o -> o.sendHighWaterBytes(100));
        EmbeddedChannel slow = connect();
        stopReading(slow);
        int id = routingIds.get(0);
        server.trySend(id, Unpooled.wrappedBuffer(new byte[60]));
        server.trySend(id, Unpooled.wrappedBuffer(new byte[60])); // 60 < 100 octets held: it fits
        ByteBuf third = Unpooled.buffer(1).writeByte(1);
        assertThrows(WouldBlockException.class, () -> server.trySend(id, third));
        third.release(); // a send that fails leaves the payload with its caller
        startReading(slow);
        assertEquals(2, EmbeddedPeers.readFrames(slow).size());
        server.trySend(id, Unpooled.wrappedBuffer(new byte[200])); // larger than the mark, into an empty queue
        slow.runPendingTasks();
        assertEquals(1, EmbeddedPeers.readFrames(slow).size());
    }

    @Test
    void marksOfZeroMeanNoLimitAsOnEverySocket() throws InterruptedException {
        start(o -> o.sendHighWaterMark(0).sendHighWaterBytes(0).receiveHighWaterMark(0).receiveHighWaterBytes(0));
        EmbeddedChannel peer = connect();
        stopReading(peer);
        for (int i = 0; i < 3 * ZmtpServerOptions.DEFAULT_HWM; i++) {
            server.trySend(routingIds.get(0), Unpooled.wrappedBuffer(new byte[10]));
        }
        for (int i = 0; i < 3 * ZmtpServerOptions.DEFAULT_HWM; i++) {
            receiveFrame(peer, 10, 1);
        }
        assertTrue(peer.config().isAutoRead(), "no receive mark");
        for (int i = 0; i < 3 * ZmtpServerOptions.DEFAULT_HWM; i++) {
            receiveNow().release();
        }
        startReading(peer);
        assertEquals(3 * ZmtpServerOptions.DEFAULT_HWM, EmbeddedPeers.readFrames(peer).size());
    }

    @Test
    void aPeerStopsBeingReadOnceItsWaitingMessagesHoldReceiveHighWaterBytes() throws InterruptedException {
        start(o -> o.receiveHighWaterBytes(100));
        EmbeddedChannel peer = connect();
        receiveFrame(peer, 60, 1);
        assertTrue(peer.config().isAutoRead());
        receiveFrame(peer, 60, 2);
        assertFalse(peer.config().isAutoRead(), "120 octets waiting: no longer read");
        receiveNow().release();
        assertFalse(peer.config().isAutoRead(), "60 octets waiting: above half the mark");
        receiveNow().release();
        assertTrue(peer.config().isAutoRead(), "drained: read again");
    }

    @Test
    void pastMaxQueuedBytesInTheReceiveQueueEachPeerThatDeliversStopsBeingReadUntilItDrainsToHalf()
            throws InterruptedException {
        start(o -> o.maxQueuedBytes(100));
        EmbeddedChannel first = connect();
        EmbeddedChannel second = connect();
        receiveFrame(first, 90, 1);
        assertTrue(first.config().isAutoRead());
        receiveFrame(second, 20, 2);
        assertFalse(second.config().isAutoRead(), "110 octets waiting in all: the peer that delivered pauses");
        assertTrue(first.config().isAutoRead());
        receiveFrame(first, 20, 3);
        assertFalse(first.config().isAutoRead());
        receiveNow().release(); // 90 from the first: 40 left, under half of 100
        assertTrue(first.config().isAutoRead());
        assertTrue(second.config().isAutoRead());
        assertEquals(40.0, registry.get("zmtp.server.receive.queue.bytes").gauge().value());
        receiveNow().release();
        receiveNow().release();
    }

    @Test
    void pastMaxQueuedBytesInTheSendQueuesThePeerHoldingTheMostUnsentOctetsThatReadsNoneIsDisconnected() {
        start(o -> o.maxQueuedBytes(100));
        EmbeddedChannel hoarder = connect();
        EmbeddedChannel slow = connect();
        EmbeddedChannel reader = connect();
        stopReading(hoarder);
        stopReading(slow);
        server.trySend(routingIds.get(0), Unpooled.wrappedBuffer(new byte[60]));
        server.trySend(routingIds.get(1), Unpooled.wrappedBuffer(new byte[30]));
        server.trySend(routingIds.get(2), Unpooled.wrappedBuffer(new byte[10])); // 100 octets: at the limit
        assertEquals(0.0, memoryErrors());
        server.trySend(routingIds.get(1), Unpooled.wrappedBuffer(new byte[20])); // 120: over it
        hoarder.runPendingTasks();
        assertFalse(hoarder.isOpen(), "the largest holder that reads nothing is disconnected");
        assertTrue(slow.isOpen());
        assertTrue(reader.isOpen());
        assertEquals(1.0, memoryErrors());
        assertEquals(1.0, registry.get("zmtp.server.messages.undelivered").counter().count());
        assertEquals(2, server.peerCount(), "the other two stay");
        server.trySend(routingIds.get(1), Unpooled.wrappedBuffer(new byte[20])); // 80 held again: nobody else goes
        slow.runPendingTasks();
        assertTrue(slow.isOpen());
        assertEquals(1.0, memoryErrors());
    }

    private double memoryErrors() {
        return registry.get("zmtp.server.connection.errors").tag("reason", "memory").counter().count();
    }

    private static List<Integer> firstOctets(EmbeddedChannel ch) {
        ch.runPendingTasks();
        List<Integer> octets = new ArrayList<>();
        for (byte[] body : EmbeddedPeers.readFrames(ch)) {
            octets.add((int) body[0]);
        }
        return octets;
    }
}
