/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.client;

import io.zmtp.testing.ParkedReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins {@link ZmtpClientOptions#replySpin()}: a receive that follows a send polls (here for one second) before it
 * parks, since the reply to a request is likely on its way; a receive that follows a received message parks at once.
 */
@Timeout(30)
class ReplySpinTest {

    private static final ZmtpClientOptions SPINNING_FOR_REPLIES =
            ZmtpClientOptions.builder().replySpin(Duration.ofSeconds(1)).build();

    @Test
    void aReceiveParksAtOnceUntilTheClientSendsAndSpinsAfterASend() throws Exception {
        try (RawZmtpServer server = new RawZmtpServer();
             ZmtpClient client = ZmtpClient.builder().connect(server.endpoint()).options(SPINNING_FOR_REPLIES)
                     .build()) {
            RawZmtpServer.Peer peer = server.accept(10_000);
            assertNotNull(peer);

            long parkedAfter = ParkedReceiver.millisUntilParked(() -> receiveOne(client),
                    () -> peer.writeFrame(ascii("unasked"), false));
            assertTrue(parkedAfter < 700, "parked after " + parkedAfter + " ms");

            client.send(ascii("request"));
            long spunFor = ParkedReceiver.millisUntilParked(() -> receiveOne(client),
                    () -> peer.writeFrame(ascii("reply"), false));
            assertTrue(spunFor >= 950, "parked after " + spunFor + " ms");

            long parkedAgainAfter = ParkedReceiver.millisUntilParked(() -> receiveOne(client),
                    () -> peer.writeFrame(ascii("unasked again"), false));
            assertTrue(parkedAgainAfter < 700, "parked after " + parkedAgainAfter + " ms");
        }
    }

    @Test
    void theReplySpinDefaultsToTwentyMicrosecondsAndIsBetweenZeroAndOneSecond() {
        assertEquals(Duration.ofNanos(20_000), ZmtpClientOptions.defaults().replySpin());
        assertEquals(Duration.ZERO, ZmtpClientOptions.builder().replySpin(Duration.ZERO).build().replySpin());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ZmtpClientOptions.builder().replySpin(Duration.ofMillis(-1)));
        assertTrue(e.getMessage().startsWith("replySpin: "), e.getMessage());
    }

    private static void receiveOne(ZmtpClient client) throws InterruptedException {
        assertNotNull(client.receiveBytes(Duration.ofSeconds(10)));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
