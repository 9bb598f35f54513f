/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.it.interop;

/**
 * The deterministic payload every peer program sends and checks, the Java twin of {@code peer_pattern_byte()} in
 * {@code integration-tests/peers/zmtp_peer_common.h} and {@code patternByte()} in {@code zmtp_peer_common.js}.
 */
final class PayloadPattern {

    /**
     * Payload sizes of the interop matrix: empty, one octet, the largest short-frame body and the smallest body
     * with an 8-octet size, either side of 64 KiB, and 1 MiB.
     */
    static final int[] SIZES = {0, 1, 255, 256, 65_535, 65_536, 1_048_576};

    /** {@link #SIZES} as the peer programs' {@code --sizes} argument. */
    static final String SIZES_ARGUMENT = "0,1,255,256,65535,65536,1048576";

    /**
     * The shorter set of the security cells (PLAIN, CURVE): empty, one octet, a short-frame body, 64 KiB and 1 MiB
     * (under CURVE every one becomes a MESSAGE command with its own box).
     */
    static final int[] FEW_SIZES = {0, 1, 256, 65_536, 1_048_576};

    /** {@link #FEW_SIZES} as the peer programs' {@code --sizes} argument. */
    static final String FEW_SIZES_ARGUMENT = "0,1,256,65536,1048576";

    private PayloadPattern() {
    }

    /** Returns message {@code k} of size {@code size} for {@code seed}. */
    static byte[] message(int seed, long k, int size) {
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) (seed + k * 131 + i * 7L + (i >> 8));
        }
        return payload;
    }

    /** Returns the sum of the sizes of {@code count} messages cycling through {@link #SIZES}, as the peers report it. */
    static long totalBytes(int count) {
        return totalBytes(SIZES, count);
    }

    /** Returns the sum of the sizes of {@code count} messages cycling through {@code sizes}, as the peers report it. */
    static long totalBytes(int[] sizes, int count) {
        long total = 0;
        for (int k = 0; k < count; k++) {
            total += sizes[k % sizes.length];
        }
        return total;
    }

    /** The summary line a CLIENT peer prints on stdout after {@code count} good echoes cycling through {@code sizes}. */
    static String peerSummary(int[] sizes, int count) {
        return "ok: " + count + " messages, " + totalBytes(sizes, count) + " bytes echoed byte for byte";
    }
}
