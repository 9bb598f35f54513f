/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.client;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zmtp.socket.SendTimeoutException;
import io.zmtp.testing.Conditions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins the CLIENT pool's behaviour against JeroMQ 0.6.0 SERVER sockets, real and independent peers: round-robin,
 * losing a server, late and restarted servers, and concurrent senders.
 */
@Timeout(30)
class ZmtpClientJeromqTest {

    private static final long WAIT = 10_000;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Set<String> asStrings(List<byte[]> messages) {
        Set<String> set = new HashSet<>();
        for (byte[] m : messages) {
            assertTrue(set.add(new String(m, StandardCharsets.UTF_8)), "duplicate " + new String(m,
                    StandardCharsets.UTF_8));
        }
        return set;
    }

    @Test
    void threeHundredMessagesToThreeServersArriveExactlyOneHundredEach() throws Exception {
        RecordingListener events = new RecordingListener();
        try (JeromqServer a = JeromqServer.start(); JeromqServer b = JeromqServer.start();
             JeromqServer c = JeromqServer.start();
             ZmtpClient client = ZmtpClient.builder().connect(a.endpoint()).connect(b.endpoint())
                     .connect(c.endpoint()).listener(events).build()) {
            events.await("connected", 3, WAIT);
            for (int i = 0; i < 300; i++) {
                client.send(utf8("m" + i));
            }
            assertEquals(100, a.awaitCount(100, WAIT));
            assertEquals(100, b.awaitCount(100, WAIT));
            assertEquals(100, c.awaitCount(100, WAIT));
            Set<String> all = new HashSet<>();
            all.addAll(asStrings(a.messages()));
            all.addAll(asStrings(b.messages()));
            all.addAll(asStrings(c.messages()));
            assertEquals(300, all.size());
        }
    }

