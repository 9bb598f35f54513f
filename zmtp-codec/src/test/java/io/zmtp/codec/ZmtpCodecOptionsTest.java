/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.zmtp.codec.mechanism.ZmtpNullMechanism;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZmtpCodecOptionsTest {

    @Test
    void defaultsAreBoundedAndMirrorLibzmqWhereSafe() {
        ZmtpCodecOptions o = ZmtpCodecOptions.defaults();
        assertSame(ZmtpNullMechanism.INSTANCE, o.mechanism());
        assertEquals(16 * 1024 * 1024, o.maxFrameSize());
        assertEquals(16 * 1024 * 1024, o.maxMessageSize());
        assertEquals(1024, o.maxFramesPerMessage());
        assertEquals(8 * 1024, o.maxMetadataSize());
        assertEquals(Duration.ofSeconds(30), o.handshakeTimeout());
        assertEquals(Duration.ZERO, o.heartbeatInterval());
        assertEquals(0, o.routingId().length);
    }

    @Test
    void heartbeatTimeoutDefaultsToTheIntervalLikeLibzmq() {
        ZmtpCodecOptions o = ZmtpCodecOptions.builder().heartbeatInterval(Duration.ofSeconds(2)).build();
        assertEquals(Duration.ofSeconds(2), o.heartbeatTimeout());
        assertEquals(Duration.ofSeconds(5), o.mutate().heartbeatTimeout(Duration.ofSeconds(5)).build().heartbeatTimeout());
    }

    @Test
    void invalidValuesAreRejectedWithTheirNameAndExpectation() {
        assertMessage(() -> ZmtpCodecOptions.builder().maxFrameSize(0), "maxFrameSize: 0 (expected: > 0)");
        assertMessage(() -> ZmtpCodecOptions.builder().maxMessageSize(-1), "maxMessageSize: -1 (expected: > 0)");
        assertMessage(() -> ZmtpCodecOptions.builder().maxFramesPerMessage(0), "maxFramesPerMessage: 0");
        assertMessage(() -> ZmtpCodecOptions.builder().maxMetadataSize(10), "maxMetadataSize: 10");
        assertMessage(() -> ZmtpCodecOptions.builder().handshakeTimeout(Duration.ofSeconds(-1)), "handshakeTimeout");
        assertMessage(() -> ZmtpCodecOptions.builder().heartbeatTtl(Duration.ofSeconds(6554)), "heartbeatTtl");
        assertMessage(() -> ZmtpCodecOptions.builder().heartbeatTimeout(Duration.ZERO), "heartbeatTimeout");
        assertMessage(() -> ZmtpCodecOptions.builder().routingId(new byte[256]), "routingId: 256 octets");
        assertMessage(() -> ZmtpCodecOptions.builder().routingId(new byte[] {0, 1}), "zero octet");
        assertMessage(() -> ZmtpCodecOptions.builder().metadata(
                ZmtpMetadata.builder().put("Socket-Type", "X").build()), "'Socket-Type' is set by the codec");
    }

    private static void assertMessage(Runnable r, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    @Test
    void unlimitedMessageSizeIsExplicit() {
        assertEquals(Long.MAX_VALUE, ZmtpCodecOptions.builder()
                .maxMessageSize(ZmtpCodecOptions.UNLIMITED_MESSAGE_SIZE).build().maxMessageSize());
    }

    @Test
    void handshakeMetadataPutsSocketTypeFirstAndIdentityOnlyWhereUsed() {
        ZmtpCodecOptions o = ZmtpCodecOptions.builder().routingId(new byte[] {7})
                .metadata(ZmtpMetadata.builder().put("X-A", "a").build()).build();
        assertEquals(java.util.List.of("Socket-Type", "Identity", "X-A"),
                o.handshakeMetadata(ZmtpSocketType.DEALER).names());
        assertArrayEquals(new byte[] {7}, o.handshakeMetadata(ZmtpSocketType.DEALER).get("Identity"));
        assertEquals(java.util.List.of("Socket-Type", "X-A"), o.handshakeMetadata(ZmtpSocketType.CLIENT).names());
    }

    @Test
    void toStringNeverShowsTheRoutingIdBytes() {
        String s = ZmtpCodecOptions.builder().routingId("secret-id".getBytes()).build().toString();
        assertTrue(s.contains("routingId=9 octets"), s);
        assertTrue(!s.contains("secret-id"), s);
    }
}
