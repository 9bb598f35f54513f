/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.zmtp.socket.internal.ReceivedBodies;
import io.zmtp.socket.internal.ReceiverWakeups;
import io.zmtp.testing.Conditions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How one peer's traffic is batched: sends reach its channel with one flush and one outcome per batch (in the
 * server's own pipeline, framed by the socket handler into batch buffers; in a pipeline of the application's, as one
 * message each), and the messages of one read loop reach the receive queue together.
 */
class ServerBatchingTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private int routingId;
    private ZmtpServer server = newServer(3);

    private ZmtpServer newServer(int sendHighWaterMark) {
        return newServer(sendHighWaterMark, 4);
    }

    private ZmtpServer newServer(int sendHighWaterMark, int receiveHighWaterMark) {
        return ZmtpServer.builder().meterRegistry(registry)
                .options(ZmtpServerOptions.builder().sendHighWaterMark(sendHighWaterMark)
                        .receiveHighWaterMark(receiveHighWaterMark).build())
                .listener(new ZmtpServerListener() {
                    @Override
                    public void peerConnected(int id, SocketAddress remoteAddress) {
                        routingId = id;
                    }
                }).build();
    }

    @AfterEach
    void close() {
        server.close();
    }

    /** A channel through the server's own pipeline, handshaken with a NULL CLIENT peer. */
    private EmbeddedChannel handshakenChannel() {
        return handshake(new EmbeddedChannel(server.channelInitializer()));
    }

    /** Completes a NULL handshake of {@code ch} with a CLIENT peer; discards what the codec wrote. */
    private EmbeddedChannel handshake(EmbeddedChannel ch) {
        EmbeddedPeers.handshake(ch);
        assertNotEquals(0, routingId, "the handshake completed and the peer was registered");
        return ch;
    }

    @Test
    void sendsQueuedBeforeTheEventLoopRunsLeaveInOneBufferAndAreCountedOnceWritten() {
        EmbeddedChannel ch = handshakenChannel();
        for (int i = 0; i < 3; i++) {
            server.trySend(routingId, Unpooled.wrappedBuffer(new byte[] {(byte) ('a' + i)}));
        }
        assertNull(ch.readOutbound(), "nothing is written before the event loop drains the outbox");
        ch.runPendingTasks();
        ByteBuf batch = ch.readOutbound();
        assertEquals("000161000162000163", ByteBufUtil.hexDump(batch), "three messages, one buffer");
        batch.release();
        assertNull(ch.readOutbound());
        assertEquals(3.0, registry.get("zmtp.server.messages.sent").counter().count());
        for (int i = 0; i < 3; i++) {
            server.trySend(routingId, Unpooled.wrappedBuffer(new byte[] {(byte) i})); // the batch gave its slots back
        }
        ch.runPendingTasks();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ((ByteBuf) o).release();
        }
        assertFalse(ch.finish());
    }

    @Test
    void aSendThatArrivesWhileTheDrainIsWritingJoinsItWithoutWakingTheEventLoopAgain() {
        server.close();
        server = newServer(100);
        EmbeddedChannel ch = handshakenChannel();
        boolean[] wakeUpScheduled = new boolean[1];
        // Stands for an application thread that sends while the event loop is busy writing: a handler between the
        // transport and the codec sees each buffer the drain writes; the first goes out mid-drain, when 16 messages
        // of 1 000 octets have filled a batch buffer.
        ch.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
            private boolean sent;

            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                if (!sent) {
                    sent = true;
                    server.trySend(routingId, Unpooled.wrappedBuffer(new byte[1000]).setByte(0, 99));
                    wakeUpScheduled[0] = ch.hasPendingTasks();
                }
                ctx.write(msg, promise);
            }
        });
        for (int i = 0; i < 20; i++) {
            server.trySend(routingId, Unpooled.wrappedBuffer(new byte[1000]).setByte(0, i));
        }
        ch.runPendingTasks();
        assertFalse(wakeUpScheduled[0], "a send during the drain joins it instead of scheduling another drain");
        List<Integer> firstOctets = new ArrayList<>();
        for (byte[] body : readFrames(ch)) {
            firstOctets.add((int) body[0]);
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            expected.add(i);
        }
        expected.add(99);
        assertEquals(expected, firstOctets, "all 21 messages, in order, the late one last");
        assertEquals(21.0, registry.get("zmtp.server.messages.sent").counter().count());
        assertFalse(ch.finish());
    }

    private static List<byte[]> readFrames(EmbeddedChannel ch) {
        return EmbeddedPeers.readFrames(ch);
    }

    @Test
    void inAPipelineOfTheApplicationsSendsReachItsHandlersAsMessages() {
        List<String> seen = new ArrayList<>();
        EmbeddedChannel ch = new EmbeddedChannel(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel c) {
                io.zmtp.codec.ZmtpCodecBuilder.forServer(io.zmtp.codec.ZmtpSocketType.SERVER).build()
                        .install(c.pipeline());
                c.pipeline().addLast(new ChannelOutboundHandlerAdapter() {
                    @Override
                    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                        seen.add(msg.getClass().getSimpleName());
                        ctx.write(msg, promise);
                    }
                });
                c.pipeline().addLast(server.newSocketHandler());
            }
        });
        handshake(ch);
        server.trySend(routingId, Unpooled.wrappedBuffer(new byte[] {'a'}));
        server.trySend(routingId, Unpooled.wrappedBuffer(new byte[] {'b'}));
        ch.runPendingTasks();
        assertEquals(List.of("DefaultZmtpMessage", "DefaultZmtpMessage"), seen);
        List<Integer> firstOctets = new ArrayList<>();
        for (byte[] body : readFrames(ch)) {
            firstOctets.add((int) body[0]);
        }
        assertEquals(List.of((int) 'a', (int) 'b'), firstOctets);
        assertFalse(ch.finish());
    }

    @Test
    void sendsToAPeerWhoseChannelClosesBeforeTheyAreWrittenAreCountedAsUndelivered() {
        EmbeddedChannel ch = handshakenChannel();
        for (int i = 0; i < 3; i++) {
            server.trySend(routingId, Unpooled.wrappedBuffer(new byte[] {(byte) i}));
        }
        ch.pipeline().close(); // before the event loop ran the drain
        ch.runPendingTasks();
        assertNull(ch.readOutbound());
        assertEquals(3.0, registry.get("zmtp.server.messages.undelivered").counter().count());
        assertFalse(ch.finish());
    }

    @Test
    void aDrainStopsAtTheHighWaterMarkAndResumesOnceTheChannelIsWritableAgain() {
        EmbeddedChannel ch = handshakenChannel();
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(1024, 2048));
        int[] becameWritable = new int[1];
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                if (ctx.channel().isWritable()) {
                    becameWritable[0]++;
                }
                ctx.fireChannelWritabilityChanged();
            }
        });
        for (int i = 0; i < 3; i++) {
            server.trySend(routingId, Unpooled.wrappedBuffer(new byte[2000]).setByte(0, i));
        }
        ch.runPendingTasks();
        List<Integer> firstBytes = new ArrayList<>();
        for (byte[] body : readFrames(ch)) {
            assertEquals(2000, body.length);
            firstBytes.add((int) body[0]);
        }
        assertEquals(List.of(0, 1, 2), firstBytes, "every message arrives, in order");
        assertTrue(becameWritable[0] > 1, "the first drain stopped once the channel passed its high water mark; "
                + "the rest waited until the flush made it writable again");
        assertEquals(3.0, registry.get("zmtp.server.messages.sent").counter().count());
        assertFalse(ch.finish());
    }

    private static ByteBuf frames(String... bodies) {
        ByteBuf buf = Unpooled.buffer();
        for (String body : bodies) {
            buf.writeByte(0).writeByte(body.length()).writeBytes(body.getBytes(StandardCharsets.US_ASCII));
        }
        return buf;
    }

    @Test
    void messagesOfOneReadLoopBecomeReceivableTogetherWhenTheReadCompletes() throws Exception {
        EmbeddedChannel ch = handshakenChannel();
        ch.pipeline().fireChannelRead(frames("one", "two"));
        ch.pipeline().fireChannelRead(frames("three"));
        assertNull(server.receive(Duration.ZERO), "held until the read loop completes");
        ch.pipeline().fireChannelReadComplete();
        for (String expected : List.of("one", "two", "three")) {
            ZmtpServerMessage m = server.receive(Duration.ZERO);
            assertEquals(expected, m.content().toString(StandardCharsets.US_ASCII));
            assertEquals(routingId, m.routingId());
            m.release();
        }
        assertNull(server.receive(Duration.ZERO));
        assertFalse(ch.finish());
    }

    @Test
    void messagesReadJustBeforeTheChannelClosesAreStillReceived() throws Exception {
        EmbeddedChannel ch = handshakenChannel();
        ch.pipeline().fireChannelRead(frames("last"));
        ch.close();
        ZmtpServerMessage m = server.receive(Duration.ZERO);
        assertEquals("last", m.content().toString(StandardCharsets.US_ASCII));
        m.release();
        assertFalse(ch.finish());
    }

    @Test
    void aReceiverWaitingForAMessageIsWokenByTheReadComplete() throws Exception {
        EmbeddedChannel ch = handshakenChannel();
        CompletableFuture<String> received = parkedReceiver();
        ch.writeInbound(frames("wake"));
        assertEquals("wake", received.get(30, TimeUnit.SECONDS));
        assertFalse(ch.finish());
    }

    @Test
    void aParkedReceiverIsWokenWhenTheReadLoopEndsEvenIfItsLastHandOverCameBefore() throws Exception {
        EmbeddedChannel ch = handshakenChannelAtTheDefaultMark();
        CompletableFuture<String> received = parkedReceiver();
        ch.pipeline().fireChannelRead(frames(numbered(ReceivedBodies.DELIVER_BATCH))); // exactly one batch
        // No event marks a wake-up that did not happen, so a wrong one gets time to show; load can only hide it.
        Thread.sleep(100);
        assertFalse(received.isDone(), "receivers are woken at the end of the read loop, not at each hand-over");
        ch.pipeline().fireChannelReadComplete(); // nothing left to hand over, and still the receiver must wake
        // (asleep until its own timeout of 30 s, it would return the message then, too late for this)
        assertEquals("m0", received.get(10, TimeUnit.SECONDS));
        drainAll(ReceivedBodies.DELIVER_BATCH - 1);
        assertFalse(ch.finish());
    }

    @Test
    void aLongReadLoopWakesParkedReceiversBeforeItEnds() throws Exception {
        EmbeddedChannel ch = handshakenChannelAtTheDefaultMark();
        CompletableFuture<String> received = parkedReceiver();
        ch.pipeline().fireChannelRead(frames(numbered(ReceiverWakeups.WAKE_DEPTH))); // no read-complete yet
        assertEquals("m0", received.get(10, TimeUnit.SECONDS));
        drainAll(ReceiverWakeups.WAKE_DEPTH - 1);
        ch.pipeline().fireChannelReadComplete();
        assertFalse(ch.finish());
    }

    /** A handshaken channel of a new server whose receive high-water mark is the default one. */
    private EmbeddedChannel handshakenChannelAtTheDefaultMark() {
        server.close();
        server = newServer(3, ZmtpServerOptions.DEFAULT_HWM);
        return handshakenChannel();
    }

    /** Bodies "m0", "m1", ... of {@code count} messages. */
    private static String[] numbered(int count) {
        String[] bodies = new String[count];
        Arrays.setAll(bodies, i -> "m" + i);
        return bodies;
    }

    /** A receiver that is parked in {@code receive} by the time this returns. */
    private CompletableFuture<String> parkedReceiver() throws InterruptedException {
        CompletableFuture<Thread> thread = new CompletableFuture<>();
        CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> {
            thread.complete(Thread.currentThread());
            try {
                ZmtpServerMessage m = server.receive(Duration.ofSeconds(30));
                try {
                    return m.content().toString(StandardCharsets.US_ASCII);
                } finally {
                    m.release();
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread receiver = thread.join();
        Conditions.await("the receiver parks", Duration.ofSeconds(10),
                () -> receiver.getState() == Thread.State.TIMED_WAITING, () -> "it is " + receiver.getState());
        return received;
    }

    private void drainAll(int expected) throws InterruptedException {
        for (int i = 0; i < expected; i++) {
            server.receive(Duration.ZERO).release();
        }
        assertNull(server.receive(Duration.ZERO));
    }

    @Test
    void aReadLoopThatReachesTheReceiveHighWaterMarkHandsItsMessagesOverAtOnceAndStopsReading() throws Exception {
        EmbeddedChannel ch = handshakenChannel();
        ch.pipeline().fireChannelRead(frames("1", "2", "3", "4"));
        assertFalse(ch.config().isAutoRead(), "the peer's share of the receive queue reached the mark");
        for (String expected : List.of("1", "2", "3", "4")) {
            ZmtpServerMessage m = server.receive(Duration.ZERO);
            assertEquals(expected, m.content().toString(StandardCharsets.US_ASCII));
            m.release();
        }
        assertTrue(ch.config().isAutoRead(), "reading resumes once the queue drained");
        ch.pipeline().fireChannelReadComplete();
        assertFalse(ch.finish());
    }

    @Test
    void aMessageThatArrivesWithTheHandshakeIsReceivable() throws Exception {
        EmbeddedChannel ch = new EmbeddedChannel(server.channelInitializer());
        ByteBuf in = Unpooled.buffer();
        in.writeByte(0xff).writeZero(8).writeByte(0x7f).writeByte(3).writeByte(1);
        in.writeBytes("NULL".getBytes(StandardCharsets.US_ASCII)).writeZero(16);
        in.writeByte(0).writeZero(31);
        in.writeBytes(ByteBufUtil.decodeHexDump("041c055245414459" + "0b536f636b65742d54797065" + "00000006"
                + ByteBufUtil.hexDump("CLIENT".getBytes(StandardCharsets.US_ASCII))));
        in.writeBytes(frames("early"));
        ch.writeInbound(in);
        ZmtpServerMessage m = server.receive(Duration.ZERO);
        assertEquals("early", m.content().toString(StandardCharsets.US_ASCII));
        m.release();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ((ByteBuf) o).release();
        }
        assertFalse(ch.finish());
    }
}
