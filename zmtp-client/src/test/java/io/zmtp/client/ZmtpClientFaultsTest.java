/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.client;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zmtp.codec.transport.InvalidEndpointException;
import io.zmtp.socket.SocketClosedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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
    /**
     * How long handing back tens of thousands of messages and writing them to another server may take: seconds on a
     * loaded machine with the leak detector recording every buffer.
     */
    private static final Duration HANDBACK_WAIT = Duration.ofSeconds(20);

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
    @Timeout(60)
    void messagesNotYetWrittenWhenTheirServerLeavesGoToAnotherServerAndEachArrivesExactlyOnce() throws Exception {
        sendThenLeave(400, 64 * 1024); // each large body is a write of its own
    }

    @Test
    @Timeout(60)
    void smallMessagesFramedInBatchesWhenTheirServerLeavesGoToAnotherServerAndEachArrivesExactlyOnce()
            throws Exception {
        // Framed by the sending thread into shared batches: 20 MB, more than the kernel holds, so the connection
        // almost always dies part-way through a batch.
        sendThenLeave(100_000, 200);
    }

    /**
     * Sends {@code count} messages of {@code size} octets, each starting with its index, to a server that reads
     * nothing (the kernel buffers fill and the rest stays queued in the client), connects a second server, and has
     * the first leave gracefully: it sends FIN, then reads what the kernel still holds. Checks that each message
     * arrived exactly once: the first server got a gap-free prefix, in order, whole; the client handed back
     * everything else, and only that; the second server got it, in order.
     */
    private static void sendThenLeave(int count, int size) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RecordingListener events = new RecordingListener();
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
            int rest = count - atStalled.size();
            assertTrue(rest > 0, "some messages were still queued when the stalled server left");
            assertTrue(client.awaitWritten(HANDBACK_WAIT), "every message was written to one server or the other");
            // Nothing is handed back any more, and all that was goes to the healthy server.
            assertEquals(rest, registry.get("zmtp.client.messages.rerouted").counter().count(),
                    "handed back: exactly the messages the stalled server did not get");
            assertEquals(rest, healthy.awaitCount(rest, HANDBACK_WAIT.toMillis()), "the healthy server got them");
            assertInOrderFrom(0, atStalled, size, "the stalled server");
            assertInOrderFrom(atStalled.size(), healthy.messages(), size, "the healthy server");
        }
    }

    /** Checks that {@code server} got {@code messages} of {@code size} octets, indexed from {@code first} on. */
    private static void assertInOrderFrom(int first, List<byte[]> messages, int size, String server) {
        for (int i = 0; i < messages.size(); i++) {
            byte[] m = messages.get(i);
            assertEquals(size, m.length, server + ": the size of message " + i);
            assertEquals(first + i, ByteBuffer.wrap(m).getInt(), server + ": message " + i);
        }
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
