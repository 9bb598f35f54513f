/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.zmtp.codec.Wire.bytes;
import static io.zmtp.codec.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZmtpMetadataTest {

    private static ZmtpMetadata decode(String spec) {
        ByteBuf in = Unpooled.copiedBuffer(bytes(spec));
        try {
            return ZmtpMetadata.decode(in);
        } finally {
            in.release();
        }
    }

    @Test
    void encodesPropertiesInOrderWithBigEndianValueLengths() {
        ZmtpMetadata m = ZmtpMetadata.builder().put("Socket-Type", "ROUTER").put("X-Empty", new byte[0]).build();
        ByteBuf out = Unpooled.buffer();
        m.encode(out);
        assertEquals(hex(bytes("0b 'Socket-Type' 00 00 00 06 'ROUTER' 07 'X-Empty' 00 00 00 00")),
                io.netty.buffer.ByteBufUtil.hexDump(out));
        assertEquals(out.readableBytes(), m.encodedLength());
        out.release();
    }

    @Test
    void decodesWhatItEncodesAndLooksNamesUpCaseInsensitively() {
        ZmtpMetadata m = decode("0b 'Socket-Type' 00 00 00 06 'ROUTER' 05 'X-Bin' 00 00 00 02 00 ff");
        assertEquals(List.of("Socket-Type", "X-Bin"), m.names());
        assertEquals("ROUTER", m.getString("SOCKET-TYPE"));
        assertArrayEquals(new byte[] {0, (byte) 0xff}, m.get("x-bin"));
        assertNull(m.get("Identity"));
        assertEquals("ZmtpMetadata{Socket-Type=ROUTER, X-Bin=<2 octets>}", m.toString());
    }

    @Test
    void rejectsMalformedMetadata() {
        assertMalformed("00 00 00 00 00", "empty property name");
        assertMalformed("05 'X-Abc'", "truncated");
        assertMalformed("03 'X-A' 00 00 00 05 'abc'", "declares a 5-octet value");
        assertMalformed("03 'X-A' ff ff ff ff", "declares a 4294967295-octet value");
        assertMalformed("03 'X A' 00 00 00 00", "invalid character");
        assertMalformed("03 'X-A' 00 00 00 00 03 'x-a' 00 00 00 00", "appears twice");
        assertMalformed("03 'X-A' 00 00 00 00 05", "truncated");
    }

    private static void assertMalformed(String spec, String messagePart) {
        ZmtpProtocolException e = assertThrows(ZmtpProtocolException.class, () -> decode(spec));
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }

    @Test
    void builderValidatesNamesAndReplacesCaseInsensitively() {
        assertThrows(IllegalArgumentException.class, () -> ZmtpMetadata.builder().put("", "v"));
        assertThrows(IllegalArgumentException.class, () -> ZmtpMetadata.builder().put("a:b", "v"));
        assertThrows(IllegalArgumentException.class, () -> ZmtpMetadata.builder().put("x".repeat(256), "v"));
        ZmtpMetadata m = ZmtpMetadata.builder().put("X-A", "1").put("x-a", "2").build();
        assertEquals(1, m.size());
        assertEquals("2", m.getString("X-A"));
    }

    @Test
    void valuesAreCopiedInAndOut() {
        byte[] value = {1, 2, 3};
        ZmtpMetadata m = ZmtpMetadata.builder().put("X-V", value).build();
        value[0] = 9;
        m.get("X-V")[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, m.get("X-V"));
    }

    @Test
    void emptyInputIsEmptyMetadata() {
        assertTrue(decode("").isEmpty());
    }
}
