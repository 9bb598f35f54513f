/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server;

import io.netty.buffer.ByteBufUtil;
import io.zmtp.socket.SocketClosedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins {@link ZmtpServerOptions#receiveSpin()}: a receive that spins before parking still gets every message, and
 * its timeout, the server's close and an interrupt end the spin as they end a parked receive, long before the spin
 * (one second here) would be over.
 */
@Timeout(30)
class ReceiveSpinTest {

    private static final Duration LONG_SPIN = Duration.ofSeconds(1);
    private final ZmtpServer server = ZmtpServer.builder().bind("tcp://127.0.0.1:0")
            .options(ZmtpServerOptions.builder().receiveSpin(LONG_SPIN).build()).build();

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void aSpinningReceiveGetsTheMessagesThatArriveWhileItSpinsAndAfter() throws Exception {
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> receiveText(server));
        try (RawClient client = RawClient.connect(server)) {
            Thread.sleep(100);
            client.send(new byte[][] {"during the spin".getBytes(StandardCharsets.US_ASCII)});
            assertEquals("during the spin", first.get(10, TimeUnit.SECONDS));
            CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> receiveText(server));
            Thread.sleep(LONG_SPIN.toMillis() + 200);
            client.send(new byte[][] {"after it".getBytes(StandardCharsets.US_ASCII)});
            assertEquals("after it", second.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aTimeoutShorterThanTheSpinStillEndsTheReceiveOnTime() throws Exception {
        long start = System.nanoTime();
        assertNull(server.receive(Duration.ofMillis(50)));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMillis >= 45 && elapsedMillis < 800, elapsedMillis + " ms");
    }

    @Test
    void closingTheServerEndsASpinningReceive() throws Exception {
        CompletableFuture<Long> receiving = CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            try {
                server.receive();
            } catch (SocketClosedException e) {
                return (System.nanoTime() - start) / 1_000_000;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            throw new AssertionError("receive returned a message");
        });
        Thread.sleep(100);
        server.close();
        long elapsedMillis = receiving.get(10, TimeUnit.SECONDS);
        assertTrue(elapsedMillis < 800, elapsedMillis + " ms");
    }

    @Test
    void anInterruptEndsASpinningReceive() throws Exception {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread receiver = new Thread(() -> {
            try {
                server.receive();
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        receiver.start();
        Thread.sleep(100);
        long start = System.nanoTime();
        receiver.interrupt();
        assertInstanceOf(InterruptedException.class, outcome.get(10, TimeUnit.SECONDS));
        assertTrue((System.nanoTime() - start) / 1_000_000 < 800);
        receiver.join(5_000);
    }

    @Test
    void theSpinIsBetweenZeroAndOneSecond() {
        assertEquals(Duration.ZERO, ZmtpServerOptions.defaults().receiveSpin());
        assertThrows(IllegalArgumentException.class,
                () -> ZmtpServerOptions.builder().receiveSpin(Duration.ofNanos(-1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ZmtpServerOptions.builder().receiveSpin(Duration.ofMillis(1001)));
        assertTrue(e.getMessage().startsWith("receiveSpin: PT1.001S"), e.getMessage());
        assertEquals(Duration.ofMillis(1000), ZmtpServerOptions.builder().receiveSpin(Duration.ofMillis(1000)).build()
                .receiveSpin());
    }

    private static String receiveText(ZmtpServer server) {
        try {
            ZmtpServerMessage message = server.receive();
            try {
                return new String(ByteBufUtil.getBytes(message.content()), StandardCharsets.US_ASCII);
            } finally {
                message.release();
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
