/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.fuzz;

import io.zmtp.codec.ZmtpSocketType;

import java.util.Arrays;

/**
 * A fuzz input for a connection, read as two octets of set-up and the bytes the peer sends:
 *
 * <pre>
 * octet 0: the {@link FuzzProfile} (limits, reads, headroom)
 * octet 1: bit 7 = the target sends a valid prefix first (a greeting, or a whole handshake), see each target;
 *          bits 0-6 = a choice the target makes, such as our socket type
 * then:    the peer's bytes
 * </pre>
 *
 * Missing octets count as zero, so every input, the empty one included, is valid.
 */
final class FuzzInput {

    final FuzzProfile profile;
    final boolean prefix;
    final int choice;
    final byte[] wire;

    private FuzzInput(byte[] input) {
        profile = FuzzProfile.of(input.length > 0 ? input[0] & 0xFF : 0);
        int setup = input.length > 1 ? input[1] & 0xFF : 0;
        prefix = (setup & 0x80) != 0;
        choice = setup & 0x7F;
        wire = Arrays.copyOfRange(input, Math.min(2, input.length), input.length);
    }

    static FuzzInput of(byte[] input) {
        return new FuzzInput(input);
    }

    /** Returns the socket type the choice octet names. */
    ZmtpSocketType socketType() {
        ZmtpSocketType[] types = ZmtpSocketType.values();
        return types[choice % types.length];
    }

    /** Returns the set-up octets that select {@code profile}, a prefix or not, and {@code socketType}. */
    static byte[] header(int profile, boolean prefix, ZmtpSocketType socketType) {
        return new byte[] {(byte) profile, (byte) ((prefix ? 0x80 : 0) | socketType.ordinal())};
    }
}
