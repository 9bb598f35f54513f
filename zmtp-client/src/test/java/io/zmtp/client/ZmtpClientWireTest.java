/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.client;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.zmtp.testing.Conditions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Pins what the CLIENT puts on the wire for a burst of messages, and takes off it, with a hand-written server. Sent:
 * with NULL the client frames batches of messages itself instead of passing each through the codec, and the bytes
 * must be the same as the codec's: one final data frame per message, the short size form up to 255 octets and the long form
 * above, bodies intact, in the order they were sent, whichever way a body goes out (copied into a batch buffer up to
 * 1 KiB, or sent without copying above it). Received: what one read brings is handed to the receivers at once,
 * whole and in order, counted once, and waking as many waiting receivers as it has messages.
 */
@Timeout(30)
class ZmtpClientWireTest {

    private static final int[] SIZES = {0, 1, 63, 255, 256, 1023, 1024, 1025, 16 * 1024 - 2, 16 * 1024, 70_000};

    @Test
    void aBurstOfEverySizeLeavesAsOneFinalDataFrameEachInOrderAndByteForByte() throws Exception {
        List<byte[]> sent = new ArrayList<>();
        for (int round = 0; round < 300; round++) {
            for (int size : SIZES) {
                if (size <= 1025 || round % 50 == 0) {
                    sent.add(body(sent.size(), size));
                }
            }
        }
        try (RawZmtpServer server = new RawZmtpServer();
             ZmtpClient client = ZmtpClient.builder().connect(server.endpoint()).build()) {
            RawZmtpServer.Peer peer = server.accept(10_000);
            assertNotNull(peer);
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < sent.size(); i++) {
                        // pooled direct and heap buffers alike
                        client.send(i % 2 == 0 ? direct(sent.get(i)) : Unpooled.wrappedBuffer(sent.get(i).clone()));
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            List<RawZmtpServer.Peer.Frame> frames = peer.readDataFrames(sent.size(), 10_000);
            sending.get(10, TimeUnit.SECONDS);
            assertEquals(sent.size(), frames.size());
            for (int i = 0; i < sent.size(); i++) {
                byte[] expected = sent.get(i);
                RawZmtpServer.Peer.Frame frame = frames.get(i);
                assertEquals(expected.length > 255 ? 0x02 : 0x00, frame.flags(), "flags of message " + i);
                assertArrayEquals(expected, frame.body(), "body of message " + i);
            }
            client.awaitWritten(Duration.ofSeconds(5));
        }
    }

