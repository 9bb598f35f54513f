/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.it.interop;

import io.zmtp.client.ZmtpClient;
import io.zmtp.it.JeromqConnects;
import io.zmtp.it.JeromqEchoServer;
import io.zmtp.it.TestResources;
import io.zmtp.it.report.InteropCell;
import io.zmtp.server.ZmtpServer;
import io.zmtp.server.ZmtpServerListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JeroMQ 0.6.0's CLIENT and SERVER sockets against our sockets ({@link ZmtpServer}, {@link ZmtpClient}), with the
 * matrix's payload sizes and counts: the socket-level cells beside the codec-level ones of
 * {@code JeromqCodecInteropIT}.
 */
@Timeout(180)
class JeromqSocketInteropIT {

    private static final int MESSAGES_PER_PEER = 1_000;
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** A JeroMQ connection that never greets ({@link JeromqConnects}) is replaced after this long. */
    private static final long JEROMQ_CONNECT_ATTEMPT_MILLIS = 3_000;
    private static final int JEROMQ_CONNECT_ATTEMPTS = JeromqConnects.ATTEMPTS;

    @RegisterExtension
    final TestResources resources = new TestResources();
    private final CountingEcho echo = new CountingEcho();
    private final BlockingQueue<Integer> connected = new LinkedBlockingQueue<>();

    @Test
    @InteropCell(peer = "JeroMQ", version = "0.6.0", runs = "in-process", role = "CLIENT ×2 → our ZmtpServer")
    void twoJeromqClientsAtOnceGetEveryPayloadSizeEchoedByteForByteByOurServer() throws Exception {
        ZmtpServer server = resources.add(ZmtpServer.builder()
                .bind("tcp://127.0.0.1:0")
                .listener(new ZmtpServerListener() {
                    @Override
                    public void peerConnected(int routingId, SocketAddress remoteAddress) {
                        connected.add(routingId);
                    }
                })
                .messageHandler(echo)
                .build());
        String endpoint = server.endpoints().get(0).toString();
        ZContext context = resources.add(new ZContext());
        ZMQ.Socket first = connectJeromq(context, endpoint);
        ZMQ.Socket second = connectJeromq(context, endpoint);

        // Different seeds: a reply routed to the wrong client fails its byte-for-byte check.
        CompletableFuture<Void> firstDone = WindowedEcho.start(11, MESSAGES_PER_PEER, WindowedEcho.of(first));
        CompletableFuture<Void> secondDone = WindowedEcho.start(22, MESSAGES_PER_PEER, WindowedEcho.of(second));
        WindowedEcho.await(firstDone, "the first JeroMQ CLIENT", WAIT.multipliedBy(4));
        WindowedEcho.await(secondDone, "the second JeroMQ CLIENT", WAIT.multipliedBy(4));

        echo.assertPeersEachSent(2, MESSAGES_PER_PEER);
    }

    @Test
    @InteropCell(peer = "JeroMQ", version = "0.6.0", runs = "in-process", role = "SERVER ← our ZmtpClient ×2")
    void twoOfOurClientsAtOnceGetEveryPayloadSizeEchoedByteForByteByAJeromqServer() throws Exception {
        JeromqEchoServer jeromq = resources.add(JeromqEchoServer.start());
        String endpoint = "tcp://127.0.0.1:" + jeromq.port();
        ZmtpClient first = resources.add(ZmtpClient.builder().connect(endpoint).build());
        ZmtpClient second = resources.add(ZmtpClient.builder().connect(endpoint).build());

        // Different seeds: a reply the JeroMQ SERVER routed to the wrong client fails its byte-for-byte check.
        CompletableFuture<Void> firstDone = WindowedEcho.start(33, MESSAGES_PER_PEER, WindowedEcho.of(first, WAIT));
        CompletableFuture<Void> secondDone = WindowedEcho.start(44, MESSAGES_PER_PEER, WindowedEcho.of(second, WAIT));
        WindowedEcho.await(firstDone, "our first ZmtpClient", WAIT.multipliedBy(4));
        WindowedEcho.await(secondDone, "our second ZmtpClient", WAIT.multipliedBy(4));
        jeromq.assertNoFailure();
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
