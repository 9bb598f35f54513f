/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server;

import io.netty.buffer.ByteBufUtil;
import io.zmtp.socket.SocketClosedException;
import io.zmtp.socket.internal.ReceiveSpin;
import io.zmtp.testing.Threads;
import io.zmtp.testing.Conditions;
import io.zmtp.testing.ParkedReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins {@link ZmtpServerOptions#receiveSpin()}: a receive that spins before parking still gets every message, and
 * its timeout, the server's close and an interrupt end the spin as they end a parked receive, before the spin (one
 * second here, the longest the option takes) would be over. The tests wait for the receiving thread to be in its spin,
 * or parked, never for a time; the one bound on a time is the spin itself, which a receive that ignored its timeout,
 * the close or the interrupt would run to its end.
 */
@Timeout(30)
class ReceiveSpinTest {

    private static final Duration LONG_SPIN = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final ZmtpServer server = ZmtpServer.builder().bind("tcp://127.0.0.1:0")
            .options(ZmtpServerOptions.builder().receiveSpin(LONG_SPIN).build()).build();

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void aSpinningReceiveGetsTheMessagesThatArriveWhileItSpinsAndAfterItParks() throws Exception {
        try (RawClient client = RawClient.connect(server)) {
            FutureTask<String> first = new FutureTask<>(() -> receiveText(server));
            Thread receiver = new Thread(first, "spinning-receiver");
            receiver.start();
            Conditions.await("the receive spins", WAIT, () -> isSpinning(receiver));
            client.send(new byte[][] {"during the spin".getBytes(StandardCharsets.US_ASCII)});
            assertEquals("during the spin", first.get(10, TimeUnit.SECONDS));

            long parkedAfter = ParkedReceiver.millisUntilParked(() -> assertEquals("after it", receiveText(server)),
                    () -> client.send(new byte[][] {"after it".getBytes(StandardCharsets.US_ASCII)}));
            assertTrue(parkedAfter >= LONG_SPIN.toMillis(), "parked after " + parkedAfter + " ms: it did not spin");
        }
    }

    @Test
    void aTimeoutShorterThanTheSpinEndsTheReceiveBeforeTheSpinIsOver() throws Exception {
        long start = System.nanoTime();
        assertNull(server.receive(Duration.ofMillis(50)));
        long elapsedMillis = millisSince(start);
        assertTrue(elapsedMillis >= 50, "returned after " + elapsedMillis + " ms, before its timeout");
        assertTrue(elapsedMillis < LONG_SPIN.toMillis(), "returned after " + elapsedMillis + " ms");
    }

    @Test
    void closingTheServerEndsASpinningReceiveBeforeTheSpinIsOver() throws Exception {
        FutureTask<Long> receiving = new FutureTask<>(() -> {
            long start = System.nanoTime();
            assertThrows(SocketClosedException.class, server::receive);
            return millisSince(start);
        });
        Thread receiver = new Thread(receiving, "spinning-receiver");
        receiver.start();
        Conditions.await("the receive spins", WAIT, () -> isSpinning(receiver));
        server.close();
        long elapsedMillis = receiving.get(10, TimeUnit.SECONDS);
        assertTrue(elapsedMillis < LONG_SPIN.toMillis(), "returned after " + elapsedMillis + " ms");
    }

    @Test
    void anInterruptEndsASpinningReceiveBeforeTheSpinIsOver() throws Exception {
        FutureTask<Long> receiving = new FutureTask<>(() -> {
            long start = System.nanoTime();
            assertThrows(InterruptedException.class, server::receive);
            return millisSince(start);
        });
        Thread receiver = new Thread(receiving, "spinning-receiver");
        receiver.start();
        Conditions.await("the receive spins", WAIT, () -> isSpinning(receiver));
        receiver.interrupt();
        long elapsedMillis = receiving.get(10, TimeUnit.SECONDS);
        assertTrue(elapsedMillis < LONG_SPIN.toMillis(), "returned after " + elapsedMillis + " ms");
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

    private static String receiveText(ZmtpServer server) throws InterruptedException {
        ZmtpServerMessage message = server.receive();
        try {
            return new String(ByteBufUtil.getBytes(message.content()), StandardCharsets.US_ASCII);
        } finally {
            message.release();
        }
    }

    /** Whether {@code thread} is in a receive's spin, polling for a message before it parks. */
    private static boolean isSpinning(Thread thread) {
        return Threads.isIn(thread, ReceiveSpin.class);
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
