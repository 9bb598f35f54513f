/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.internal;

/**
 * Makes text that a peer sent fit to appear in an exception message, a log line, a listener's reason or an ERROR
 * command. Printable ASCII stays as it is and a backslash becomes {@code \\}; every other character becomes a
 * visible escape: {@code \t}, {@code \n}, {@code \r}, {@code \xNN} for NUL and every other octet or control
 * character, and a backslash, {@code u} and four hex digits for any other character. So no line break, NUL or
 * terminal escape sequence passes through, and two texts that differ show differently. Text longer than
 * {@value #MAX_LENGTH} octets or characters is cut there and ends in {@code ...} and its full length. The result is
 * printable ASCII; for up to 255 octets it is at most 255 characters, short enough for an ERROR reason.
 *
 * <p>Every peer-supplied string that the codec puts into a message passes through here. Stateless and thread-safe.
 */
public final class PeerText {

    /**
     * The most octets or characters of a text that are shown: 60 octets escaped ({@code \xNN} each) and the length of
     * the whole fill an ERROR reason's 255 characters.
     */
    public static final int MAX_LENGTH = 60;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private PeerText() {
    }

    /** Returns {@code text} escaped and cut as the class describes; {@code null} becomes {@code "null"}. */
    public static String escape(CharSequence text) {
        if (text == null) {
            return "null";
        }
        int length = text.length();
        int shown = Math.min(length, MAX_LENGTH);
        StringBuilder b = new StringBuilder(shown + 16);
        for (int i = 0; i < shown; i++) {
            append(b, text.charAt(i));
        }
        return cut(b, length, "characters");
    }

    /** Returns the {@code length} octets at {@code offset} of {@code octets} escaped and cut as the class describes. */
    public static String escape(byte[] octets, int offset, int length) {
        int shown = Math.min(length, MAX_LENGTH);
        StringBuilder b = new StringBuilder(shown + 16);
        for (int i = 0; i < shown; i++) {
            append(b, (char) (octets[offset + i] & 0xFF));
        }
        return cut(b, length, "octets");
    }

    private static String cut(StringBuilder b, int length, String unit) {
        if (length > MAX_LENGTH) {
            b.append("...(").append(length).append(' ').append(unit).append(')');
        }
        return b.toString();
    }

    private static void append(StringBuilder b, char c) {
        if (c >= 0x20 && c < 0x7F && c != '\\') {
            b.append(c);
        } else if (c == '\\') {
            b.append("\\\\");
        } else if (c == '\t') {
            b.append("\\t");
        } else if (c == '\n') {
            b.append("\\n");
        } else if (c == '\r') {
            b.append("\\r");
        } else if (c <= 0xFF) {
            b.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xF]);
        } else {
            b.append("\\u").append(HEX[c >> 12]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF])
                    .append(HEX[c & 0xF]);
        }
    }
}
