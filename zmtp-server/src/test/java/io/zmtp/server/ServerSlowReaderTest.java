/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zmtp.server.cli.EchoHandler;
import io.zmtp.testing.Conditions;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A server whose {@link ZmtpMessageHandler} answers every request keeps answering everyone while one peer sends
 * requests and reads none of the replies: that peer's requests wait until it reads, instead of the handler's send
 * blocking on its full queue and stalling the one dispatch thread.
 */
class ServerSlowReaderTest {

    private static final int REQUEST = 64 * 1024;

    @Test
    void theEchoHandlerServesOtherPeersWhileOnePeerReadsNoneOfItsReplies() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ZmtpServerOptions options = ZmtpServerOptions.builder().sendHighWaterMark(4).build();
        try (ZmtpServer server = ZmtpServer.builder().bind("tcp://127.0.0.1:0").options(options)
                .meterRegistry(registry).messageHandler(new EchoHandler()).build();
                RawClient slow = RawClient.connect(server);
                RawClient good = RawClient.connect(server)) {
            // writes before the handshake completes are refused
            Conditions.await("both peers handshaken", Duration.ofSeconds(10), () -> server.peerCount() == 2);
            slow.stopReading();
            // enough replies to fill the kernel's buffers, the connection's outbound buffer and then the send queue
            for (int i = 0; i < 400; i++) {
                slow.sendAsync(new byte[REQUEST]);
            }
            Conditions.await("the slow peer's requests are held", Duration.ofSeconds(10),
                    () -> registry.get("zmtp.server.peers.held").gauge().value() == 1,
                    () -> "send queues " + registry.get("zmtp.server.send.queue.bytes").gauge().value()
                            + " octets, replies sent " + registry.get("zmtp.server.messages.sent").counter().count());
            for (int i = 0; i < 3; i++) {
                byte[] request = {'h', 'i', (byte) i};
                good.sendAsync(request);
                assertArrayEquals(request, good.receive(), "the other peer is still answered");
            }
            assertEquals(0.0, registry.get("zmtp.server.sends.blocked").counter().count(),
                    "the handler never waited on the slow peer");
        }
    }
}
