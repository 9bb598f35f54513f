/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.zmtp.codec.ZmtpHandshakeFailureReason;
import io.zmtp.socket.HostUnreachableException;
import io.zmtp.socket.SendTimeoutException;
import io.zmtp.socket.SocketClosedException;
import io.zmtp.socket.WouldBlockException;
import io.zmtp.testing.Conditions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(120)
class ZmtpServerTest {

    private final JeromqClients clients = new JeromqClients();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<ZmtpServer> servers = new ArrayList<>();

    @AfterEach
    void tearDown() {
        servers.forEach(ZmtpServer::close);
        clients.close();
    }

    private ZmtpServer server(ZmtpServerOptions options) {
        ZmtpServer server = ZmtpServer.builder().bind("tcp://127.0.0.1:0").options(options)
                .listener(clients).meterRegistry(registry).build();
        servers.add(server);
        return server;
    }

    private ZmtpServer server() {
        return server(ZmtpServerOptions.builder().ioThreads(2).build());
    }

    private double counter(String name) {
        return registry.get(name).counter().count();
    }

    private static byte[] numbered(int client, int n) {
        return ByteBuffer.allocate(8).putInt(client).putInt(n).array();
    }

    @Test
    void bindingPortZeroReportsTheRealPort() {
        ZmtpServer server = server();
        assertEquals(1, server.endpoints().size());
        assertTrue(server.endpoints().get(0).port() > 0);
        assertEquals("tcp://127.0.0.1:" + server.endpoints().get(0).port(), server.endpoints().get(0).toString());
    }

    @Test
    void threeConcurrentClientsGetDistinctRoutingIdsAndTheirOwnRepliesInOrder() throws Exception {
        ZmtpServer server = server();
        int perClient = 10_000;
        List<JeromqClients.Connection> connections = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            connections.add(clients.connect(server));
        }
        Set<Integer> ids = new HashSet<>();
        connections.forEach(c -> ids.add(c.routingId));
        assertEquals(3, ids.size(), "distinct routing ids");
        assertFalse(ids.contains(0), "0 is never a routing id");

