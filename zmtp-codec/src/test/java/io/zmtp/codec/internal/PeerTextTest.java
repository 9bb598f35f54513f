/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.internal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PeerTextTest {

    @Test
    void printableAsciiIsShownAsItIs() {
        assertEquals("CLIENT", PeerText.escape("CLIENT"));
        assertEquals("a 'quoted' ~text!", PeerText.escape("a 'quoted' ~text!"));
    }

    @Test
    void lineBreaksNulEscapeSequencesAndBackslashesAreShownAsVisibleEscapes() {
        assertEquals("a\\r\\nb\\tc\\x00d\\x1b[31me\\x7f\\\\n", PeerText.escape("a\r\nb\tc\0d\u001b[31me\u007f\\n"));
    }

    @Test
    void charactersBeyondAsciiAreShownByTheirCode() {
        assertEquals("caf\\xe9 \\u2028 \\ud83d\\ude00", PeerText.escape("caf\u00e9 \u2028 \ud83d\ude00"));
    }

    @Test
    void octetsAreEscapedOneByOne() {
        byte[] octets = "xNULL\0X\n\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("NULL\\x00X\\n\\xff", PeerText.escape(octets, 1, octets.length - 1));
    }

    @Test
    void longTextIsCutAndEndsWithItsFullLength() {
        assertEquals("x".repeat(PeerText.MAX_LENGTH), PeerText.escape("x".repeat(PeerText.MAX_LENGTH)));
        assertEquals("x".repeat(PeerText.MAX_LENGTH) + "...(8000 characters)", PeerText.escape("x".repeat(8000)));
        byte[] octets = new byte[255];
        String escaped = PeerText.escape(octets, 0, octets.length);
        assertEquals("\\x00".repeat(PeerText.MAX_LENGTH) + "...(255 octets)", escaped);
        assertEquals(255, escaped.length(), "fits an ERROR reason");
    }

    @Test
    void nullIsShownAsNull() {
        assertEquals("null", PeerText.escape(null));
    }
}
