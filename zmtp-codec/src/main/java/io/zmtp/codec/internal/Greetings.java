/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.internal;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * The 64-octet ZMTP 3.x greeting (23/ZMTP "Greeting"):
 * {@code FF | padding (8) | 7F | major | minor | mechanism (20, NUL-padded) | as-server | filler (31)}.
 */
public final class Greetings {

    /** The length of a ZMTP 3.x greeting. */
    public static final int LENGTH = 64;
    /** The index of the signature's first octet, which must be {@code FF}. */
    public static final int SIGNATURE_START = 0;
    /** The index of the signature's last octet, whose lowest bit is set by every versioned peer. */
    public static final int SIGNATURE_END = 9;
    /** The index of the major version. */
    public static final int MAJOR = 10;
    /** The index of the minor version. */
    public static final int MINOR = 11;
    /** The index of the mechanism name. */
    public static final int MECHANISM = 12;
    /** The length of the mechanism field. */
    public static final int MECHANISM_LENGTH = 20;
    /** The index of the as-server octet. */
    public static final int AS_SERVER = 32;

    private Greetings() {
    }

    /**
     * Writes our greeting announcing ZMTP 3.1. Octets 1 to 8 carry {@code 1} as a 64-bit number, as libzmq sends
     * for an empty identity, so that our greeting matches libzmq's byte for byte.
     */
    public static void write(ByteBuf out, String mechanism, boolean asServer) {
        out.writeByte(0xFF);
        out.writeLong(1);
        out.writeByte(0x7F);
        out.writeByte(3);
        out.writeByte(1);
        writeMechanism(out, mechanism);
        out.writeByte(asServer ? 1 : 0);
        out.writeZero(31);
    }

    /** Writes {@code mechanism} NUL-padded to 20 octets. */
    public static void writeMechanism(ByteBuf out, String mechanism) {
        byte[] name = mechanism.getBytes(StandardCharsets.US_ASCII);
        if (name.length == 0 || name.length > MECHANISM_LENGTH) {
            throw new IllegalArgumentException("mechanism: '" + mechanism + "' (expected: 1..20 characters)");
        }
        out.writeBytes(name);
        out.writeZero(MECHANISM_LENGTH - name.length);
    }

    /** Returns whether the 20-octet mechanism field at {@code index} is exactly {@code mechanism}, NUL-padded. */
    public static boolean mechanismEquals(ByteBuf in, int index, String mechanism) {
        for (int i = 0; i < MECHANISM_LENGTH; i++) {
            int expected = i < mechanism.length() ? mechanism.charAt(i) : 0;
            if (in.getUnsignedByte(index + i) != expected) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the mechanism field at {@code index} for messages: up to its last octet that is not NUL, escaped by
     * {@link PeerText}, so that a name that differs from ours after a NUL shows the difference.
     */
    public static String mechanismForDisplay(ByteBuf in, int index) {
        int length = MECHANISM_LENGTH;
        while (length > 0 && in.getByte(index + length - 1) == 0) {
            length--;
        }
        byte[] name = new byte[length];
        in.getBytes(index, name);
        return PeerText.escape(name, 0, length);
    }
}
