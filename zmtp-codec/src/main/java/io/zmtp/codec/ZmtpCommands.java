/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.zmtp.codec.ZmtpFrameHeaders;
import io.zmtp.codec.internal.PeerText;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Decodes and encodes ZMTP commands (23/ZMTP "Commands", 37/ZMTP). A command frame body is
 * {@code name-length (1 octet, 1..255) | name | data}; the name is length-prefixed, neither NUL-terminated nor
 * padded.
 */
public final class ZmtpCommands {

    private ZmtpCommands() {
    }

    /**
     * Decodes the body of a command frame, consuming all its readable bytes.
     *
     * <p>Known commands become their typed classes; any other becomes a {@link ZmtpRawCommand}. Commands that hold a
     * buffer hold a retained slice of {@code body}, so the caller still releases {@code body} itself.
     * A PING or PONG context longer than 16 octets is cut to 16. An ERROR's reason is escaped and shortened as
     * {@link PeerText} does, so that it can appear in messages and logs as it is.
     *
     * @throws ZmtpProtocolException if the body is empty, the name is empty or truncated, or the data of a known
     *         command is malformed
     */
    public static ZmtpCommand decode(ByteBuf body) {
        if (isLibzmqPlainError(body)) {
            body.skipBytes(LIBZMQ_PLAIN_ERROR_PREFIX.length);
            return decodeError(body);
        }
        String name = readName(body);
        switch (name) {
            case ZmtpReadyCommand.NAME:
                return new ZmtpReadyCommand(ZmtpMetadata.decode(body));
            case ZmtpErrorCommand.NAME:
                return decodeError(body);
            case ZmtpPingCommand.NAME:
                if (body.readableBytes() < 2) {
                    throw new ZmtpProtocolException("malformed PING: " + body.readableBytes()
                            + " octets of data (expected: a 2-octet TTL and up to 16 octets of context)");
                }
                int ttl = body.readUnsignedShort();
                return new ZmtpPingCommand(ttl, readContext(body));
            case ZmtpPongCommand.NAME:
                return new ZmtpPongCommand(readContext(body));
            case ZmtpSubscribeCommand.NAME:
                return new ZmtpSubscribeCommand(body.readRetainedSlice(body.readableBytes()));
            case ZmtpCancelCommand.NAME:
                return new ZmtpCancelCommand(body.readRetainedSlice(body.readableBytes()));
            default:
                return new ZmtpRawCommand(name, body.readRetainedSlice(body.readableBytes()));
        }
    }

    /**
     * Reads the command name at the start of a command frame body, consuming it.
     *
     * @throws ZmtpProtocolException if the body is empty or the name is empty or truncated
     */
    public static String readName(ByteBuf body) {
        if (!body.isReadable()) {
            throw new ZmtpProtocolException("malformed command: empty command frame");
        }
        int nameLength = body.readUnsignedByte();
        if (nameLength == 0) {
            throw new ZmtpProtocolException("malformed command: empty command name");
        }
        if (body.readableBytes() < nameLength) {
            throw new ZmtpProtocolException("malformed command: truncated name (" + nameLength
                    + " octets announced, " + body.readableBytes() + " present)");
        }
        for (int i = body.readerIndex(), end = i + nameLength; i < end; i++) {
            byte c = body.getByte(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new ZmtpProtocolException("malformed command: name has a non-printable octet");
            }
        }
        return body.readCharSequence(nameLength, StandardCharsets.US_ASCII).toString();
    }

    /**
     * The ERROR that libzmq's PLAIN mechanism sends: its prefix {@code "\x05ERROR"} is parsed by C as the octet
     * {@code 0x5E} followed by {@code "RROR"}, so the name length is wrong and the name one octet short. libzmq
     * reads its own form back, so it works between libzmq peers only.
     */
    private static final byte[] LIBZMQ_PLAIN_ERROR_PREFIX = {0x5E, 'R', 'R', 'O', 'R'};

    private static boolean isLibzmqPlainError(ByteBuf body) {
        int n = LIBZMQ_PLAIN_ERROR_PREFIX.length;
        if (body.readableBytes() < n + 1 || body.readableBytes() >= 0x5E + 1) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (body.getByte(body.readerIndex() + i) != LIBZMQ_PLAIN_ERROR_PREFIX[i]) {
                return false;
            }
        }
        return true;
    }

    private static ZmtpErrorCommand decodeError(ByteBuf body) {
        if (!body.isReadable()) {
            throw new ZmtpProtocolException("malformed ERROR: no reason length");
        }
        int length = body.readUnsignedByte();
        if (body.readableBytes() < length) {
            throw new ZmtpProtocolException("malformed ERROR: truncated reason (" + length + " octets announced, "
                    + body.readableBytes() + " present)");
        }
        byte[] reason = new byte[length];
        body.readBytes(reason);
        body.skipBytes(body.readableBytes());
        return new ZmtpErrorCommand(PeerText.escape(reason, 0, length));
    }

    private static byte[] readContext(ByteBuf body) {
        byte[] context = new byte[Math.min(body.readableBytes(), ZmtpPingCommand.MAX_CONTEXT_LENGTH)];
        body.readBytes(context);
        body.skipBytes(body.readableBytes());
        return context;
    }

    /** Returns the length of {@code command}'s frame body: name length octet, name and data. */
    public static int bodyLength(ZmtpCommand command) {
        return 1 + command.name().length() + command.dataLength();
    }

    /** Returns the length of {@code command}'s whole frame: header and body. */
    public static int frameLength(ZmtpCommand command) {
        int body = bodyLength(command);
        return ZmtpFrameHeaders.headerLength(body) + body;
    }

    /** Writes {@code command} as a complete command frame (header and body) to {@code out}. */
    public static void writeFrame(ZmtpCommand command, ByteBuf out) {
        String name = command.name();
        ZmtpFrameHeaders.writeHeader(out, ZmtpFrameHeaders.COMMAND, bodyLength(command));
        out.writeByte(name.length());
        out.writeCharSequence(name, StandardCharsets.US_ASCII);
        command.writeData(out);
    }

    /** Returns a new buffer holding {@code command} as a complete command frame. The caller owns the buffer. */
    public static ByteBuf encodeFrame(ByteBufAllocator allocator, ZmtpCommand command) {
        ByteBuf out = allocator.buffer(frameLength(command));
        try {
            writeFrame(command, out);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > 255) {
            throw new IllegalArgumentException("name: '" + name + "' (expected: 1..255 ASCII characters)");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new IllegalArgumentException("name: invalid character at index " + i
                        + " (expected: printable ASCII)");
            }
        }
        return name;
    }
}
