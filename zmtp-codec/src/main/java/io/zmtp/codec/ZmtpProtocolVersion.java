/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

/**
 * The ZMTP revision spoken on a connection once the greetings have been exchanged. We announce 3.1; a peer that
 * announces 3.0 is spoken to with 3.0 rules (no SUBSCRIBE/CANCEL commands, 23/ZMTP), and any other major
 * version of 3 or above is treated as 3.1, as libzmq does.
 */
public enum ZmtpProtocolVersion {
    /** ZMTP 3.0 (23/ZMTP). */
    ZMTP_3_0(3, 0),
    /** ZMTP 3.1 (37/ZMTP): heartbeats with context, SUBSCRIBE/CANCEL commands, the thread-safe socket types. */
    ZMTP_3_1(3, 1);

    private final int major;
    private final int minor;

    ZmtpProtocolVersion(int major, int minor) {
        this.major = major;
        this.minor = minor;
    }

    /** Returns the major version octet. */
    public int major() {
        return major;
    }

    /** Returns the minor version octet. */
    public int minor() {
        return minor;
    }

    /**
     * Returns the version to speak with a peer whose greeting announced {@code peerMajor.peerMinor}; the peer's
     * major version must be 3 or above.
     */
    public static ZmtpProtocolVersion negotiate(int peerMajor, int peerMinor) {
        if (peerMajor < 3) {
            throw new IllegalArgumentException("peerMajor: " + peerMajor + " (expected: >= 3)");
        }
        return peerMajor == 3 && peerMinor == 0 ? ZMTP_3_0 : ZMTP_3_1;
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
