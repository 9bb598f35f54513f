/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zmtp.codec.mechanism.Z85;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link Z85} (32/Z85), the text form of CURVE keys: decoding arbitrary text either fails with the documented
 * {@link IllegalArgumentException}, whose message never repeats the text, or gives octets that encode back to the
 * same text; encoding any whole number of 4-octet groups decodes back to the same octets.
 */
class Z85FuzzTest {

    @FuzzTest(maxDuration = "30s")
    void decode(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        byte[] decoded;
        try {
            decoded = Z85.decode(text);
        } catch (IllegalArgumentException rejected) {
            if (text.length() >= 5) {
                assertFalse(String.valueOf(rejected.getMessage()).contains(text), "the message repeats the text");
            }
            return;
        }
        assertEquals(text.length() / 5 * 4, decoded.length);
        assertEquals(text, Z85.encode(decoded));
    }

    @FuzzTest(maxDuration = "30s")
    void encode(byte[] input) {
        byte[] data = Arrays.copyOf(input, input.length / 4 * 4);
        String text = Z85.encode(data);
        assertEquals(data.length / 4 * 5, text.length());
        if (data.length > 0) {
            assertArrayEquals(data, Z85.decode(text));
        }
        if (input.length % 4 != 0) {
            assertThrows(IllegalArgumentException.class, () -> Z85.encode(input));
        }
    }
}
