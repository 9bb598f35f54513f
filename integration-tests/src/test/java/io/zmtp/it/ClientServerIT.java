/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.it;

import io.zmtp.client.ZmtpClient;
import io.zmtp.client.ZmtpClientOptions;
import io.zmtp.codec.ZmtpCodecOptions;
import io.zmtp.codec.mechanism.ZmtpAuthResult;
import io.zmtp.codec.mechanism.ZmtpAuthenticator;
import io.zmtp.codec.mechanism.ZmtpPlainMechanism;
import io.zmtp.it.report.InteropCell;
import io.zmtp.server.ZmtpServer;
import io.zmtp.server.ZmtpServerMessage;
import io.zmtp.server.ZmtpServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Our CLIENT socket against our SERVER socket, end to end over TCP loopback. */
@Timeout(120)
class ClientServerIT {

    @RegisterExtension
    final TestResources resources = new TestResources();

    private ZmtpServer echoServer(ZmtpServerOptions options) {
        return resources.add(ZmtpServer.builder().bind("tcp://127.0.0.1:0").options(options)
                .messageHandler((server, m) -> server.send(m.routingId(), m.content())).build());
    }

    private static String endpoint(ZmtpServer server) {
        return server.endpoints().get(0).toString();
    }

    @InteropCell(peer = "zmtp-netty", version = "this build", runs = "in-process",
            role = "our ZmtpClient → our ZmtpServer")
    @Test
    void everyPayloadSizeRoundTripsByteForByte() throws Exception {
        ZmtpServer server = echoServer(ZmtpServerOptions.defaults());
        ZmtpClient client = resources.add(ZmtpClient.builder().connect(endpoint(server)).build());
        Random random = new Random(41);
        for (int size : new int[] {0, 1, 255, 256, 65_535, 65_536, 1_048_576}) {
            byte[] payload = new byte[size];
            random.nextBytes(payload);
            client.send(payload, Duration.ofSeconds(10));
            assertArrayEquals(payload, client.receiveBytes(Duration.ofSeconds(10)), size + " bytes");
        }
    }

    @Test
    void tenThousandPipelinedMessagesComeBackInOrder() throws Exception {
        ZmtpServer server = echoServer(ZmtpServerOptions.defaults());
        ZmtpClient client = resources.add(ZmtpClient.builder().connect(endpoint(server)).build());
        int count = 10_000;
        Thread sender = new Thread(() -> {
            try {
                for (int i = 0; i < count; i++) {
                    client.send(ByteBuffer.allocate(4).putInt(i).array());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        sender.start();
        for (int i = 0; i < count; i++) {
            byte[] reply = client.receiveBytes(Duration.ofSeconds(10));
            assertNotNull(reply, "reply " + i);
            assertEquals(i, ByteBuffer.wrap(reply).getInt());
        }
        sender.join(10_000);
    }

    @Test
    void aClientOfTwoServersSpreadsItsMessagesEvenlyAndEachServerSeesOneRoutingId() throws Exception {
        List<ZmtpServer> servers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            servers.add(resources.add(ZmtpServer.builder().bind("tcp://127.0.0.1:0").build()));
        }
        ZmtpClient client = resources.add(ZmtpClient.builder()
                .connect(endpoint(servers.get(0))).connect(endpoint(servers.get(1))).build());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (client.readyConnections() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(2, client.readyConnections());
        for (int i = 0; i < 100; i++) {
            client.send(new byte[] {(byte) i});
        }
        for (ZmtpServer server : servers) {
            Map<Integer, Integer> perPeer = new HashMap<>();
            for (int i = 0; i < 50; i++) {
                ZmtpServerMessage m = server.receive(Duration.ofSeconds(10));
                assertNotNull(m, "message " + i);
                perPeer.merge(m.routingId(), 1, Integer::sum);
                m.release();
            }
            assertEquals(1, perPeer.size(), "one connection, one routing id: " + perPeer);
        }
    }

    @InteropCell(peer = "zmtp-netty", version = "this build", runs = "in-process",
            role = "our ZmtpClient → our ZmtpServer", mechanism = "PLAIN")
    @Test
    void plainCredentialsAuthenticateTheClientAndTheServerSeesItsUserId() throws Exception {
        ZmtpAuthenticator users = ZmtpAuthenticator.of(r -> "secret".equals(r.passwordString())
                ? ZmtpAuthResult.allow(r.username()) : ZmtpAuthResult.deny(400, "bad password"));
        ZmtpServer server = resources.add(ZmtpServer.builder().bind("tcp://127.0.0.1:0")
                .options(ZmtpServerOptions.builder().codecOptions(ZmtpCodecOptions.builder()
                        .mechanism(ZmtpPlainMechanism.server(users)).build()).build()).build());
        ZmtpClient client = resources.add(ZmtpClient.builder().connect(endpoint(server))
                .options(ZmtpClientOptions.builder().codecOptions(ZmtpCodecOptions.builder()
                        .mechanism(ZmtpPlainMechanism.client("carol", "secret")).build()).build()).build());
        client.send("hello".getBytes(), Duration.ofSeconds(10));
        ZmtpServerMessage m = server.receive(Duration.ofSeconds(10));
        assertNotNull(m);
        assertEquals("carol", m.peerMetadata().getString(ZmtpAuthResult.USER_ID));
        server.send(m.routingId(), m.content());
        assertArrayEquals("hello".getBytes(), client.receiveBytes(Duration.ofSeconds(10)));
    }
}
