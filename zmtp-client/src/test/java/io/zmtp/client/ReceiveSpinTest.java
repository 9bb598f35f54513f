/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.client;

import io.zmtp.socket.SocketClosedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins {@link ZmtpClientOptions#receiveSpin()}: a receive that spins before parking gets the message that arrives
 * while it spins, and its timeout and the client's close end the spin (one second here) as they end a parked receive.
 */
@Timeout(30)
class ReceiveSpinTest {

    private static final ZmtpClientOptions SPINNING =
            ZmtpClientOptions.builder().receiveSpin(Duration.ofSeconds(1)).build();

    @Test
    void aSpinningReceiveGetsTheMessageThatArrivesWhileItSpins() throws Exception {
        try (RawZmtpServer server = new RawZmtpServer();
             ZmtpClient client = ZmtpClient.builder().connect(server.endpoint()).options(SPINNING).build()) {
            RawZmtpServer.Peer peer = server.accept(10_000);
            assertNotNull(peer);
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.receiveBytes(Duration.ofSeconds(10));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(100);
            peer.writeFrame("reply".getBytes(StandardCharsets.US_ASCII), false);
            assertArrayEquals("reply".getBytes(StandardCharsets.US_ASCII), received.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aTimeoutShorterThanTheSpinAndCloseStillEndTheReceiveOnTime() throws Exception {
        try (RawZmtpServer server = new RawZmtpServer();
             ZmtpClient client = ZmtpClient.builder().connect(server.endpoint()).options(SPINNING).build()) {
            long start = System.nanoTime();
            assertNull(client.receive(Duration.ofMillis(50)));
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMillis >= 45 && elapsedMillis < 800, elapsedMillis + " ms");

            CompletableFuture<Long> receiving = CompletableFuture.supplyAsync(() -> {
                long begin = System.nanoTime();
                assertThrows(SocketClosedException.class, client::receive);
                return (System.nanoTime() - begin) / 1_000_000;
            });
            Thread.sleep(100);
            client.close();
            long closedAfter = receiving.get(10, TimeUnit.SECONDS);
            assertTrue(closedAfter < 800, closedAfter + " ms");
        }
    }

    @Test
    void theSpinIsBetweenZeroAndOneSecond() {
        assertEquals(Duration.ZERO, ZmtpClientOptions.defaults().receiveSpin());
        assertThrows(IllegalArgumentException.class,
                () -> ZmtpClientOptions.builder().receiveSpin(Duration.ofSeconds(2)));
        assertThrows(IllegalArgumentException.class,
                () -> ZmtpClientOptions.builder().receiveSpin(Duration.ofMillis(-1)));
    }
}
