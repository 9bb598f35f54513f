/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.internal.curve;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.zmtp.codec.ZmtpMetadata;
import io.zmtp.codec.ZmtpProtocolException;
import io.zmtp.codec.ZmtpRawCommand;
import io.zmtp.codec.internal.PeerText;
import io.zmtp.codec.mechanism.ZmtpMechanismContext;

import java.nio.charset.StandardCharsets;

/**
 * Names, sizes and small helpers shared by the CURVE handshakes (25/ZMTP-CURVE, 26/CurveZMQ; ZMTP-NOTES 9.4). Sizes
 * are of the command data, after the name: the whole command is the name's length octet and name longer.
 * Stateless and thread-safe.
 */
final class CurveCommands {

    static final String HELLO = "HELLO";
    static final String WELCOME = "WELCOME";
    static final String INITIATE = "INITIATE";
    static final String READY = "READY";
    static final String ERROR = "ERROR";

    /** HELLO data: version (2), padding (72), C' (32), short nonce (8), signature box (80). */
    static final int HELLO_DATA = 194;
    /** The anti-amplification padding of HELLO. */
    static final int HELLO_PADDING = 72;
    /** The plaintext of HELLO's signature box: 64 zero octets. */
    static final int HELLO_SIGNATURE_PLAINTEXT = 64;
    /** WELCOME data: long nonce tail (16), box of S' and the cookie (144). */
    static final int WELCOME_DATA = 160;
    /** A cookie: long nonce tail (16), secret box of C' and s' (80). */
    static final int COOKIE = 96;
    /** A vouch: long nonce tail (16), box of C' and S (80). */
    static final int VOUCH = 96;
    /** INITIATE data without metadata: cookie (96), short nonce (8), box of C, vouch and metadata (144 + M). */
    static final int INITIATE_DATA_MIN = COOKIE + 8 + CurveBox.TAG_LENGTH + 32 + VOUCH;
    /** READY data without metadata: short nonce (8), box of the metadata (16 + M). */
    static final int READY_DATA_MIN = 8 + CurveBox.TAG_LENGTH;

    private CurveCommands() {
    }

    /** Returns the command data as a new array. */
    static byte[] data(ZmtpRawCommand command) {
        return ByteBufUtil.getBytes(command.content());
    }

    /** Returns a command owning a new buffer that holds {@code parts} in order. */
    static ZmtpRawCommand command(ZmtpMechanismContext context, String name, byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteBuf data = context.alloc().buffer(length);
        for (byte[] part : parts) {
            data.writeBytes(part);
        }
        return new ZmtpRawCommand(name, data);
    }

    /** Returns the 8 big-endian octets of {@code value}. */
    static byte[] uint64(long value) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (value >>> (56 - 8 * i));
        }
        return b;
    }

    /** Reads the big-endian uint64 at {@code offset} of {@code b}. */
    static long uint64(byte[] b, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | (b[offset + i] & 0xFF);
        }
        return value;
    }

    /** Returns the encoded {@code metadata}. */
    static byte[] encode(ZmtpMetadata metadata) {
        byte[] out = new byte[metadata.encodedLength()];
        ByteBuf buf = io.netty.buffer.Unpooled.wrappedBuffer(out);
        buf.writerIndex(0);
        metadata.encode(buf);
        return out;
    }

    /**
     * Decodes the metadata of {@code length} octets at {@code offset} of {@code b}.
     *
     * @throws ZmtpProtocolException if it is malformed
     */
    static ZmtpMetadata decodeMetadata(byte[] b, int offset, int length) {
        return ZmtpMetadata.decode(io.netty.buffer.Unpooled.wrappedBuffer(b, offset, length));
    }

    /**
     * Returns the reason of an ERROR command's data (a length octet and that many ASCII octets), escaped by
     * {@link PeerText}.
     *
     * @throws ZmtpProtocolException if the data is not that
     */
    static String errorReason(byte[] data) {
        if (data.length == 0 || data.length < 1 + (data[0] & 0xFF)) {
            throw new ZmtpProtocolException("malformed ERROR: " + data.length + " octets of data");
        }
        return PeerText.escape(data, 1, data[0] & 0xFF);
    }

    static String ascii(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }
}
