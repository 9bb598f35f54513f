/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.client;

import io.zmtp.codec.ZmtpCodecOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZmtpClientOptionsTest {

    @Test
    void defaultsMirrorLibzmq() {
        ZmtpClientOptions o = ZmtpClientOptions.defaults();
        assertEquals(1000, o.sendHighWaterMark());
        assertEquals(1000, o.receiveHighWaterMark());
        assertEquals(Duration.ofMillis(100), o.reconnectInterval());
        assertEquals(Duration.ofSeconds(30), o.reconnectIntervalMax());
        assertEquals(ZmtpClientOptions.NO_TIMEOUT, o.sendTimeout());
        assertFalse(o.stopReconnectOnProtocolError());
        assertSame(ZmtpCodecOptions.defaults(), o.codecOptions());
    }

    @Test
    void mutateCopiesEverythingAndChangesOnlyWhatIsSet() {
        ZmtpClientOptions o = ZmtpClientOptions.builder().sendHighWaterMark(5).linger(Duration.ZERO).build();
        ZmtpClientOptions m = o.mutate().receiveHighWaterMark(7).build();
        assertEquals(5, m.sendHighWaterMark());
        assertEquals(7, m.receiveHighWaterMark());
        assertEquals(Duration.ZERO, m.linger());
        assertEquals(1000, o.receiveHighWaterMark());
    }

    @Test
    void invalidValuesAreRejectedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ZmtpClientOptions.builder().sendHighWaterMark(-1));
        assertTrue(e.getMessage().startsWith("sendHighWaterMark: -1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ZmtpClientOptions.builder().reconnectInterval(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> ZmtpClientOptions.builder().sendTimeout(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> ZmtpClientOptions.builder().ioThreads(-1));
        assertThrows(NullPointerException.class, () -> ZmtpClientOptions.builder().codecOptions(null));
    }

    @Test
    void aMaximumBelowTheIntervalIsRaisedToIt() {
        ZmtpClientOptions o = ZmtpClientOptions.builder().reconnectInterval(Duration.ofSeconds(2))
                .reconnectIntervalMax(Duration.ofSeconds(1)).build();
        assertEquals(Duration.ofSeconds(2), o.reconnectIntervalMax());
    }

    @Test
    void heartbeatShorthandSetsIntervalTimeoutAndTtlOfTheCodec() {
        ZmtpCodecOptions c = ZmtpClientOptions.builder().heartbeat(Duration.ofSeconds(1), Duration.ofSeconds(3))
                .build().codecOptions();
        assertEquals(Duration.ofSeconds(1), c.heartbeatInterval());
        assertEquals(Duration.ofSeconds(3), c.heartbeatTimeout());
        assertEquals(Duration.ofSeconds(3), c.heartbeatTtl());
    }
}
