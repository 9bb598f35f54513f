/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.it;

import io.zmtp.codec.ZmtpCodecBuilder;
import io.zmtp.codec.ZmtpCodecOptions;
import io.zmtp.codec.ZmtpHandshakeFailureReason;
import io.zmtp.codec.ZmtpSocketType;
import io.zmtp.codec.mechanism.ZmtpPlainMechanism;
import io.zmtp.codec.mechanism.ZmtpPlainPasswordFile;
import io.zmtp.it.report.InteropCell;
import io.zmtp.server.ZmtpServer;
import io.zmtp.server.ZmtpServerListener;
import io.zmtp.server.ZmtpServerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZAuth;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PLAIN (24/ZMTP-PLAIN) against JeroMQ 0.6.0 in both directions. */
@Timeout(90)
class JeromqPlainInteropIT {

    private final ZContext jeromq = new ZContext();
    private ZmtpServer server;

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
        jeromq.close();
    }

    /** Our SERVER with a password file, recording handshake failures. */
    private BlockingQueue<ZmtpHandshakeFailureReason> startServer(Path dir) throws Exception {
        Path users = dir.resolve("users");
        Files.write(users, List.of("admin:secret"));
        BlockingQueue<ZmtpHandshakeFailureReason> failures = new LinkedBlockingQueue<>();
        server = ZmtpServer.builder().bind("tcp://127.0.0.1:0")
                .options(ZmtpServerOptions.builder().codecOptions(ZmtpCodecOptions.builder()
                        .mechanism(ZmtpPlainMechanism.server(ZmtpPlainPasswordFile.read(users))).build()).build())
                .listener(new ZmtpServerListener() {
                    @Override
                    public void handshakeFailed(SocketAddress remote, ZmtpHandshakeFailureReason reason, String m) {
                        failures.add(reason);
                    }
                })
                .messageHandler((s, m) -> s.send(m.routingId(), m.content()))
                .build();
        return failures;
    }

    private ZMQ.Socket plainClient(String user, String password) {
        ZMQ.Socket client = jeromq.createSocket(SocketType.CLIENT);
        client.setLinger(0);
        client.setPlainUsername(user.getBytes(StandardCharsets.UTF_8));
        client.setPlainPassword(password.getBytes(StandardCharsets.UTF_8));
        client.setReceiveTimeOut(3_000);
        client.connect("tcp://127.0.0.1:" + server.endpoints().get(0).port());
        return client;
    }

    @InteropCell(peer = "JeroMQ", version = "0.6.0", runs = "in-process", role = "CLIENT → our ZmtpServer",
            mechanism = "PLAIN")
    @Test
    void aJeromqPlainClientWithGoodCredentialsGetsItsEchoes(@TempDir Path dir) throws Exception {
        startServer(dir);
        byte[] reply = null;
        ZMQ.Socket client = null;
        // A fresh socket gets past JeroMQ's occasional connection that never sends its greeting (JeromqConnects).
        for (int attempt = 0; attempt < JeromqConnects.ATTEMPTS && reply == null; attempt++) {
            if (client != null) {
                client.close();
            }
            client = plainClient("admin", "secret");
            client.send("probe");
            reply = client.recv();
        }
        assertArrayEquals("probe".getBytes(StandardCharsets.US_ASCII), reply);
        for (int i = 0; i < 50; i++) {
            byte[] payload = new byte[i * 100];
            java.util.Arrays.fill(payload, (byte) i);
            assertTrue(client.send(payload));
            assertArrayEquals(payload, client.recv());
        }
    }

    @InteropCell(peer = "JeroMQ", version = "0.6.0", runs = "in-process",
            role = "CLIENT → our ZmtpServer: wrong password refused", mechanism = "PLAIN")
    @Test
    void aJeromqPlainClientWithAWrongPasswordIsRefused(@TempDir Path dir) throws Exception {
        BlockingQueue<ZmtpHandshakeFailureReason> failures = startServer(dir);
        ZmtpHandshakeFailureReason reason = null;
        for (int attempt = 0; attempt < JeromqConnects.ATTEMPTS && reason != ZmtpHandshakeFailureReason.AUTHENTICATION;
                attempt++) {
            ZMQ.Socket client = plainClient("admin", "wrong");
            client.send("never echoed");
            reason = failures.poll(3, TimeUnit.SECONDS);
            assertNull(client.recv(), "nothing comes back");
            client.close();
        }
        assertEquals(ZmtpHandshakeFailureReason.AUTHENTICATION, reason);
        assertEquals(0, server.peerCount());
    }

    /** A JeroMQ SERVER with PLAIN, authenticated by JeroMQ's own ZAP handler, echoing on its own thread. */
    private static final class JeromqPlainServer implements AutoCloseable {
        final ZAuth auth;
        final ZMQ.Socket socket;
        final int port;
        final Thread thread;
        volatile boolean running = true;

        JeromqPlainServer(ZContext context, Path passwords) {
            auth = new ZAuth(context);
            auth.configurePlain("*", passwords.toString());
            auth.replies(false);
            socket = context.createSocket(SocketType.SERVER);
            socket.setLinger(0);
            socket.setPlainServer(true);
            socket.setReceiveTimeOut(50);
            socket.bind("tcp://127.0.0.1:*");
            String endpoint = socket.getLastEndpoint();
            port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
            thread = new Thread(() -> {
                while (running) {
                    zmq.Msg m = socket.base().recv(0);
                    if (m != null) {
                        socket.base().send(m, 0);
                    }
                }
            }, "jeromq-plain-echo");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5_000);
            socket.close();
            auth.close();
        }
    }

    @Test
    void ourPlainClientCodecTalksToAJeromqPlainServerAndIsRefusedWithAWrongPassword(@TempDir Path dir)
            throws Exception {
        Path passwords = dir.resolve("passwords");
        Files.write(passwords, List.of("admin=secret"));
        try (JeromqPlainServer jeromqServer = new JeromqPlainServer(jeromq, passwords)) {
            ZmtpCodecOptions good = ZmtpCodecOptions.builder()
                    .mechanism(ZmtpPlainMechanism.client("admin", "secret")).build();
            try (NettyZmtpPeer client = NettyZmtpPeer.connect(
                    ZmtpCodecBuilder.forClient(ZmtpSocketType.CLIENT).options(good).build(), jeromqServer.port,
                    NettyZmtpPeer.OnMessage.COLLECT)) {
                assertTrue(client.awaitHandshake().event().isSuccess());
                for (int size : new int[] {0, 1, 255, 256, 65_536}) {
                    byte[] payload = new byte[size];
                    java.util.Arrays.fill(payload, (byte) size);
                    client.send(payload);
                    assertArrayEquals(payload, client.awaitMessage()[0]);
                }
            }
            ZmtpCodecOptions bad = ZmtpCodecOptions.builder()
                    .mechanism(ZmtpPlainMechanism.client("admin", "wrong")).build();
            try (NettyZmtpPeer client = NettyZmtpPeer.connect(
                    ZmtpCodecBuilder.forClient(ZmtpSocketType.CLIENT).options(bad).build(), jeromqServer.port,
                    NettyZmtpPeer.OnMessage.COLLECT)) {
                NettyZmtpPeer.Handshake handshake = client.awaitHandshake();
                assertEquals(ZmtpHandshakeFailureReason.AUTHENTICATION, handshake.event().reason(),
                        handshake.event().toString());
                NettyZmtpPeer.awaitClosed(handshake.channel());
            }
        }
    }
}
