/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.zmtp.codec.mechanism.ZmtpAuthResult;
import io.zmtp.codec.mechanism.ZmtpAuthenticator;
import io.zmtp.codec.mechanism.ZmtpCurveKeyPair;
import io.zmtp.codec.mechanism.ZmtpCurveMechanism;
import io.zmtp.codec.mechanism.ZmtpMechanism;
import io.zmtp.codec.mechanism.ZmtpNullMechanism;
import io.zmtp.codec.mechanism.ZmtpPlainMechanism;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code User-Id} is the authenticated identity: a peer that announces one itself, in any case, never has it
 * reach the application, with any mechanism and on either side; only an authenticator's user id appears.
 */
class PeerUserIdTest {

    private static final ZmtpAuthenticator BOB = ZmtpAuthenticator.of(r -> ZmtpAuthResult.allow("bob"));
    private static final ZmtpCurveKeyPair SERVER_KEYS = ZmtpCurveKeyPair.generate();

    @Test
    void aUserIdAnnouncedOverNullReachesNeitherSide() {
        assertUserIds(ZmtpNullMechanism.INSTANCE, ZmtpNullMechanism.INSTANCE, null);
    }

    @Test
    void aUserIdAnnouncedOverPlainReachesNeitherSideWhenTheAuthenticatorGivesNone() {
        assertUserIds(plainClient(), ZmtpPlainMechanism.server(ZmtpAuthenticator.ALLOW_ALL), null);
    }

    @Test
    void aUserIdAnnouncedOverPlainGivesWayToTheAuthenticators() {
        assertUserIds(plainClient(), ZmtpPlainMechanism.server(BOB), "bob");
    }

    @Test
    void aUserIdAnnouncedOverCurveReachesNeitherSideWhenTheAuthenticatorGivesNone() {
        assertUserIds(curveClient(), ZmtpCurveMechanism.server(SERVER_KEYS, ZmtpAuthenticator.ALLOW_ALL), null);
    }

    @Test
    void aUserIdAnnouncedOverCurveGivesWayToTheAuthenticators() {
        assertUserIds(curveClient(), ZmtpCurveMechanism.server(SERVER_KEYS, BOB), "bob");
    }

    private static ZmtpMechanism plainClient() {
        return ZmtpPlainMechanism.client("admin", "secret");
    }

    private static ZmtpMechanism curveClient() {
        return ZmtpCurveMechanism.client(SERVER_KEYS.publicKey());
    }

    /**
     * Connects a client announcing {@code User-Id: admin} (and {@code user-id}, {@code USER-ID} in turn) to a server
     * announcing {@code User-Id: root}; the server must see {@code expected} and the client no user id at all.
     */
    private static void assertUserIds(ZmtpMechanism client, ZmtpMechanism server, String expected) {
        for (String name : List.of("User-Id", "user-id", "USER-ID")) {
            CodecChannel c = new CodecChannel(ZmtpSocketType.CLIENT, false, options(client, name, "admin"));
            CodecChannel s = new CodecChannel(ZmtpSocketType.SERVER, true, options(server, name, "root"));
            CodecChannel.pump(c, s);
            ZmtpHandshakeCompletionEvent serverEvent = s.recorder.handshake();
            ZmtpHandshakeCompletionEvent clientEvent = c.recorder.handshake();
            assertTrue(serverEvent.isSuccess(), serverEvent::toString);
            assertTrue(clientEvent.isSuccess(), clientEvent::toString);
            ZmtpMetadata seenByServer = serverEvent.peerMetadata();
            assertEquals(expected, seenByServer.getString(ZmtpAuthResult.USER_ID), name + ": " + seenByServer);
            assertEquals(expected == null ? 1 : 2, seenByServer.size(), name + ": " + seenByServer);
            assertNull(clientEvent.peerMetadata().getString(ZmtpAuthResult.USER_ID), name);
            assertFalse(c.finish());
            assertFalse(s.finish());
        }
    }

    private static ZmtpCodecOptions options(ZmtpMechanism mechanism, String userIdName, String userId) {
        return ZmtpCodecOptions.builder().mechanism(mechanism)
                .metadata(ZmtpMetadata.builder().put(userIdName, userId).build()).build();
    }
}
