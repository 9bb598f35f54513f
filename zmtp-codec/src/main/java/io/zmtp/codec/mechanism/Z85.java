/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.mechanism;

import java.util.Arrays;
import java.util.Objects;

/**
 * Z85 (32/Z85), the printable encoding of CURVE keys: every 4 octets become 5 characters of an 85-character
 * alphabet, so a 32-octet key is 40 characters. Decoding rejects characters outside the alphabet and 5-character
 * groups above {@code 2^32 - 1}, as libzmq does.
 */
public final class Z85 {

    private static final char[] ALPHABET =
            "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#".toCharArray();
    private static final int[] DECODE = new int[128];

    static {
        Arrays.fill(DECODE, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            DECODE[ALPHABET[i]] = i;
        }
    }

    private Z85() {
    }

    /**
     * Encodes {@code data}, whose length must be a multiple of 4.
     *
     * @throws IllegalArgumentException if it is not
     */
    public static String encode(byte[] data) {
        Objects.requireNonNull(data, "data");
        if (data.length % 4 != 0) {
            throw new IllegalArgumentException("Z85 encodes a multiple of 4 octets, not " + data.length);
        }
        char[] out = new char[data.length / 4 * 5];
        for (int i = 0, o = 0; i < data.length; i += 4) {
            long value = (data[i] & 0xFFL) << 24 | (data[i + 1] & 0xFF) << 16 | (data[i + 2] & 0xFF) << 8
                    | data[i + 3] & 0xFF;
            for (int d = 4; d >= 0; d--) {
                out[o + d] = ALPHABET[(int) (value % 85)];
                value /= 85;
            }
            o += 5;
        }
        return new String(out);
    }

    /**
     * Decodes {@code text}, whose length must be a multiple of 5.
     *
     * @throws IllegalArgumentException if the length is wrong, a character is outside the alphabet, or a group
     *         exceeds 32 bits; the message never repeats the text (it may be a secret key)
     */
    public static byte[] decode(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty() || text.length() % 5 != 0) {
            throw new IllegalArgumentException("Z85 decodes a positive multiple of 5 characters, not "
                    + text.length());
        }
        byte[] out = new byte[text.length() / 5 * 4];
        for (int i = 0, o = 0; i < text.length(); i += 5) {
            long value = 0;
            for (int d = 0; d < 5; d++) {
                char c = text.charAt(i + d);
                int digit = c < 128 ? DECODE[c] : -1;
                if (digit < 0) {
                    throw new IllegalArgumentException("invalid Z85 character at index " + (i + d));
                }
                value = value * 85 + digit;
            }
            if (value > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("invalid Z85 group at index " + i + ": above 32 bits");
            }
            out[o++] = (byte) (value >>> 24);
            out[o++] = (byte) (value >>> 16);
            out[o++] = (byte) (value >>> 8);
            out[o++] = (byte) value;
        }
        return out;
    }
}