    @Test
    void fourThreadsSendingSmallAndLargeMessagesKeepEachThreadsOrderOnTheWire() throws Exception {
        int threads = 4;
        int perThread = 3_000;
        try (RawZmtpServer server = new RawZmtpServer();
             ZmtpClient client = ZmtpClient.builder().connect(server.endpoint()).build()) {
            RawZmtpServer.Peer peer = server.accept(10_000);
            assertNotNull(peer);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<CompletableFuture<Void>> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                senders.add(CompletableFuture.runAsync(() -> {
                    try {
                        for (int i = 0; i < perThread; i++) {
                            // mostly small bodies (framed by the sending thread), every seventh one queued whole
                            byte[] m = ByteBuffer.allocate(i % 7 == 6 ? 1500 : 8 + i % 300)
                                    .putInt(thread).putInt(i).array();
                            if (i % 2 == 0) {
                                client.send(m);
                            } else {
                                client.send(direct(m));
                            }
                        }
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            List<RawZmtpServer.Peer.Frame> frames;
            try {
                frames = peer.readDataFrames(threads * perThread, 20_000);
                CompletableFuture.allOf(senders.toArray(new CompletableFuture<?>[0])).get(10, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
            int[] next = new int[threads];
            for (RawZmtpServer.Peer.Frame frame : frames) {
                ByteBuffer b = ByteBuffer.wrap(frame.body());
                int thread = b.getInt();
                int seq = b.getInt();
                assertEquals(next[thread], seq, "thread " + thread + " out of order");
                assertEquals(seq % 7 == 6 ? 1500 : 8 + seq % 300, frame.body().length, "size of " + seq);
                next[thread]++;
            }
            assertArrayEquals(new int[] {perThread, perThread, perThread, perThread}, next);
        }
    }

    @Test
    void anArrayIsCopiedWhenSentSoTheCallerMayReuseItAtOnce() throws Exception {
        int count = 2_000;
        try (RawZmtpServer server = new RawZmtpServer();
             ZmtpClient client = ZmtpClient.builder().connect(server.endpoint()).build()) {
            RawZmtpServer.Peer peer = server.accept(10_000);
            assertNotNull(peer);
            byte[] small = new byte[16];
            byte[] large = new byte[2000];
            for (int i = 0; i < count; i++) {
                byte[] reused = i % 10 == 9 ? large : small;
                Arrays.fill(reused, (byte) i);
                if (i % 3 == 0) {
                    client.sendAsync(reused); // queued in order with the others, whenever it completes
                } else {
                    client.send(reused);
                }
            }
            List<RawZmtpServer.Peer.Frame> frames = peer.readDataFrames(count, 10_000);
            for (int i = 0; i < count; i++) {
                byte[] expected = new byte[i % 10 == 9 ? 2000 : 16];
                Arrays.fill(expected, (byte) i);
                assertArrayEquals(expected, frames.get(i).body(), "message " + i);
            }
        }
    }

    @Test
    void aReleasedPayloadIsRefusedAtOnceAndTheNextMessageStillLeaves() throws Exception {
        ZmtpClientOptions options = ZmtpClientOptions.builder().sendHighWaterMark(1).build();
        try (RawZmtpServer server = new RawZmtpServer();
             ZmtpClient client = ZmtpClient.builder().options(options).connect(server.endpoint()).build()) {
            RawZmtpServer.Peer peer = server.accept(10_000);
            assertNotNull(peer);
            ByteBuf released = Unpooled.copiedBuffer(new byte[] {1, 2, 3});
            released.release();
            assertThrows(io.netty.util.IllegalReferenceCountException.class,
                    () -> client.send(released, Duration.ofSeconds(5)));
            client.send(new byte[] {4}, Duration.ofSeconds(5)); // the refused send took no slot of the only one
            assertArrayEquals(new byte[] {4}, peer.readDataFrames(1, 10_000).get(0).body());
        }
    }

    @Test
    void aBurstFromTheServerIsReceivedWholeInOrderAndCountedOnce() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            bodies.add(body(i, 1 + i % 200));
        }
        long octets = bodies.stream().mapToLong(b -> b.length).sum();
        try (RawZmtpServer server = new RawZmtpServer();
             ZmtpClient client = ZmtpClient.builder().connect(server.endpoint()).meterRegistry(registry).build()) {
            RawZmtpServer.Peer peer = server.accept(10_000);
            assertNotNull(peer);
            peer.writeMessages(bodies); // more than RCVHWM (1 000) in one write: reading pauses and resumes
            for (int i = 0; i < bodies.size(); i++) {
                assertArrayEquals(bodies.get(i), client.receiveBytes(Duration.ofSeconds(10)), "message " + i);
            }
            assertNull(client.receive(Duration.ofMillis(50)));
            assertEquals(bodies.size(), registry.get("zmtp.client.messages.received").counter().count());
            assertEquals(octets, registry.get("zmtp.client.bytes.received").counter().count());
        }
    }

    @Test
    void everyWaitingReceiverWakesWhenABatchBringsAMessageForEach() throws Exception {
        try (RawZmtpServer server = new RawZmtpServer();
             ZmtpClient client = ZmtpClient.builder().connect(server.endpoint()).build()) {
            RawZmtpServer.Peer peer = server.accept(10_000);
            assertNotNull(peer);
            List<FutureTask<byte[]>> receivers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                receivers.add(waitingReceiver(client, Duration.ofSeconds(10)));
            }
            peer.writeMessages(List.of(body(1, 5), body(2, 5), body(3, 5)));
            java.util.Set<String> got = new java.util.HashSet<>();
            for (FutureTask<byte[]> receiver : receivers) {
                byte[] message = receiver.get(10, TimeUnit.SECONDS);
                assertNotNull(message, "a waiting receiver was left asleep");
                got.add(java.util.Arrays.toString(message));
            }
            assertEquals(3, got.size());
        }
    }

    @Test
    void aWaitingReceiverWakesWhenAReadEndsRightAfterAFullHandOver() throws Exception {
        try (RawZmtpServer server = new RawZmtpServer();
             ZmtpClient client = ZmtpClient.builder().connect(server.endpoint()).build()) {
            RawZmtpServer.Peer peer = server.accept(10_000);
            assertNotNull(peer);
            // 64 messages are one whole hand-over (nothing is left for the read-complete), 256 are four of them
            // and the depth at which a read loop wakes receivers before it ends.
            for (int count : new int[] {64, 256}) {
                FutureTask<byte[]> first = waitingReceiver(client, Duration.ofSeconds(20));
                List<byte[]> bodies = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    bodies.add(body(i, 4));
                }
                peer.writeMessages(bodies);
                // asleep until its own timeout, it would still return the message, but 20 s later
                assertArrayEquals(bodies.get(0), first.get(10, TimeUnit.SECONDS), "of " + count);
                for (int i = 1; i < count; i++) {
                    assertArrayEquals(bodies.get(i), client.receiveBytes(Duration.ofSeconds(10)), "message " + i);
                }
                assertNull(client.receive(Duration.ofMillis(20)));
            }
        }
    }

    /** Starts a receive of one message on a thread of its own, and returns once that thread waits for it. */
    private static FutureTask<byte[]> waitingReceiver(ZmtpClient client, Duration timeout)
            throws InterruptedException {
        FutureTask<byte[]> receive = new FutureTask<>(() -> client.receiveBytes(timeout));
        Thread receiver = new Thread(receive, "receiver");
        receiver.start();
        Conditions.await("the receiver waits", Duration.ofSeconds(10),
                () -> receiver.getState() == Thread.State.TIMED_WAITING, () -> "it is " + receiver.getState());
        return receive;
    }

    /** A body of {@code size} octets that differs from message to message. */
    private static byte[] body(int index, int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (index * 31 + i);
        }
        return b;
    }

    private static ByteBuf direct(byte[] body) {
        return ByteBufAllocator.DEFAULT.directBuffer(body.length).writeBytes(body);
    }
}
