/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.zmtp.codec.mechanism.ZmtpAuthenticator;
import io.zmtp.codec.mechanism.ZmtpCurveKeyPair;
import io.zmtp.codec.mechanism.ZmtpCurveMechanism;
import io.zmtp.codec.mechanism.ZmtpMechanism;
import io.zmtp.codec.mechanism.ZmtpPlainMechanism;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An authenticator that returns {@code null}, completes its stage with {@code null} or throws is an internal error
 * of the server: PLAIN and CURVE alike send ERROR "500" and report {@code AUTHENTICATION} on both sides, never a
 * protocol failure out of the handshake.
 */
class MisbehavingAuthenticatorTest {

    private static final Map<String, ZmtpAuthenticator> MISBEHAVING = Map.of(
            "returns null", request -> null,
            "completes with null", request -> CompletableFuture.completedFuture(null),
            "throws", request -> {
                throw new IllegalStateException("database down");
            });

    @Test
    void plainAnswersAMisbehavingAuthenticatorWithError500() {
        MISBEHAVING.forEach((what, authenticator) -> assertInternalError(what,
                ZmtpPlainMechanism.client("admin", "secret"), ZmtpPlainMechanism.server(authenticator)));
    }

    @Test
    void curveAnswersAMisbehavingAuthenticatorWithError500() {
        ZmtpCurveKeyPair serverKeys = ZmtpCurveKeyPair.generate();
        MISBEHAVING.forEach((what, authenticator) -> assertInternalError(what, ZmtpCurveMechanism.client(
                serverKeys.publicKey()), ZmtpCurveMechanism.server(serverKeys, authenticator)));
    }

    private static void assertInternalError(String what, ZmtpMechanism client, ZmtpMechanism server) {
        CodecChannel c = new CodecChannel(ZmtpSocketType.CLIENT, false,
                ZmtpCodecOptions.builder().mechanism(client).build());
        CodecChannel s = new CodecChannel(ZmtpSocketType.SERVER, true,
                ZmtpCodecOptions.builder().mechanism(server).build());
        for (int round = 0; round < 5; round++) {
            CodecChannel.pump(c, s);
            s.channel.runPendingTasks();
        }
        ZmtpHandshakeCompletionEvent serverEvent = s.recorder.handshake();
        ZmtpHandshakeCompletionEvent clientEvent = c.recorder.handshake();
        assertEquals(ZmtpHandshakeFailureReason.AUTHENTICATION, serverEvent.reason(), what + ": " + serverEvent);
        assertTrue(serverEvent.cause().getMessage().contains("(500 authenticator failed"), what + ": " + serverEvent);
        assertEquals(ZmtpHandshakeFailureReason.AUTHENTICATION, clientEvent.reason(), what + ": " + clientEvent);
        assertTrue(clientEvent.cause().getMessage().endsWith("ERROR 500"), what + ": " + clientEvent);
        assertFalse(c.finish());
        assertFalse(s.finish());
    }
}
