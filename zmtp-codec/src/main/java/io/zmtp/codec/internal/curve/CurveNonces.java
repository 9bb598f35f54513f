/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.internal.curve;

import java.nio.charset.StandardCharsets;

/**
 * The 24-octet nonces of CurveZMQ (26/CurveZMQ; ZMTP-NOTES 9.3): a 16-octet ASCII prefix and a short nonce
 * (uint64, big-endian), or an 8-octet prefix and 16 random octets. Stateless and thread-safe.
 */
public final class CurveNonces {

    /** The HELLO signature box prefix. */
    public static final byte[] HELLO = ascii("CurveZMQHELLO---");
    /** The INITIATE box prefix. */
    public static final byte[] INITIATE = ascii("CurveZMQINITIATE");
    /** The READY box prefix. */
    public static final byte[] READY = ascii("CurveZMQREADY---");
    /** The prefix of MESSAGE boxes from the client. */
    public static final byte[] MESSAGE_FROM_CLIENT = ascii("CurveZMQMESSAGEC");
    /** The prefix of MESSAGE boxes from the server. */
    public static final byte[] MESSAGE_FROM_SERVER = ascii("CurveZMQMESSAGES");
    /** The WELCOME box prefix. */
    public static final byte[] WELCOME = ascii("WELCOME-");
    /** The cookie box prefix. */
    public static final byte[] COOKIE = ascii("COOKIE--");
    /** The vouch box prefix. */
    public static final byte[] VOUCH = ascii("VOUCH---");

    private CurveNonces() {
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Returns the nonce {@code prefix (16) | shortNonce (8, big-endian)}. */
    public static byte[] shortNonce(byte[] prefix, long shortNonce) {
        if (prefix.length != 16) {
            throw new IllegalArgumentException("prefix: " + prefix.length + " octets (expected: 16)");
        }
        byte[] nonce = new byte[CurveBox.NONCE_LENGTH];
        System.arraycopy(prefix, 0, nonce, 0, 16);
        setShortNonce(nonce, shortNonce);
        return nonce;
    }

    /** Writes {@code shortNonce} (big-endian) to the last 8 octets of {@code nonce}, a 24-octet nonce. */
    public static void setShortNonce(byte[] nonce, long shortNonce) {
        for (int i = 0; i < 8; i++) {
            nonce[16 + i] = (byte) (shortNonce >>> (56 - 8 * i));
        }
    }

    /** Returns the nonce {@code prefix (8) | tail (16)}, copying {@code tail} from {@code offset}. */
    public static byte[] longNonce(byte[] prefix, byte[] tail, int offset) {
        if (prefix.length != 8) {
            throw new IllegalArgumentException("prefix: " + prefix.length + " octets (expected: 8)");
        }
        byte[] nonce = new byte[CurveBox.NONCE_LENGTH];
        System.arraycopy(prefix, 0, nonce, 0, 8);
        System.arraycopy(tail, offset, nonce, 8, 16);
        return nonce;
    }
}
