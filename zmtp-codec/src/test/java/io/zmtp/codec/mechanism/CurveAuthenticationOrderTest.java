/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.mechanism;

import io.zmtp.codec.ZmtpCodecOptions;
import io.zmtp.codec.ZmtpHandshakeFailureReason;
import io.zmtp.codec.ZmtpSocketType;
import io.zmtp.codec.mechanism.CurveKnownAnswerTest.Kat;
import io.zmtp.codec.mechanism.ZmtpCurveMechanismTest.Peer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.zmtp.codec.mechanism.CurveKnownAnswerTest.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CURVE server asks its authenticator before it looks at the client's {@code Socket-Type}, as libzmq asks ZAP
 * first: a refused client learns nothing about the server's socket type, and the authenticator hears of every
 * attempt.
 */
class CurveAuthenticationOrderTest {

    private final List<ZmtpAuthRequest> requests = new ArrayList<>();

    private ZmtpAuthenticator recording(ZmtpAuthResult result) {
        return ZmtpAuthenticator.of(request -> {
            requests.add(request);
            return result;
        });
    }

    @Test
    void aRefusedClientOfAnIncompatibleSocketTypeGetsError400NotTheServersSocketType() {
        Peer client = new Peer(ZmtpSocketType.PUB, false, Kat.client());
        Peer server = new Peer(ZmtpSocketType.ROUTER, true,
                Kat.server(recording(ZmtpAuthResult.deny(400, "unknown client key"))));
        ZmtpCurveMechanismTest.pump(client, server);
        assertEquals(1, requests.size(), "the authenticator heard of the attempt");
        assertEquals(hex(Kat.CLIENT_PUBLIC), hex(requests.get(0).clientPublicKey()));
        assertEquals(ZmtpHandshakeFailureReason.AUTHENTICATION, server.handshake().reason());
        assertEquals(ZmtpHandshakeFailureReason.AUTHENTICATION, client.handshake().reason());
        String seenByClient = client.handshake().cause().getMessage();
        assertTrue(seenByClient.endsWith("ERROR 400"), seenByClient);
        assertFalse(client.finish());
        assertFalse(server.finish());
    }

    @Test
    void anAcceptedClientOfAnIncompatibleSocketTypeIsAskedAboutThenRefusedWithTheSocketType() {
        Peer client = new Peer(ZmtpSocketType.PUB, false, Kat.client());
        Peer server = new Peer(ZmtpSocketType.ROUTER, true, Kat.server(recording(ZmtpAuthResult.allow("c"))));
        ZmtpCurveMechanismTest.pump(client, server);
        assertEquals(1, requests.size());
        assertEquals(ZmtpHandshakeFailureReason.SOCKET_TYPE, server.handshake().reason());
        String seenByClient = client.handshake().cause().getMessage();
        assertTrue(seenByClient.contains("incompatible Socket-Type: ROUTER does not accept PUB"), seenByClient);
        assertFalse(client.finish());
        assertFalse(server.finish());
    }

    @Test
    void aDecisionThatArrivesLaterIsStillFollowedByTheSocketTypeCheck() {
        CompletableFuture<ZmtpAuthResult> decision = new CompletableFuture<>();
        Peer client = new Peer(ZmtpSocketType.PUB, false, Kat.client());
        Peer server = new Peer(ZmtpSocketType.ROUTER, true, ZmtpCodecOptions.builder()
                .mechanism(Kat.server(request -> decision)).build());
        ZmtpCurveMechanismTest.pump(client, server);
        assertNull(server.handshake(), "waiting for the authenticator");
        decision.complete(ZmtpAuthResult.allow(null));
        server.channel.runPendingTasks();
        ZmtpCurveMechanismTest.pump(client, server);
        assertEquals(ZmtpHandshakeFailureReason.SOCKET_TYPE, server.handshake().reason());
        assertEquals(ZmtpHandshakeFailureReason.PROTOCOL, client.handshake().reason());
        assertFalse(client.finish());
        assertFalse(server.finish());
    }
}
