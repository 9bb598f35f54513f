/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static io.zmtp.codec.ZmtpSocketType.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZmtpSocketTypeTest {

    /** libzmq's mechanism_t::check_socket_type, written out (ZMTP-NOTES 3.3). */
    private static final Map<ZmtpSocketType, Set<ZmtpSocketType>> LIBZMQ_TABLE = Map.ofEntries(
            Map.entry(REQ, EnumSet.of(REP, ROUTER)),
            Map.entry(REP, EnumSet.of(REQ, DEALER)),
            Map.entry(DEALER, EnumSet.of(REP, DEALER, ROUTER)),
            Map.entry(ROUTER, EnumSet.of(REQ, DEALER, ROUTER)),
            Map.entry(PUB, EnumSet.of(SUB, XSUB)),
            Map.entry(XPUB, EnumSet.of(SUB, XSUB)),
            Map.entry(SUB, EnumSet.of(PUB, XPUB)),
            Map.entry(XSUB, EnumSet.of(PUB, XPUB)),
            Map.entry(PUSH, EnumSet.of(PULL)),
            Map.entry(PULL, EnumSet.of(PUSH)),
            Map.entry(PAIR, EnumSet.of(PAIR)),
            Map.entry(CLIENT, EnumSet.of(SERVER)),
            Map.entry(SERVER, EnumSet.of(CLIENT)),
            Map.entry(RADIO, EnumSet.of(DISH)),
            Map.entry(DISH, EnumSet.of(RADIO)),
            Map.entry(SCATTER, EnumSet.of(GATHER)),
            Map.entry(GATHER, EnumSet.of(SCATTER)),
            Map.entry(PEER, EnumSet.of(PEER)),
            Map.entry(CHANNEL, EnumSet.of(CHANNEL)));

    @Test
    void everyPairIsDecidedExactlyAsLibzmqDecidesIt() {
        assertEquals(values().length, LIBZMQ_TABLE.size());
        for (ZmtpSocketType local : values()) {
            for (ZmtpSocketType peer : values()) {
                assertEquals(LIBZMQ_TABLE.get(local).contains(peer), local.isCompatibleWith(peer), local + " x " + peer);
                assertEquals(local.isCompatibleWith(peer), peer.isCompatibleWith(local), "symmetric: " + local + " x " + peer);
            }
        }
    }

    @Test
    void wireNamesAreExactAndCaseSensitive() {
        assertSame(SERVER, fromWireName("SERVER"));
        assertNull(fromWireName("server"));
        assertNull(fromWireName("STREAM"));
        assertEquals("CLIENT", CLIENT.wireName());
    }

    @Test
    void onlyReqDealerAndRouterSendTheirIdentity() {
        for (ZmtpSocketType type : values()) {
            assertEquals(type == REQ || type == DEALER || type == ROUTER, type.sendsIdentity(), type.name());
        }
    }

    @Test
    void theThreadSafeFamilyIsTheDraftTypes() {
        assertEquals(EnumSet.of(CLIENT, SERVER, RADIO, DISH, SCATTER, GATHER, PEER, CHANNEL),
                EnumSet.copyOf(java.util.Arrays.stream(values()).filter(ZmtpSocketType::isThreadSafe).toList()));
        assertTrue(SERVER.isThreadSafe());
        assertFalse(ROUTER.isThreadSafe());
    }
}
