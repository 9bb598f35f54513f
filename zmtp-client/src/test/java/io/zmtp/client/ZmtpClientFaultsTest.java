/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.client;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zmtp.codec.SocketClosedException;
import io.zmtp.codec.transport.InvalidEndpointException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins the CLIENT pool's behaviour with peers that misbehave, written by hand on plain sockets: a server that goes
 * silent, one that stops reading and then leaves, one that sends multipart messages, one with the wrong mechanism;
 * and the rules of closing.
 */
@Timeout(30)
class ZmtpClientFaultsTest {

    private static final long WAIT = 10_000;

    @Test
    void aServerThatHandshakesThenGoesSilentIsClosedByTheHeartbeatTimeoutCountedAndReconnected() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RecordingListener events = new RecordingListener();
        ZmtpClientOptions options = ZmtpClientOptions.builder()
                .heartbeat(Duration.ofMillis(100), Duration.ofMillis(300)).build();
        try (RawZmtpServer server = new RawZmtpServer();
             ZmtpClient client = ZmtpClient.builder().options(options).connect(server.endpoint())
                     .meterRegistry(registry).listener(events).build()) {
            RawZmtpServer.Peer first = server.accept(WAIT);
            assertNotNull(first);
            events.await("connected", WAIT);
            long start = System.nanoTime();
            events.await("heartbeat-timeout", WAIT);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis >= 250 && millis < 3_000, "detected after " + millis + " ms");
            events.await("disconnected", WAIT);
            assertTrue(first.awaitClosedByClient(WAIT), "the client closed the silent connection");
            assertEquals(1.0, registry.get("zmtp.client.heartbeat.timeouts").counter().count());
            assertNotNull(server.accept(WAIT), "the client reconnected");
        }
    }

    @Test
    void messagesNotYetWrittenWhenTheirServerLeavesGoToAnotherServerAndEachArrivesExactlyOnce() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RecordingListener events = new RecordingListener();
        int count = 400;
        int size = 64 * 1024;
        ZmtpClientOptions options = ZmtpClientOptions.builder().sendHighWaterMark(0).build();
        try (RawZmtpServer stalled = new RawZmtpServer();
             JeromqServer healthy = JeromqServer.start();
             ZmtpClient client = ZmtpClient.builder().options(options).connect(stalled.endpoint())
                     .meterRegistry(registry).listener(events).build()) {
            RawZmtpServer.Peer peer = stalled.accept(WAIT);
            assertNotNull(peer);
            events.await("connected", WAIT);
            // The stalled server reads nothing: the kernel buffers fill and the rest stays queued in the client.
            for (int i = 0; i < count; i++) {
                byte[] payload = new byte[size];
                ByteBuffer.wrap(payload).putInt(i);
                client.send(payload);
            }
            client.connect(healthy.endpoint());
            events.await("connected", WAIT);
            // The stalled server goes away gracefully: it sends FIN, then reads what the kernel still holds.
            peer.shutdownOutput();
            List<byte[]> atStalled = peer.readMessages(WAIT);
            int atHealthy = healthy.awaitCount(count - atStalled.size(), WAIT);
            assertEquals(count, atStalled.size() + atHealthy, "every accepted message arrived somewhere");
            Set<Integer> seen = new HashSet<>();
            for (byte[] m : atStalled) {
                assertTrue(seen.add(ByteBuffer.wrap(m).getInt()), "duplicate");
            }
            for (byte[] m : healthy.messages()) {
                assertEquals(size, m.length);
                assertTrue(seen.add(ByteBuffer.wrap(m).getInt()), "duplicate " + ByteBuffer.wrap(m).getInt());
            }
            assertEquals(count, seen.size());
            assertTrue(atHealthy > 0, "some messages were still queued when the stalled server left");
            assertEquals(atHealthy, registry.get("zmtp.client.messages.rerouted").counter().count(), 0.0);
            // Handed-back messages keep their order.
            int previous = -1;
            for (byte[] m : healthy.messages()) {
                int index = ByteBuffer.wrap(m).getInt();
                assertTrue(index > previous, "rerouted out of order: " + index + " after " + previous);
                previous = index;
            }
        }
    }

    @Test
    void smallMessagesFramedInBatchesAreHandedBackOneByOneWhenTheirServerLeavesAndNoneIsLost() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RecordingListener events = new RecordingListener();
        int count = 100_000;
        int size = 200; // framed by the sending threads into shared batches: 20 MB, more than the kernel holds
        ZmtpClientOptions options = ZmtpClientOptions.builder().sendHighWaterMark(0).build();
        try (RawZmtpServer stalled = new RawZmtpServer();
             JeromqServer healthy = JeromqServer.start();
             ZmtpClient client = ZmtpClient.builder().options(options).connect(stalled.endpoint())
                     .meterRegistry(registry).listener(events).build()) {
            RawZmtpServer.Peer peer = stalled.accept(WAIT);
            assertNotNull(peer);
            events.await("connected", WAIT);
            for (int i = 0; i < count; i++) {
                byte[] payload = new byte[size];
                ByteBuffer.wrap(payload).putInt(i);
                client.send(payload);
            }
            client.connect(healthy.endpoint());
            events.await("connected", WAIT);
            peer.shutdownOutput();
            List<byte[]> atStalled = peer.readMessages(WAIT);
            double rerouted = awaitRerouted(registry);
            int atHealthy = healthy.awaitCount((int) rerouted, WAIT);
            assertTrue(atHealthy > 0, "some messages were still queued when the stalled server left");
            assertEquals(rerouted, atHealthy, 0.0, "each handed-back message arrived once at the other server");
            // At least once: the group being written when the connection died may have reached both servers.
            Set<Integer> seen = new HashSet<>();
            int previous = -1;
            for (byte[] m : atStalled) {
                int index = ByteBuffer.wrap(m).getInt();
                assertEquals(previous + 1, index, "the stalled server got a gap-free prefix, in order");
                previous = index;
                seen.add(index);
            }
            previous = -1;
            for (byte[] m : healthy.messages()) {
                assertEquals(size, m.length);
                int index = ByteBuffer.wrap(m).getInt();
                assertTrue(index > previous, "handed back out of order: " + index + " after " + previous);
                previous = index;
                seen.add(index);
            }
            assertEquals(count, seen.size(), "every accepted message arrived somewhere");
            assertTrue(atStalled.size() + atHealthy - count <= 16 * 1024 / (size + 2),
                    "no more duplicates than one batch holds");
        }
    }

    /** Waits until the rerouted counter stops moving, and returns it. */
    private static double awaitRerouted(SimpleMeterRegistry registry) throws InterruptedException {
        double last = -1;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT);
        while (System.nanoTime() < deadline) {
            double now = registry.get("zmtp.client.messages.rerouted").counter().count();
            if (now > 0 && now == last) {
                return now;
            }
            last = now;
            Thread.sleep(100);
        }
        return last;
    }

    @Test
    void anInboundMultipartMessageIsDiscardedWholeAndTheNextOneIsDelivered() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (RawZmtpServer server = new RawZmtpServer();
             ZmtpClient client = ZmtpClient.builder().connect(server.endpoint()).meterRegistry(registry).build()) {
            RawZmtpServer.Peer peer = server.accept(WAIT);
            assertNotNull(peer);
            peer.writeFrame("part-1".getBytes(StandardCharsets.UTF_8), true);
            peer.writeFrame("part-2".getBytes(StandardCharsets.UTF_8), false);
            peer.writeFrame("single".getBytes(StandardCharsets.UTF_8), false);
            assertArrayEquals("single".getBytes(StandardCharsets.UTF_8), client.receiveBytes(Duration.ofSeconds(10)));
            assertEquals(null, client.receive(Duration.ofMillis(100)));
            assertEquals(1.0, registry.get("zmtp.client.messages.discarded").counter().count());
        }
    }

    @Test
    void aMechanismMismatchIsReportedAndRetriedAtTheLongestIntervalByDefault() throws Exception {
        RecordingListener events = new RecordingListener();
        ZmtpClientOptions options = ZmtpClientOptions.builder().reconnectIntervalMax(Duration.ofMillis(300)).build();
        try (RawZmtpServer server = new RawZmtpServer(RawZmtpServer.greeting("PLAIN"), new byte[0]);
             ZmtpClient client = ZmtpClient.builder().options(options).connect(server.endpoint())
                     .listener(events).build()) {
            assertTrue(events.await("handshake-failed", WAIT).endsWith("MECHANISM"));
            events.await("reconnect-scheduled", WAIT);
            assertNotNull(server.accept(WAIT));
            assertNotNull(server.accept(WAIT), "retried after the protocol error");
        }
    }

    @Test
    void withStopReconnectOnProtocolErrorAMechanismMismatchStopsTheEndpoint() throws Exception {
        RecordingListener events = new RecordingListener();
        ZmtpClientOptions options = ZmtpClientOptions.builder().stopReconnectOnProtocolError(true).build();
        try (RawZmtpServer server = new RawZmtpServer(RawZmtpServer.greeting("PLAIN"), new byte[0]);
             ZmtpClient client = ZmtpClient.builder().options(options).connect(server.endpoint())
                     .listener(events).build()) {
            events.await("handshake-failed", WAIT);
            events.await("reconnect-stopped", WAIT);
            assertNotNull(server.accept(WAIT));
            assertEquals(null, server.accept(300), "no reconnect after the protocol error");
        }
    }

    @Test
    void closeIsIdempotentAndEverythingAfterItThrowsSocketClosed() throws Exception {
        ZmtpClient client = ZmtpClient.builder().build();
        client.close();
        client.close();
        assertTrue(client.isClosed());
        assertThrows(SocketClosedException.class, () -> client.send(new byte[1]));
        assertThrows(SocketClosedException.class, () -> client.trySend(new byte[1]));
        assertThrows(SocketClosedException.class, () -> client.receive(Duration.ofSeconds(1)));
        assertThrows(SocketClosedException.class, () -> client.connect("tcp://127.0.0.1:1"));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> client.sendAsync(new byte[1]).get(1, TimeUnit.SECONDS));
        assertInstanceOf(SocketClosedException.class, e.getCause());
    }

    @Test
    void closeWakesABlockedSenderAndFailsPendingAsyncSends() throws Exception {
        ZmtpClient client = ZmtpClient.builder().connect("tcp://127.0.0.1:1")
                .options(ZmtpClientOptions.builder().linger(Duration.ZERO).build()).build();
        CompletableFuture<Void> async = client.sendAsync(new byte[] {1});
        CompletableFuture<Throwable> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                client.send(new byte[] {2});
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        Thread.sleep(100); // let the sender block: nothing can signal that it has
        client.close();
        assertInstanceOf(SocketClosedException.class, blocked.get(5, TimeUnit.SECONDS));
        ExecutionException e = assertThrows(ExecutionException.class, () -> async.get(5, TimeUnit.SECONDS));
        assertInstanceOf(SocketClosedException.class, e.getCause());
    }

    @Test
    void closeLingersUntilQueuedMessagesAreWritten() throws Exception {
        try (JeromqServer server = JeromqServer.start()) {
            RecordingListener events = new RecordingListener();
            ZmtpClient client = ZmtpClient.builder().connect(server.endpoint()).listener(events).build();
            events.await("connected", WAIT);
            for (int i = 0; i < 500; i++) {
                client.send(new byte[100]);
            }
            client.close();
            assertEquals(500, server.awaitCount(500, WAIT));
        }
    }

    @Test
    void endpointsThatAreNotTcpOrNotConnectableAreRefusedWithAClearMessage() {
        InvalidEndpointException ipc = assertThrows(InvalidEndpointException.class,
                () -> ZmtpClient.builder().connect("ipc:///tmp/x"));
        assertTrue(ipc.getMessage().contains("only tcp"), ipc.getMessage());
        assertThrows(InvalidEndpointException.class, () -> ZmtpClient.builder().connect("tcp://*:5555"));
        assertThrows(InvalidEndpointException.class, () -> ZmtpClient.builder().connect("nonsense"));
    }
}
