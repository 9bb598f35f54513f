/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.buffer.ByteBuf;

/** Writes ZMTP 3.x frame headers (23/ZMTP "Framing"): the short size form up to 255 octets, the long form above. */
public final class ZmtpFrameHeaders {

    /** The flags of a final data frame. */
    public static final int LAST = 0x00;
    /** The MORE flag. */
    public static final int MORE = 0x01;
    /** The LONG flag. */
    public static final int LONG = 0x02;
    /** The COMMAND flag. */
    public static final int COMMAND = 0x04;
    /** The longest header: flags and an 8-octet size. */
    public static final int MAX_HEADER_LENGTH = 9;

    private ZmtpFrameHeaders() {
    }

    /** Returns the header length for a body of {@code size} octets: 2 (short form) or 9 (long form). */
    public static int headerLength(long size) {
        return size > 255 ? 9 : 2;
    }

    /**
     * Writes a header for a body of {@code size} octets with {@code flags} (MORE and/or COMMAND); the LONG flag is
     * added when the size needs it.
     */
    public static void writeHeader(ByteBuf out, int flags, long size) {
        if (size > 255) {
            out.writeByte(flags | LONG);
            out.writeLong(size);
        } else {
            out.writeByte(flags);
            out.writeByte((int) size);
        }
    }
}