        java.util.concurrent.atomic.AtomicInteger wrongIds = new java.util.concurrent.atomic.AtomicInteger();
        Thread echo = new Thread(() -> {
            try {
                for (int i = 0; i < 3 * perClient; i++) {
                    ZmtpServerMessage m = server.receive(Duration.ofSeconds(30));
                    if (m == null) {
                        return;
                    }
                    // The payload carries the sender's index: its routing id must be the one it got at connect.
                    if (m.routingId() != connections.get(m.content().getInt(0)).routingId) {
                        wrongIds.incrementAndGet();
                    }
                    server.send(m.routingId(), m.content());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "echo");
        echo.start();

        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                int client = c;
                JeromqClients.Connection connection = connections.get(c);
                results.add(pool.submit(() -> {
                    int window = 100;
                    int received = 0;
                    for (int n = 0; n < perClient; n++) {
                        assertTrue(connection.socket.send(numbered(client, n)));
                        if (n - received >= window) {
                            assertArrayEquals(numbered(client, received), connection.socket.recv(), "reply order");
                            received++;
                        }
                    }
                    while (received < perClient) {
                        assertArrayEquals(numbered(client, received), connection.socket.recv(), "reply order");
                        received++;
                    }
                    return received;
                }));
            }
            for (Future<Integer> result : results) {
                assertEquals(perClient, result.get(90, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        echo.join(10_000);
        assertEquals(0, wrongIds.get(), "every message carried its sender's routing id");
        assertEquals(3 * perClient + 3, counter("zmtp.server.messages.received"), "30 000 and the 3 probes");
        assertEquals(3.0, registry.get("zmtp.server.connections.active").gauge().value());
    }

    @Test
    void fourThreadsSendingSmallAndLargeMessagesToOnePeerKeepEachThreadsOrder() throws Exception {
        int threads = 4;
        int perThread = 3_000;
        ZmtpServer server = server(ZmtpServerOptions.builder().sendHighWaterMark(100).build());
        try (RawClient client = RawClient.connect(server)) {
            int peer = routingIdOf(server, client);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> senders = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    senders.add(pool.submit(() -> {
                        for (int i = 0; i < perThread; i++) {
                            // mostly small bodies (framed by the sending thread), every seventh one queued whole
                            byte[] m = ByteBuffer.allocate(i % 7 == 6 ? 1500 : 8 + i % 300)
                                    .putInt(thread).putInt(i).array();
                            if (i % 2 == 0) {
                                server.send(peer, m);
                            } else {
                                server.send(peer, Unpooled.wrappedBuffer(m));
                            }
                        }
                        return null;
                    }));
                }
                int[] next = new int[threads];
                for (int n = 0; n < threads * perThread; n++) {
                    ByteBuffer b = ByteBuffer.wrap(client.receive());
                    int thread = b.getInt();
                    int seq = b.getInt();
                    assertEquals(next[thread], seq, "thread " + thread + " out of order");
                    assertEquals(seq % 7 == 6 ? 1500 : 8 + seq % 300, b.capacity(), "size of " + seq);
                    next[thread]++;
                }
                for (Future<?> sender : senders) {
                    sender.get(10, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void anArraySentToAPeerIsCopiedSoTheCallerMayReuseItAtOnce() throws Exception {
        ZmtpServer server = server(ZmtpServerOptions.builder().sendHighWaterMark(10_000).build());
        try (RawClient client = RawClient.connect(server)) {
            int peer = routingIdOf(server, client);
            byte[] small = new byte[16];
            byte[] large = new byte[2000];
            int count = 2_000;
            for (int i = 0; i < count; i++) {
                byte[] reused = i % 10 == 9 ? large : small;
                java.util.Arrays.fill(reused, (byte) i);
                if (i % 3 == 0) {
                    server.trySend(peer, reused);
                } else {
                    server.send(peer, reused);
                }
            }
            for (int i = 0; i < count; i++) {
                byte[] expected = new byte[i % 10 == 9 ? 2000 : 16];
                java.util.Arrays.fill(expected, (byte) i);
                assertArrayEquals(expected, client.receive(), "message " + i);
            }
        }
    }

    @Test
    void aReleasedPayloadIsRefusedAtOnceAndThePeerStillTakesTheNextMessage() throws Exception {
        ZmtpServer server = server(ZmtpServerOptions.builder().sendHighWaterMark(1).build());
        try (RawClient client = RawClient.connect(server)) {
            int peer = routingIdOf(server, client);
            ByteBuf released = Unpooled.copiedBuffer(new byte[] {1, 2, 3});
            released.release();
            assertThrows(io.netty.util.IllegalReferenceCountException.class, () -> server.trySend(peer, released));
            server.trySend(peer, new byte[] {4}); // the refused send took no slot of the only one
            assertArrayEquals(new byte[] {4}, client.receive());
        }
    }

    /** Has {@code client} send one message and returns the routing id the server gave it. */
    private static int routingIdOf(ZmtpServer server, RawClient client) throws InterruptedException {
        client.send(new byte[][] {{1}});
        ZmtpServerMessage hello = server.receive(Duration.ofSeconds(10));
        assertNotNull(hello, "the client's first message arrived");
        int routingId = hello.routingId();
        hello.release();
        return routingId;
    }

    @Test
    void aRoutingIdNoPeerHasIsUnreachableAtOnce() throws Exception {
        ZmtpServer server = server();
        JeromqClients.Connection connection = clients.connect(server);
        int unknown = connection.routingId + 12345;
        ByteBuf payload = Unpooled.copiedBuffer("x", StandardCharsets.US_ASCII);
        HostUnreachableException e = assertThrows(HostUnreachableException.class, () -> server.send(unknown, payload));
        assertEquals(unknown, e.routingId());
        assertThrows(HostUnreachableException.class, () -> server.trySend(0, payload));
        assertEquals(1, payload.refCnt(), "a failed send leaves the payload with the caller");
        payload.release();
        assertEquals(2, counter("zmtp.server.sends.unreachable"));
    }

    @Test
    void theRoutingIdOfAClientThatLeftIsUnreachable() throws Exception {
        ZmtpServer server = server();
        JeromqClients.Connection connection = clients.connect(server);
        connection.socket.close();
        assertTrue(clients.awaitDisconnected(connection.routingId));
        assertFalse(server.isConnected(connection.routingId));
        assertThrows(HostUnreachableException.class, () -> server.send(connection.routingId, new byte[] {1}));
        Throwable async = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> server.sendAsync(connection.routingId, Unpooled.buffer(1).writeByte(1)).get()).getCause();
        assertTrue(async instanceof HostUnreachableException, async.toString());
    }

    @Test
    void aClientThatStopsReadingMakesSendBlockAndTrySendFailThenEverythingArrives() throws Exception {
        ZmtpServer server = server(ZmtpServerOptions.builder().sendHighWaterMark(10).build());
        JeromqClients.Connection connection = clients.connect(server, 1);
        byte[] chunk = new byte[64 * 1024];
        int sent = 0;
        boolean timedOut = false;
        long start = 0;
        while (!timedOut && sent < 10_000) {
            ByteBuffer.wrap(chunk).putInt(sent);
            ByteBuf payload = Unpooled.copiedBuffer(chunk);
            start = System.nanoTime();
            try {
                server.send(connection.routingId, payload, Duration.ofMillis(200));
                sent++;
            } catch (SendTimeoutException e) {
                timedOut = true;
                payload.release();
            }
        }
        assertTrue(timedOut, "a send must time out once the peer stopped reading; sent " + sent);
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(190), "it waited its timeout");
        assertTrue(sent >= 10, "at least the high-water mark was accepted: " + sent);
        ByteBuf extra = Unpooled.copiedBuffer(chunk);
        // the client reads nothing yet: a trySend that waited for room would never return
        assertThrows(WouldBlockException.class, () -> server.trySend(connection.routingId, extra));
        extra.release();
        assertTrue(counter("zmtp.server.sends.blocked") >= 2);
        for (int i = 0; i < sent; i++) {
            byte[] reply = connection.socket.recv();
            assertNotNull(reply, "message " + i + " of " + sent);
            assertEquals(i, ByteBuffer.wrap(reply).getInt(), "in order");
        }
    }

    @Test
    void aBlockedSendProceedsAsSoonAsTheClientReadsAgain() throws Exception {
        ZmtpServer server = server(ZmtpServerOptions.builder().sendHighWaterMark(5).build());
        JeromqClients.Connection connection = clients.connect(server, 1);
        byte[] chunk = new byte[64 * 1024];
        int sent = 0;
        while (true) {
            try {
                server.trySend(connection.routingId, Unpooled.copiedBuffer(chunk));
                sent++;
            } catch (WouldBlockException e) {
                break;
            }
        }
        assertTrue(sent > 0);
        // The client reads nothing, so the sender goes on until the socket buffers are full too and a send waits.
        double blockedBefore = counter("zmtp.server.sends.blocked");
        AtomicInteger sentBySender = new AtomicInteger();
        AtomicBoolean lastSend = new AtomicBoolean();
        FutureTask<Void> sending = new FutureTask<>(() -> {
            do {
                server.send(connection.routingId, Unpooled.copiedBuffer(chunk), Duration.ofSeconds(20));
                sentBySender.incrementAndGet();
            } while (!lastSend.get());
            // the end of the stream
            server.send(connection.routingId, Unpooled.wrappedBuffer(new byte[] {0}), Duration.ofSeconds(20));
            return null;
        });
        Thread sender = new Thread(sending, "sender");
        sender.start();
        Conditions.await("a send waits for room", Duration.ofSeconds(20),
                () -> counter("zmtp.server.sends.blocked") > blockedBefore
                        && sender.getState() == Thread.State.TIMED_WAITING,
                () -> sentBySender.get() + " sent, sender " + sender.getState());
        lastSend.set(true);
        int read = 0;
        for (byte[] m; (m = connection.socket.recv()) != null && m.length == chunk.length; ) {
            read++;
        }
        sending.get(20, TimeUnit.SECONDS);
        assertEquals(sent + sentBySender.get(), read, "every message arrived, the end of the stream last");
    }

    @Test
    void aSenderBlockedAtAHighWaterMarkOfOneIsWokenForEveryMessage() throws Exception {
        // Every send but the first waits for the event loop to give the one slot back, which it does without the
        // peer's monitor unless a sender waits: a wake-up lost in that hand-over leaves the sender waiting out its
        // timeout (it then finds the slot free), so the whole run gets a budget far below one timeout per send.
        ZmtpServer server = server(ZmtpServerOptions.builder().sendHighWaterMark(1).build());
        JeromqClients.Connection connection = clients.connect(server, 1);
        int total = 20_000;
        AtomicInteger received = new AtomicInteger();
        Thread reader = new Thread(() -> {
            while (received.get() < total && connection.socket.recv() != null) {
                received.incrementAndGet();
            }
        });
        reader.start();
        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
            for (int i = 0; i < total; i++) {
                server.send(connection.routingId, Unpooled.wrappedBuffer(numbered(0, i)), Duration.ofSeconds(10));
            }
        });
        reader.join(30_000);
        assertEquals(total, received.get());
    }

    @Test
    void aServerApplicationThatStopsReceivingStopsReadingThePeerAndLosesNothing() throws Exception {
        ZmtpServer server = server(ZmtpServerOptions.builder().receiveHighWaterMark(10).build());
        JeromqClients.Connection connection = clients.connect(server);
        connection.socket.setSndHWM(100_000);
        int total = 3_000;
        for (int i = 0; i < total; i++) {
            assertTrue(connection.socket.send(numbered(0, i)));
        }
        Conditions.await("the server stops reading the client", Duration.ofSeconds(10),
                () -> server.isReadPaused(connection.routingId),
                () -> "receive queue depth " + registry.get("zmtp.server.receive.queue.depth").gauge().value());
        double depth = registry.get("zmtp.server.receive.queue.depth").gauge().value();
        assertTrue(depth >= 10 && depth < total, "the receive queue stops near its mark: " + depth);
        for (int i = 0; i < total; i++) {
            ZmtpServerMessage m = server.receive(Duration.ofSeconds(10));
            assertNotNull(m, "message " + i);
            assertArrayEquals(numbered(0, i), m.bytes());
            m.release();
        }
        assertNull(server.receive(Duration.ofMillis(50)));
    }

    @Test
    void receivesAreFairAcrossPeers() throws Exception {
        ZmtpServer server = server();
        JeromqClients.Connection a = clients.connect(server);
        JeromqClients.Connection b = clients.connect(server);
        for (int i = 0; i < 200; i++) {
            a.socket.send(numbered(1, i));
        }
        b.socket.send(numbered(2, 0));
        Conditions.await("all 201 messages queued", Duration.ofSeconds(10),
                () -> registry.get("zmtp.server.receive.queue.depth").gauge().value() >= 201,
                () -> "depth " + registry.get("zmtp.server.receive.queue.depth").gauge().value());
        int position = -1;
        for (int i = 0; i < 201; i++) {
            ZmtpServerMessage m = server.receive(Duration.ofSeconds(10));
            if (m.routingId() == b.routingId) {
                position = i;
            }
            m.release();
        }
        assertTrue(position >= 0 && position <= 1, "B's message comes within the first two: " + position);
    }

    @Test
    void anInboundMultipartMessageIsDiscardedWholeAndCounted() throws Exception {
        ZmtpServer server = server();
        try (RawClient raw = RawClient.connect(server)) {
            raw.send(new byte[][] {"a".getBytes(), "b".getBytes()});
            raw.send(new byte[][] {"single".getBytes()});
            ZmtpServerMessage m = server.receive(Duration.ofSeconds(10));
            assertEquals("single", new String(m.bytes(), StandardCharsets.US_ASCII));
            m.release();
            assertEquals(1, counter("zmtp.server.messages.discarded"));
            assertNull(server.receive(Duration.ofMillis(50)));
        }
    }

    @Test
    void aDealerIsRefusedAndTheFailureCounted() throws Exception {
        // A short handshake timeout cuts off a JeroMQ connection that never sends its greeting; JeroMQ reconnects.
        ZmtpServer server = server(ZmtpServerOptions.builder().codecOptions(
                io.zmtp.codec.ZmtpCodecOptions.builder().handshakeTimeout(Duration.ofSeconds(1)).build()).build());
        ZmtpHandshakeFailureReason reason = null;
        for (int attempt = 0; attempt < JeromqClients.ATTEMPTS && reason != ZmtpHandshakeFailureReason.SOCKET_TYPE;
                attempt++) {
            org.zeromq.ZMQ.Socket dealer = clients.newSocket(server, SocketType.DEALER, 1000);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (reason != ZmtpHandshakeFailureReason.SOCKET_TYPE && System.nanoTime() < deadline) {
                reason = clients.failures.poll(100, TimeUnit.MILLISECONDS);
            }
            dealer.close();
        }
        assertEquals(ZmtpHandshakeFailureReason.SOCKET_TYPE, reason);
        assertEquals(0, server.peerCount());
        assertTrue(registry.get("zmtp.server.handshakes").tag("reason", "socket-type").counter().count() >= 1);
    }

    @Test
    void sendAsyncCompletesOnceWrittenAndFailsAtOnceWhenFull() throws Exception {
        ZmtpServer server = server();
        JeromqClients.Connection connection = clients.connect(server);
        server.sendAsync(connection.routingId, Unpooled.copiedBuffer(new byte[] {7})).get(10, TimeUnit.SECONDS);
        assertArrayEquals(new byte[] {7}, connection.socket.recv());
        assertEquals(1, counter("zmtp.server.messages.sent"));
    }

    @Test
    void messagesQueuedToAPeerThatLeavesAreCountedAsUndelivered() throws Exception {
        // 500 messages of 64 KiB: more than the kernel's socket buffers can take, so some are still queued.
        ZmtpServer server = server(ZmtpServerOptions.builder().sendHighWaterMark(500).build());
        JeromqClients.Connection connection = clients.connect(server, 1);
        byte[] chunk = new byte[64 * 1024];
        List<java.util.concurrent.CompletableFuture<Void>> futures = new ArrayList<>();
        while (true) {
            java.util.concurrent.CompletableFuture<Void> f =
                    server.sendAsync(connection.routingId, Unpooled.copiedBuffer(chunk));
            if (f.isCompletedExceptionally()) {
                break;
            }
            futures.add(f);
        }
        connection.socket.close();
        assertTrue(clients.awaitDisconnected(connection.routingId));
        long failed = futures.stream().filter(f -> {
            try {
                f.get(10, TimeUnit.SECONDS);
                return false;
            } catch (Exception e) {
                return true;
            }
        }).count();
        assertTrue(failed > 0, "some queued messages could not be written");
        assertEquals((double) failed, counter("zmtp.server.messages.undelivered"));
    }

    @Test
    void everySendRacingThePeersDepartureIsWrittenOrCountedAsUndeliveredOrRefused() throws Exception {
        ZmtpServer server = server(ZmtpServerOptions.builder().sendHighWaterMark(100).build());
        JeromqClients.Connection connection = clients.connect(server, 1);
        java.util.concurrent.atomic.AtomicLong accepted = new java.util.concurrent.atomic.AtomicLong();
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Thread sender = new Thread(() -> {
                for (;;) {
                    ByteBuf payload = Unpooled.copiedBuffer(new byte[1024]);
                    try {
                        server.send(connection.routingId, payload, Duration.ofSeconds(10));
                    } catch (HostUnreachableException e) {
                        payload.release(); // refused: the payload is still ours
                        return;
                    } catch (InterruptedException e) {
                        payload.release();
                        throw new IllegalStateException(e);
                    }
                    accepted.incrementAndGet();
                }
            });
            sender.start();
            senders.add(sender);
        }
        Conditions.await("the senders are under way", Duration.ofSeconds(10), () -> accepted.get() > 0);
        connection.socket.close();
        for (Thread sender : senders) {
            sender.join(30_000);
            assertFalse(sender.isAlive(), "a sender still waits on a peer that left");
        }
        assertTrue(clients.awaitDisconnected(connection.routingId));
        assertTrue(accepted.get() > 0);
        assertEquals((double) accepted.get(),
                counter("zmtp.server.messages.sent") + counter("zmtp.server.messages.undelivered"),
                "every accepted message was either written or counted as undelivered, once");
    }

    @Test
    void aMessageHandlerReceivesEveryMessageOnItsOwnThread() throws Exception {
        ZmtpServer server = ZmtpServer.builder().bind("tcp://127.0.0.1:0").listener(clients)
                .messageHandler((s, m) -> {
                    try {
                        s.send(m.routingId(), m.content());
                    } catch (RuntimeException e) {
                        m.release(); // e.g. the sender was a retried socket already closed: the payload is ours
                        throw e;
                    }
                }).build();
        servers.add(server);
        org.zeromq.ZMQ.Socket socket = null;
        byte[] reply = null;
        for (int attempt = 0; attempt < 3 && reply == null; attempt++) {
            if (socket != null) {
                socket.close();
            }
            socket = clients.newSocket(server, SocketType.CLIENT, 1000);
            socket.setReceiveTimeOut(3_000);
            socket.send(numbered(9, -1));
            reply = socket.recv();
        }
        assertArrayEquals(numbered(9, -1), reply);
        socket.setReceiveTimeOut(10_000);
        for (int i = 0; i < 100; i++) {
            socket.send(numbered(9, i));
            assertArrayEquals(numbered(9, i), socket.recv());
        }
        assertThrows(IllegalStateException.class, server::receive);
    }

    @Test
    void closeIsIdempotentAndEndsReceiveAndSend() throws Exception {
        ZmtpServer server = server();
        JeromqClients.Connection connection = clients.connect(server);
        server.close();
        server.close();
        assertThrows(SocketClosedException.class, server::receive);
        assertThrows(SocketClosedException.class, () -> server.send(connection.routingId, new byte[1]));
    }

    @Test
    void aPortInUseFailsTheBuildWithAClearMessage() {
        ZmtpServer first = server();
        int port = first.endpoints().get(0).port();
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class,
                () -> ZmtpServer.builder().bind("tcp://127.0.0.1:" + port).build());
        assertTrue(e.getMessage().startsWith("cannot bind tcp://127.0.0.1:" + port), e.getMessage());
        assertNotEquals(0, port);
    }

    @Test
    void routingIdsWrapAroundSkippingZero() throws Exception {
        ZmtpServer server = ZmtpServer.builder().bind("tcp://127.0.0.1:0").firstRoutingId(0xFFFFFFFF).build();
        servers.add(server);
        // Ids are given in the order handshakes complete: the second client connects only once the server has
        // received from the first, or its handshake could finish first and take 0xFFFFFFFF.
        try (RawClient first = RawClient.connect(server)) {
            first.send(new byte[][] {"1".getBytes()});
            int firstId = receiveRoutingId(server);
            try (RawClient second = RawClient.connect(server)) {
                second.send(new byte[][] {"2".getBytes()});
                int secondId = receiveRoutingId(server);
                assertEquals(0xFFFFFFFF, firstId);
                assertEquals(1, secondId);
                assertEquals("4294967295", Integer.toUnsignedString(firstId));
            }
        }
    }

    /** Receives a message, releases it and returns its routing id, so that a failed assertion leaks nothing. */
    private static int receiveRoutingId(ZmtpServer server) throws InterruptedException {
        ZmtpServerMessage m = server.receive(Duration.ofSeconds(10));
        assertNotNull(m, "no message within 10 s");
        int routingId = m.routingId();
        m.release();
        return routingId;
    }

    @Test
    void closeWritesQueuedMessagesWithinTheLinger() throws Exception {
        ZmtpServer server = server(ZmtpServerOptions.builder().linger(Duration.ofSeconds(10)).build());
        try (RawClient client = RawClient.connect(server)) {
            client.send(new byte[][] {"hello".getBytes()});
            ZmtpServerMessage hello = server.receive(Duration.ofSeconds(10));
            int id = hello.routingId();
            hello.release();
            for (int i = 0; i < 500; i++) {
                server.send(id, numbered(0, i));
            }
            server.close();
            for (int i = 0; i < 500; i++) {
                assertArrayEquals(numbered(0, i), client.receive(), "message " + i);
            }
        }
    }

    @Test
    void anUnboundServerServesConnectionsAcceptedByAnApplicationsOwnBootstrap() throws Exception {
        ZmtpServer server = ZmtpServer.builder().build();
        servers.add(server);
        assertTrue(server.endpoints().isEmpty());
        io.netty.channel.EventLoopGroup group =
                new io.netty.channel.MultiThreadIoEventLoopGroup(1, io.netty.channel.nio.NioIoHandler.newFactory());
        try {
            io.netty.channel.Channel acceptor = new io.netty.bootstrap.ServerBootstrap().group(group)
                    .channel(io.netty.channel.socket.nio.NioServerSocketChannel.class)
                    .childHandler(server.channelInitializer())
                    .bind("127.0.0.1", 0).sync().channel();
            int port = ((java.net.InetSocketAddress) acceptor.localAddress()).getPort();
            try (RawClient client = RawClient.connect(port)) {
                client.send(new byte[][] {"ping".getBytes()});
                ZmtpServerMessage m = server.receive(Duration.ofSeconds(10));
                server.send(m.routingId(), m.content());
                assertEquals("ping", new String(client.receive(), StandardCharsets.US_ASCII));
            }
            acceptor.close().sync();
        } finally {
            server.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void receivedMessagesCarryThePeersMetadataWithTheUserIdOfItsAuthentication() throws Exception {
        io.zmtp.codec.mechanism.ZmtpAuthenticator users = io.zmtp.codec.mechanism.ZmtpAuthenticator.of(
                r -> io.zmtp.codec.mechanism.ZmtpAuthResult.allow("user-" + r.username()));
        ZmtpServer server = server(ZmtpServerOptions.builder().codecOptions(io.zmtp.codec.ZmtpCodecOptions.builder()
                .mechanism(io.zmtp.codec.mechanism.ZmtpPlainMechanism.server(users)).build()).build());
        io.zmtp.codec.ZmtpCodecOptions plain = io.zmtp.codec.ZmtpCodecOptions.builder()
                .mechanism(io.zmtp.codec.mechanism.ZmtpPlainMechanism.client("ann", "pw"))
                .metadata(io.zmtp.codec.ZmtpMetadata.builder().put("X-Tenant", "blue").build()).build();
        try (RawClient client = RawClient.connect(server, plain)) {
            client.send(new byte[][] {"hi".getBytes()});
            ZmtpServerMessage m = server.receive(Duration.ofSeconds(10));
            assertEquals("user-ann", m.peerMetadata().getString("User-Id"));
            assertEquals("blue", m.peerMetadata().getString("X-Tenant"));
            assertEquals("CLIENT", m.peerMetadata().getString("Socket-Type"));
            m.release();
        }
    }

    @Test
    void aConnectionClosedForAnOversizedFrameIsCountedAndOthersAreStillServed() throws Exception {
        ZmtpServer server = server(ZmtpServerOptions.builder().codecOptions(io.zmtp.codec.ZmtpCodecOptions.builder()
                .maxFrameSize(1024).maxMessageSize(1024).build()).build());
        try (RawClient big = RawClient.connect(server); RawClient small = RawClient.connect(server)) {
            big.send(new byte[][] {"first".getBytes()});
            ZmtpServerMessage first = server.receive(Duration.ofSeconds(10));
            first.release();
            big.send(new byte[][] {new byte[2048]});
            Conditions.await("the oversized frame closes its connection", Duration.ofSeconds(10),
                    () -> registry.get("zmtp.server.connection.errors").tag("reason", "too-large").counter()
                            .count() > 0);
            assertEquals(1.0, registry.get("zmtp.server.connection.errors").tag("reason", "too-large").counter()
                    .count());
            small.send(new byte[][] {"still served".getBytes()});
            ZmtpServerMessage m = server.receive(Duration.ofSeconds(10));
            assertEquals("still served", new String(m.bytes(), StandardCharsets.US_ASCII));
            server.send(m.routingId(), m.content());
            assertEquals("still served", new String(small.receive(), StandardCharsets.US_ASCII));
        }
    }
}