    @Test
    void stoppingOneOfThreeServersMidStreamSendsTheRestToTheOtherTwoAndEveryMessageArrivesOnce() throws Exception {
        RecordingListener events = new RecordingListener();
        JeromqServer a = JeromqServer.start();
        JeromqServer b = JeromqServer.start();
        JeromqServer c = JeromqServer.start();
        try (ZmtpClient client = ZmtpClient.builder().connect(a.endpoint()).connect(b.endpoint())
                .connect(c.endpoint()).listener(events).build()) {
            events.await("connected", 3, WAIT);
            for (int i = 0; i < 150; i++) {
                client.send(utf8("m" + i));
            }
            assertEquals(50, c.awaitCount(50, WAIT));
            c.close();
            // Bytes handed to the kernel of a socket whose peer is already gone are lost (documented); so the
            // stream resumes once the client has seen the server leave, as any real stream eventually does.
            assertEquals("disconnected " + "tcp://127.0.0.1:" + c.port, events.await("disconnected", WAIT));
            for (int i = 150; i < 300; i++) {
                client.send(utf8("m" + i));
            }
            Conditions.await("the rest of the stream reaches the two that are left", Duration.ofMillis(WAIT),
                    () -> a.count() + b.count() >= 250, () -> a.count() + " and " + b.count() + " arrived");
            assertEquals(300, c.count() + a.count() + b.count());
            assertEquals(125, a.count(), "the rest of the stream is shared evenly by the two that are left");
            Set<String> all = new HashSet<>(asStrings(c.messages()));
            for (String s : asStrings(a.messages())) {
                assertTrue(all.add(s), "duplicate " + s);
            }
            for (String s : asStrings(b.messages())) {
                assertTrue(all.add(s), "duplicate " + s);
            }
            for (int i = 0; i < 300; i++) {
                assertTrue(all.contains("m" + i), "lost m" + i);
            }
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void sendBeforeTheServerExistsBlocksThenSucceedsWhenItStarts() throws Exception {
        int port;
        try (JeromqServer probe = JeromqServer.start()) {
            port = probe.port;
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ZmtpClientOptions options = ZmtpClientOptions.builder().reconnectIntervalMax(Duration.ofMillis(200)).build();
        try (ZmtpClient client = ZmtpClient.builder().options(options).connect("tcp://127.0.0.1:" + port)
                .meterRegistry(registry).build()) {
            FutureTask<Void> sending = new FutureTask<>(() -> {
                client.send(utf8("first"), Duration.ofSeconds(20));
                return null;
            });
            Thread sender = new Thread(sending, "sender");
            sender.start();
            Conditions.await("the send waits while connecting fails", Duration.ofMillis(WAIT),
                    () -> registry.get("zmtp.client.connect.failures").counter().count() >= 1
                            && registry.get("zmtp.client.sends.blocked").counter().count() >= 1
                            && sender.getState() == Thread.State.TIMED_WAITING,
                    () -> "sender " + sender.getState());
            assertFalse(sending.isDone(), "the send returned before the server existed");
            try (JeromqServer s = JeromqServer.startOn(port)) {
                sending.get(20, TimeUnit.SECONDS);
                assertEquals(1, s.awaitCount(1, WAIT));
                assertArrayEquals(utf8("first"), s.messages().get(0));
            }
        }
    }

    @Test
    void serverRestartedOnTheSamePortIsReconnectedAndTrafficResumes() throws Exception {
        RecordingListener events = new RecordingListener();
        JeromqServer first = JeromqServer.start();
        int port = first.port;
        try (ZmtpClient client = ZmtpClient.builder().connect(first.endpoint()).listener(events).build()) {
            events.await("connected", WAIT);
            client.send(utf8("before"));
            assertEquals(1, first.awaitCount(1, WAIT));
            first.close();
            events.await("disconnected", WAIT);
            try (JeromqServer second = JeromqServer.startOn(port)) {
                events.await("connected", WAIT);
                client.send(utf8("after"), Duration.ofSeconds(10));
                assertEquals(1, second.awaitCount(1, WAIT));
                assertArrayEquals(utf8("after"), second.messages().get(0));
            }
        }
    }

    @Test
    void sendWithNoServerAndA200msTimeoutThrowsSendTimeoutOnceTheTimeoutHasPassed() throws Exception {
        int port;
        try (JeromqServer probe = JeromqServer.start()) {
            port = probe.port;
        }
        // No server ever listens on the port: a send that ignored its timeout, or a trySend that waited, would never
        // return, so returning at all is the upper bound; the lower one is the timeout itself.
        try (ZmtpClient client = ZmtpClient.builder().connect("tcp://127.0.0.1:" + port).build()) {
            long start = System.nanoTime();
            SendTimeoutException e = assertTimeoutPreemptively(Duration.ofMillis(WAIT), () -> assertThrows(
                    SendTimeoutException.class, () -> client.send(utf8("x"), Duration.ofMillis(200))));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis >= 200, "timed out after " + millis + " ms");
            assertTrue(e.getMessage().contains("handshake"), e.getMessage());

            assertTimeoutPreemptively(Duration.ofMillis(WAIT),
                    () -> assertThrows(io.zmtp.socket.WouldBlockException.class, () -> client.trySend(utf8("y"))));
        }
    }

    @Test
    void eightThreadsSendingTenThousandEachThroughOneClientDeliverEveryMessageOnceAndInOrder() throws Exception {
        int threads = 8;
        int perThread = 10_000;
        try (JeromqServer server = JeromqServer.start();
             ZmtpClient client = ZmtpClient.builder().connect(server.endpoint()).build()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        for (int i = 0; i < perThread; i++) {
                            client.send(ByteBuffer.allocate(8).putInt(thread).putInt(i).array());
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get(20, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(threads * perThread, server.awaitCount(threads * perThread, 20_000));
            int[] next = new int[threads];
            for (byte[] m : server.messages()) {
                ByteBuffer b = ByteBuffer.wrap(m);
                int thread = b.getInt();
                int seq = b.getInt();
                assertEquals(next[thread], seq, "thread " + thread + " out of order");
                next[thread]++;
            }
            for (int t = 0; t < threads; t++) {
                assertEquals(perThread, next[t]);
            }
            // one more message, behind everything the threads sent: nothing arrives between their last and it
            client.send(utf8("end"));
            assertEquals(threads * perThread + 1, server.awaitCount(threads * perThread + 1, WAIT));
            assertArrayEquals(utf8("end"), server.messages().get(threads * perThread), "extra messages arrived");
            assertEquals(threads * perThread + 1, server.count(), "extra messages arrived");
        }
    }

    @Test
    void aSenderBlockedAtAHighWaterMarkOfOneIsWokenForEveryMessage() throws Exception {
        // Every send but the first waits for the event loop to give the one slot back. A wake-up lost in that
        // hand-over leaves the sender waiting out its timeout (it then finds the slot free), so the whole run gets a
        // budget far below one timeout per send.
        int total = 20_000;
        try (JeromqServer server = JeromqServer.start();
             ZmtpClient client = ZmtpClient.builder().connect(server.endpoint())
                     .options(ZmtpClientOptions.builder().sendHighWaterMark(1).build()).build()) {
            assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
                for (int i = 0; i < total; i++) {
                    client.send(ByteBuffer.allocate(4).putInt(i).array(), Duration.ofSeconds(10));
                }
            });
            assertEquals(total, server.awaitCount(total, 20_000));
            List<byte[]> messages = server.messages();
            for (int i = 0; i < total; i++) {
                assertEquals(i, ByteBuffer.wrap(messages.get(i)).getInt(), "in order");
            }
        }
    }

    @Test
    void repliesFromAnEchoServerAreReceivedWithReceiveAndAsBytes() throws Exception {
        try (JeromqServer server = JeromqServer.startEcho();
             ZmtpClient client = ZmtpClient.builder().connect(server.endpoint()).build()) {
            client.send(utf8("ping-1"), Duration.ofSeconds(10));
            assertArrayEquals(utf8("ping-1"), client.receiveBytes(Duration.ofSeconds(10)));
            client.send(utf8("ping-2"));
            io.netty.buffer.ByteBuf reply = client.receive(Duration.ofSeconds(10));
            assertNotNull(reply);
            try {
                assertEquals("ping-2", reply.toString(StandardCharsets.UTF_8));
            } finally {
                reply.release();
            }
            assertEquals(null, client.receive(Duration.ofMillis(50)));
        }
    }

    @Test
    void repliesAreReceivedThroughAFutureAndTryReceiveNeverWaits() throws Exception {
        try (JeromqServer server = JeromqServer.startEcho();
             ZmtpClient client = ZmtpClient.builder().connect(server.endpoint()).build()) {
            assertNull(client.tryReceive(), "nothing waiting: null at once");
            java.util.concurrent.CompletableFuture<io.netty.buffer.ByteBuf> future = client.receiveAsync();
            assertFalse(future.isDone());
            client.send(utf8("async"), Duration.ofSeconds(10));
            io.netty.buffer.ByteBuf reply = future.get(10, java.util.concurrent.TimeUnit.SECONDS);
            try {
                assertEquals("async", reply.toString(StandardCharsets.UTF_8));
            } finally {
                reply.release();
            }
            java.util.concurrent.CompletableFuture<io.netty.buffer.ByteBuf> pending = client.receiveAsync();
            client.close();
            java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> pending.get(10, java.util.concurrent.TimeUnit.SECONDS));
            assertInstanceOf(io.zmtp.socket.SocketClosedException.class, e.getCause());
        }
    }

    @Test
    void aSmallReceiveHighWaterMarkSlowsTheServerDownWithoutLosingAMessage() throws Exception {
        ZmtpClientOptions options = ZmtpClientOptions.builder().receiveHighWaterMark(4).build();
        try (JeromqServer server = JeromqServer.startEcho();
             ZmtpClient client = ZmtpClient.builder().options(options).connect(server.endpoint()).build()) {
            for (int i = 0; i < 2_000; i++) {
                client.send(utf8("e" + i), Duration.ofSeconds(10));
            }
            for (int i = 0; i < 2_000; i++) {
                assertArrayEquals(utf8("e" + i), client.receiveBytes(Duration.ofSeconds(10)), "reply " + i);
            }
        }
    }

    @Test
    void callbackModeDeliversEveryReplyToTheCallback() throws Exception {
        java.util.concurrent.BlockingQueue<String> replies = new java.util.concurrent.LinkedBlockingQueue<>();
        try (JeromqServer server = JeromqServer.startEcho();
             ZmtpClient client = ZmtpClient.builder().connect(server.endpoint()).onMessage(buf -> {
                 replies.add(buf.toString(StandardCharsets.UTF_8));
                 buf.release();
             }).build()) {
            client.send(utf8("cb"), Duration.ofSeconds(10));
            assertEquals("cb", replies.poll(10, TimeUnit.SECONDS));
            assertThrows(IllegalStateException.class, () -> client.receive(Duration.ZERO));
        }
    }

    @Test
    void sendAsyncCompletesOnceTheServerIsUpAndTheMessageArrives() throws Exception {
        int port;
        try (JeromqServer probe = JeromqServer.start()) {
            port = probe.port;
        }
        ZmtpClientOptions options = ZmtpClientOptions.builder().reconnectIntervalMax(Duration.ofMillis(100)).build();
        try (ZmtpClient client = ZmtpClient.builder().options(options).connect("tcp://127.0.0.1:" + port).build()) {
            CompletableFuture<Void> first = client.sendAsync(utf8("a1"));
            CompletableFuture<Void> second = client.sendAsync(utf8("a2"));
            assertFalse(first.isDone());
            try (JeromqServer server = JeromqServer.startOn(port)) {
                first.get(10, TimeUnit.SECONDS);
                second.get(10, TimeUnit.SECONDS);
                assertEquals(2, server.awaitCount(2, WAIT));
                assertArrayEquals(utf8("a1"), server.messages().get(0));
                assertArrayEquals(utf8("a2"), server.messages().get(1));
            }
        }
    }

    @Test
    void disconnectingAnEndpointSendsEverythingToTheRemainingOne() throws Exception {
        RecordingListener events = new RecordingListener();
        try (JeromqServer a = JeromqServer.start(); JeromqServer b = JeromqServer.start();
             ZmtpClient client = ZmtpClient.builder().connect(a.endpoint()).connect(b.endpoint())
                     .listener(events).build()) {
            events.await("connected", 2, WAIT);
            assertTrue(client.disconnect(b.endpoint()));
            assertFalse(client.disconnect(b.endpoint()));
            assertEquals(1, client.endpoints().size());
            for (int i = 0; i < 20; i++) {
                client.send(utf8("d" + i));
            }
            assertEquals(20, a.awaitCount(20, WAIT));
            assertEquals(0, b.count());
        }
    }

    @Test
    void metersCountConnectionsHandshakesAndMessages() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RecordingListener events = new RecordingListener();
        try (JeromqServer server = JeromqServer.startEcho();
             ZmtpClient client = ZmtpClient.builder().connect(server.endpoint()).meterRegistry(registry)
                     .listener(events).build()) {
            events.await("connected", WAIT);
            client.send(utf8("12345"));
            assertArrayEquals(utf8("12345"), client.receiveBytes(Duration.ofSeconds(10)));
            assertEquals(1.0, registry.get("zmtp.client.connections").tag("state", "ready").gauge().value());
            assertEquals(1.0, registry.get("zmtp.client.handshakes").tag("outcome", "success").counter().count());
            assertEquals(1.0, registry.get("zmtp.client.connect.attempts").counter().count());
            assertEquals(1.0, registry.get("zmtp.client.messages.received").counter().count());
            assertEquals(5.0, registry.get("zmtp.client.bytes.received").counter().count());
            assertEquals(1.0, registry.get("zmtp.client.messages.sent").counter().count());
            assertEquals(5.0, registry.get("zmtp.client.bytes.sent").counter().count());
        }
    }

    @Test
    void heartbeatRoundTripsToJeromqAreTimedAndKeepTheConnectionUp() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RecordingListener events = new RecordingListener();
        ZmtpClientOptions options = ZmtpClientOptions.builder()
                .heartbeat(Duration.ofMillis(50), Duration.ofSeconds(2)).build();
        try (JeromqServer server = JeromqServer.start();
             ZmtpClient client = ZmtpClient.builder().options(options).connect(server.endpoint())
                     .meterRegistry(registry).listener(events).build()) {
            events.await("connected", WAIT);
            io.micrometer.core.instrument.Timer rtt = registry.get("zmtp.client.heartbeat.rtt").timer();
            Conditions.await("three PONGs timed", Duration.ofMillis(WAIT), () -> rtt.count() >= 3,
                    () -> "PONGs timed: " + rtt.count());
            assertEquals(1, client.readyConnections());
            assertEquals(0.0, registry.get("zmtp.client.heartbeat.timeouts").counter().count());
        }
    }
}
