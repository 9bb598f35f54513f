/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.client;

import io.zmtp.socket.SocketClosedException;
import io.zmtp.socket.internal.ReceiveSpin;
import io.zmtp.testing.Threads;
import io.zmtp.testing.Conditions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins {@link ZmtpClientOptions#receiveSpin()}: a receive that spins before parking gets the message that arrives
 * while it spins, and its timeout and the client's close end the spin (one second here, the longest the option takes)
 * as they end a parked receive, before the spin would be over. The tests wait for the receiving thread to be in its
 * spin, never for a time; the one bound on a time is the spin itself, which a receive that ignored its timeout or the
 * close would run to its end.
 */
@Timeout(30)
class ReceiveSpinTest {

    private static final Duration LONG_SPIN = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ZmtpClientOptions SPINNING = ZmtpClientOptions.builder().receiveSpin(LONG_SPIN).build();

    @Test
    void aSpinningReceiveGetsTheMessageThatArrivesWhileItSpins() throws Exception {
        try (RawZmtpServer server = new RawZmtpServer();
             ZmtpClient client = ZmtpClient.builder().connect(server.endpoint()).options(SPINNING).build()) {
            RawZmtpServer.Peer peer = server.accept(10_000);
            assertNotNull(peer);
            FutureTask<byte[]> received = new FutureTask<>(() -> client.receiveBytes(Duration.ofSeconds(10)));
            Thread receiver = new Thread(received, "spinning-receiver");
            receiver.start();
            Conditions.await("the receive spins", WAIT, () -> isSpinning(receiver));
            peer.writeFrame("reply".getBytes(StandardCharsets.US_ASCII), false);
            assertArrayEquals("reply".getBytes(StandardCharsets.US_ASCII), received.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aTimeoutShorterThanTheSpinAndCloseEndTheReceiveBeforeTheSpinIsOver() throws Exception {
        try (RawZmtpServer server = new RawZmtpServer();
             ZmtpClient client = ZmtpClient.builder().connect(server.endpoint()).options(SPINNING).build()) {
            long start = System.nanoTime();
            assertNull(client.receive(Duration.ofMillis(50)));
            long elapsedMillis = millisSince(start);
            assertTrue(elapsedMillis >= 50, "returned after " + elapsedMillis + " ms, before its timeout");
            assertTrue(elapsedMillis < LONG_SPIN.toMillis(), "returned after " + elapsedMillis + " ms");

            FutureTask<Long> receiving = new FutureTask<>(() -> {
                long begin = System.nanoTime();
                assertThrows(SocketClosedException.class, client::receive);
                return millisSince(begin);
            });
            Thread receiver = new Thread(receiving, "spinning-receiver");
            receiver.start();
            Conditions.await("the receive spins", WAIT, () -> isSpinning(receiver));
            client.close();
            long closedAfter = receiving.get(10, TimeUnit.SECONDS);
            assertTrue(closedAfter < LONG_SPIN.toMillis(), "returned after " + closedAfter + " ms");
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

    /** Whether {@code thread} is in a receive's spin, polling for a message before it parks. */
    private static boolean isSpinning(Thread thread) {
        return Threads.isIn(thread, ReceiveSpin.class);
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
