/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.it.interop;

import io.zmtp.client.ZmtpClient;
import io.zmtp.it.JeromqEchoServer;
import io.zmtp.it.report.InteropCell;
import io.zmtp.server.ZmtpServer;
import io.zmtp.server.ZmtpServerListener;
import io.zmtp.server.ZmtpServerMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JeroMQ 0.6.0's CLIENT and SERVER sockets against our sockets ({@link ZmtpServer}, {@link ZmtpClient}), with the
 * matrix's payload sizes and counts: the socket-level cells beside the codec-level ones of
 * {@code JeromqCodecInteropIT}.
 */
@Timeout(180)
class JeromqSocketInteropIT {

    private static final int MESSAGES_PER_PEER = 1_000;
    private static final int WINDOW = 8;
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** JeroMQ sometimes opens a connection and never greets; such a socket is replaced after this long. */
    private static final long JEROMQ_CONNECT_ATTEMPT_MILLIS = 3_000;
    private static final int JEROMQ_CONNECT_ATTEMPTS = 5;

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Map<Integer, AtomicInteger> messagesByPeer = new ConcurrentHashMap<>();
    private final BlockingQueue<Integer> connected = new LinkedBlockingQueue<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    @Test
    @InteropCell(peer = "JeroMQ", version = "0.6.0", runs = "in-process", role = "CLIENT ×2 → our ZmtpServer")
    void twoJeromqClientsAtOnceGetEveryPayloadSizeEchoedByteForByteByOurServer() throws Exception {
        ZmtpServer server = closeLater(ZmtpServer.builder()
                .bind("tcp://127.0.0.1:0")
                .listener(new ZmtpServerListener() {
                    @Override
                    public void peerConnected(int routingId, SocketAddress remoteAddress) {
                        connected.add(routingId);
                    }
                })
                .messageHandler(this::echo)
                .build());
        String endpoint = server.endpoints().get(0).toString();
        ZContext context = closeLater(new ZContext());
        ZMQ.Socket first = connectJeromq(context, endpoint);
        ZMQ.Socket second = connectJeromq(context, endpoint);

        // Different seeds: a reply routed to the wrong client fails its byte-for-byte check.
        CompletableFuture<Void> firstDone = CompletableFuture.runAsync(() -> echoLoop(11, first));
        CompletableFuture<Void> secondDone = CompletableFuture.runAsync(() -> echoLoop(22, second));
        join(firstDone, "the first JeroMQ CLIENT");
        join(secondDone, "the second JeroMQ CLIENT");

        assertEquals(2, messagesByPeer.size(), () -> "routing ids that sent messages: " + messagesByPeer);
        messagesByPeer.forEach((routingId, count) -> assertEquals(MESSAGES_PER_PEER, count.get(),
                () -> "messages from routing id " + Integer.toUnsignedString(routingId)));
    }

    @Test
    @InteropCell(peer = "JeroMQ", version = "0.6.0", runs = "in-process", role = "SERVER ← our ZmtpClient")
    void ourClientGetsEveryPayloadSizeEchoedByteForByteByAJeromqServer() throws Exception {
        JeromqEchoServer jeromq = closeLater(JeromqEchoServer.start());
        ZmtpClient client = closeLater(ZmtpClient.builder().connect("tcp://127.0.0.1:" + jeromq.port()).build());
        int[] sizes = PayloadPattern.SIZES;
        int sent = 0;
        for (int k = 0; k < MESSAGES_PER_PEER; k++) {
            while (sent < MESSAGES_PER_PEER && sent < k + WINDOW) {
                client.send(PayloadPattern.message(33, sent, sizes[sent % sizes.length]), WAIT);
                sent++;
            }
            byte[] reply = client.receiveBytes(WAIT);
            assertNotNull(reply, "echo #" + k + " did not come back");
            assertArrayEquals(PayloadPattern.message(33, k, sizes[k % sizes.length]), reply, "echo #" + k);
        }
        jeromq.assertNoFailure();
    }

    /** Counts the message per peer and sends it back; the send takes ownership of the payload. */
    private void echo(ZmtpServer server, ZmtpServerMessage message) throws InterruptedException {
        messagesByPeer.computeIfAbsent(message.routingId(), id -> new AtomicInteger()).incrementAndGet();
        try {
            server.send(message.routingId(), message.content());
        } catch (RuntimeException e) {
            message.release(); // a failed send leaves the payload with us
            throw e;
        }
    }

    /** Sends {@link #MESSAGES_PER_PEER} patterned messages, {@link #WINDOW} ahead, and checks every echo. */
    private static void echoLoop(int seed, ZMQ.Socket socket) {
        int[] sizes = PayloadPattern.SIZES;
        int sent = 0;
        for (int k = 0; k < MESSAGES_PER_PEER; k++) {
            while (sent < MESSAGES_PER_PEER && sent < k + WINDOW) {
                byte[] payload = PayloadPattern.message(seed, sent, sizes[sent % sizes.length]);
                assertTrue(socket.send(payload), "JeroMQ CLIENT could not send " + payload.length + " octets");
                sent++;
            }
            byte[] reply = socket.recv();
            assertNotNull(reply, "echo #" + k + " did not come back");
            assertArrayEquals(PayloadPattern.message(seed, k, sizes[k % sizes.length]), reply, "echo #" + k);
        }
    }

    private static void join(CompletableFuture<Void> done, String who) throws InterruptedException {
        try {
            done.get(WAIT.toSeconds() * 4, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(who + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(who + " did not finish its " + MESSAGES_PER_PEER + " echoes", e);
        }
    }

    /** Connects a JeroMQ CLIENT; one whose connection never completes a handshake is replaced by a fresh one. */
    private ZMQ.Socket connectJeromq(ZContext context, String endpoint) throws InterruptedException {
        for (int attempt = 1; attempt <= JEROMQ_CONNECT_ATTEMPTS; attempt++) {
            ZMQ.Socket socket = context.createSocket(SocketType.CLIENT);
            socket.setLinger(0);
            socket.setReceiveTimeOut((int) WAIT.toMillis());
            socket.setSendTimeOut((int) WAIT.toMillis());
            assertTrue(socket.connect(endpoint));
            if (connected.poll(JEROMQ_CONNECT_ATTEMPT_MILLIS, TimeUnit.MILLISECONDS) != null) {
                return socket;
            }
            socket.close();
        }
        throw new AssertionError("no JeroMQ CLIENT completed a handshake with our server in "
                + JEROMQ_CONNECT_ATTEMPTS + " attempts");
    }
}
