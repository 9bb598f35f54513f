/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server;

import io.zmtp.testing.ParkedReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins {@link ZmtpServerOptions#replySpin()}: a receive that follows a send polls (here for one second) before it
 * parks, since a reply is likely on its way; a receive that follows a received message parks at once.
 */
@Timeout(30)
class ReplySpinTest {

    private static final Duration LONG_SPIN = Duration.ofSeconds(1);
    private final ZmtpServer server = ZmtpServer.builder().bind("tcp://127.0.0.1:0")
            .options(ZmtpServerOptions.builder().replySpin(LONG_SPIN).build()).build();

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void aReceiveParksAtOnceAfterAReceiveAndSpinsAfterASend() throws Exception {
        try (RawClient client = RawClient.connect(server)) {
            client.send(new byte[][] {ascii("request")});
            ZmtpServerMessage request = server.receive(Duration.ofSeconds(10));
            assertNotNull(request);
            int routingId = request.routingId();
            request.release();

            long parkedAfter = ParkedReceiver.millisUntilParked(() -> receiveOne(server),
                    () -> client.send(new byte[][] {ascii("next request")}));
            assertTrue(parkedAfter < 700, "parked after " + parkedAfter + " ms");

            server.send(routingId, ascii("reply"));
            long spunFor = ParkedReceiver.millisUntilParked(() -> receiveOne(server),
                    () -> client.send(new byte[][] {ascii("after the reply")}));
            assertTrue(spunFor >= 950, "parked after " + spunFor + " ms");
        }
    }

    @Test
    void theReplySpinDefaultsToTwentyMicrosecondsAndIsBetweenZeroAndOneSecond() {
        assertEquals(Duration.ofNanos(20_000), ZmtpServerOptions.defaults().replySpin());
        assertEquals(Duration.ZERO, ZmtpServerOptions.builder().replySpin(Duration.ZERO).build().replySpin());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ZmtpServerOptions.builder().replySpin(Duration.ofMillis(1001)));
        assertTrue(e.getMessage().startsWith("replySpin: PT1.001S"), e.getMessage());
    }

    private static void receiveOne(ZmtpServer server) throws InterruptedException {
        ZmtpServerMessage message = server.receive(Duration.ofSeconds(10));
        assertNotNull(message);
        message.release();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
