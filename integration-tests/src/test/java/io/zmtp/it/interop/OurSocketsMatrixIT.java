/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.it.interop;

import io.zmtp.client.ZmtpClient;
import io.zmtp.client.ZmtpClientOptions;
import io.zmtp.codec.ZmtpCodecOptions;
import io.zmtp.codec.mechanism.ZmtpAuthenticator;
import io.zmtp.codec.mechanism.ZmtpCurveKeyPair;
import io.zmtp.codec.mechanism.ZmtpCurveMechanism;
import io.zmtp.codec.mechanism.ZmtpMechanism;
import io.zmtp.it.TestResources;
import io.zmtp.it.report.InteropCell;
import io.zmtp.server.ZmtpServer;
import io.zmtp.server.ZmtpServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Our CLIENT socket against our SERVER socket, in the matrix's shape: two clients at once, every payload size,
 * 1 000 messages each, replies checked byte for byte and routed to the right client.
 */
@Timeout(180)
class OurSocketsMatrixIT {

    private static final int MESSAGES_PER_PEER = 1_000;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    final TestResources resources = new TestResources();
    private final CountingEcho echo = new CountingEcho();

    @Test
    @InteropCell(peer = "zmtp-netty", version = "this build", runs = "in-process",
            role = "our ZmtpClient ×2 → our ZmtpServer")
    void twoClientsAtOnceGetEveryPayloadSizeEchoedByteForByte() throws Exception {
        exchange(null, null);
    }

    @Test
    @InteropCell(peer = "zmtp-netty", version = "this build", runs = "in-process",
            role = "our ZmtpClient ×2 → our ZmtpServer", mechanism = "CURVE")
    void twoCurveClientsAtOnceGetEveryPayloadSizeEchoedByteForByte() throws Exception {
        ZmtpCurveKeyPair serverKeys = ZmtpCurveKeyPair.generate();
        exchange(ZmtpCurveMechanism.server(serverKeys, ZmtpAuthenticator.ALLOW_ALL),
                ZmtpCurveMechanism.client(serverKeys.publicKey()));
    }

    /** Runs two clients of {@code clientMechanism} against a server of {@code serverMechanism} (null: NULL). */
    private void exchange(ZmtpMechanism serverMechanism, ZmtpMechanism clientMechanism) throws Exception {
        ZmtpServerOptions.Builder serverOptions = ZmtpServerOptions.builder();
        ZmtpClientOptions.Builder clientOptions = ZmtpClientOptions.builder();
        if (serverMechanism != null) {
            serverOptions.codecOptions(ZmtpCodecOptions.builder().mechanism(serverMechanism).build());
            clientOptions.codecOptions(ZmtpCodecOptions.builder().mechanism(clientMechanism).build());
        }
        ZmtpServer server = resources.add(ZmtpServer.builder().bind("tcp://127.0.0.1:0")
                .options(serverOptions.build()).messageHandler(echo).build());
        String endpoint = server.endpoints().get(0).toString();
        ZmtpClient first = resources.add(ZmtpClient.builder().options(clientOptions.build()).connect(endpoint)
                .build());
        ZmtpClient second = resources.add(ZmtpClient.builder().options(clientOptions.build()).connect(endpoint)
                .build());

        // Different seeds: a reply routed to the wrong client fails its byte-for-byte check.
        CompletableFuture<Void> firstDone = WindowedEcho.start(55, MESSAGES_PER_PEER, WindowedEcho.of(first, WAIT));
        CompletableFuture<Void> secondDone = WindowedEcho.start(66, MESSAGES_PER_PEER, WindowedEcho.of(second, WAIT));
        WindowedEcho.await(firstDone, "the first ZmtpClient", WAIT.multipliedBy(4));
        WindowedEcho.await(secondDone, "the second ZmtpClient", WAIT.multipliedBy(4));
        echo.assertPeersEachSent(2, MESSAGES_PER_PEER);
    }
}
