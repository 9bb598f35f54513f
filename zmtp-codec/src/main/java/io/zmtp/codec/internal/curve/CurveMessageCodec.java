/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.internal.curve;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.UnsupportedMessageTypeException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.PromiseCombiner;
import io.zmtp.codec.DefaultZmtpFrame;
import io.zmtp.codec.ZmtpCodecOptions;
import io.zmtp.codec.ZmtpCommand;
import io.zmtp.codec.ZmtpCommands;
import io.zmtp.codec.ZmtpFrame;
import io.zmtp.codec.ZmtpMessage;
import io.zmtp.codec.ZmtpProtocolException;

import java.nio.charset.StandardCharsets;

/**
 * Boxes and unboxes every frame of a connection once its CURVE handshake is done (25/ZMTP-CURVE "MESSAGE",
 * 26/CurveZMQ; ZMTP-NOTES 9.5 to 9.8). The handshake handler places it between the frame decoder and the command
 * handler.
 *
 * <h2>Inbound</h2>
 * Every {@link ZmtpFrame} must be a MESSAGE: {@code 07 'MESSAGE' | short nonce (8) | Box[flags | data]}, in a data
 * or a command frame (the outer flags are ignored). The box is opened with the session key; its first octet alone
 * gives MORE ({@code 0x01}) and COMMAND ({@code 0x02}, PING, PONG, SUBSCRIBE... as libzmq 4.2+ sends them); the
 * frame passed on is a new {@link DefaultZmtpFrame} of the data. Short nonces must strictly increase (gaps are
 * fine, as in libzmq). A frame that is not a MESSAGE, a box that does not open, a nonce that does not increase, or
 * inner flags with both MORE and COMMAND close the connection and raise a {@link ZmtpProtocolException}; later frames
 * are dropped.
 *
 * <h2>Parameters that bound memory</h2>
 * The frame decoder only sees the outer frames (and allows them room for the MESSAGE around each), so every inner
 * frame is checked here against {@link ZmtpCodecOptions#maxFrameSize()}, from the MESSAGE's length before its box is
 * opened, and the inner data frames of a message against {@link ZmtpCodecOptions#maxMessageSize()} (total octets)
 * and {@link ZmtpCodecOptions#maxFramesPerMessage()}; exceeding any closes the connection with a
 * {@link TooLongFrameException}.
 *
 * <h2>Outbound</h2>
 * A {@link ZmtpMessage} becomes one MESSAGE per frame, inner MORE on all but the last; a {@link ZmtpCommand} one
 * MESSAGE with inner COMMAND and {@code name-length | name | data}; a {@link ZmtpFrame} one MESSAGE with its own
 * MORE/COMMAND. Each MESSAGE is written as a plain final data frame ({@code DefaultZmtpFrame(body, false, false)}):
 * libzmq ORs outer flags into the message, so the outer frame never carries MORE or COMMAND. Buffers and
 * buffer holders of any other kind are refused (they would otherwise go out in clear); other objects pass on.
 * Our short nonces count up from where the handshake left them and are never used twice: once 2^64 - 1 has been
 * used, a write fails with an {@link EncoderException} and closes the connection, which cannot go on.
 *
 * <h2>Reference counting</h2>
 * Inbound frames are released here and the frames passed on own new heap buffers. Everything written is released
 * here, also on failure; the MESSAGE bodies written on are owned by the next handler (the frame encoder). They are
 * heap buffers, sealed in place, except for data of {@value #SEAL_IN_PIECES_FROM} octets or more, which is sealed a
 * piece at a time into an I/O buffer (direct where the platform allows) so that the transport need not copy it.
 *
 * <p>Not sharable and not thread-safe: one instance per connection, used on its event loop. Its session key is
 * wiped when it is removed from the pipeline.
 */
public final class CurveMessageCodec extends ChannelDuplexHandler {

    private static final byte[] MESSAGE_NAME = "\u0007MESSAGE".getBytes(StandardCharsets.US_ASCII);
    /** Name (8), short nonce (8), tag (16), inner flags (1). */
    private static final int OVERHEAD = 8 + 8 + CurveBox.TAG_LENGTH + 1;
    private static final int INNER_MORE = 0x01;
    /**
     * Data of at least this many octets is sealed piece by piece, through {@link #piece}, into a buffer the transport
     * can write as it is (direct where the platform allows): sealing it whole in a heap buffer cost a copy of the
     * body into it and another, by the transport, out of it.
     */
    private static final int SEAL_IN_PIECES_FROM = 4096;
    /** The pieces' length after the first (which is 32 octets): whole blocks of key stream. */
    private static final int PIECE_LENGTH = 1024;
    private static final int INNER_COMMAND = 0x02;
    /** The last short nonce there is, 2^64 - 1. */
    private static final long LAST_NONCE = -1L;

    private final CurveBox box;
    /** Our MESSAGE nonce and the peer's: the prefix, then the short nonce of the message at hand. */
    private final byte[] sendNonce;
    private final byte[] receiveNonce;
    /** Where large data is sealed a piece at a time on its way to the MESSAGE buffer; made when first needed. */
    private byte[] piece;
    private final int maxFrameSize;
    private final long maxMessageSize;
    private final int maxFramesPerMessage;

    private long lastSentNonce;
    private long lastReceivedNonce;
    private long messageSize;
    private int messageFrames;
    private boolean failed;

    /**
     * Creates the codec; it takes ownership of {@code session} and destroys it when removed.
     *
     * @param server whether we are the CURVE server (our MESSAGE prefix ends in {@code S})
     * @param lastSentNonce the last short nonce we used in the handshake
     * @param lastReceivedNonce the last short nonce the peer used in the handshake
     */
    public CurveMessageCodec(CurveBox session, boolean server, long lastSentNonce, long lastReceivedNonce,
                             ZmtpCodecOptions options) {
        this.box = session;
        this.sendNonce = CurveNonces.shortNonce(
                server ? CurveNonces.MESSAGE_FROM_SERVER : CurveNonces.MESSAGE_FROM_CLIENT, 0);
        this.receiveNonce = CurveNonces.shortNonce(
                server ? CurveNonces.MESSAGE_FROM_CLIENT : CurveNonces.MESSAGE_FROM_SERVER, 0);
        this.lastSentNonce = lastSentNonce;
        this.lastReceivedNonce = lastReceivedNonce;
        this.maxFrameSize = options.maxFrameSize();
        this.maxMessageSize = options.maxMessageSize();
        this.maxFramesPerMessage = options.maxFramesPerMessage();
    }

    // ---------------------------------------------------------------------------------------------- inbound

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ZmtpFrame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ZmtpFrame frame = (ZmtpFrame) msg;
        if (failed) {
            frame.release();
            return;
        }
        ZmtpFrame inner;
        try {
            inner = open(ctx.alloc(), frame.content());
        } catch (DecoderException e) {
            failed = true;
            ctx.fireExceptionCaught(e);
            ctx.close();
            return;
        } finally {
            frame.release();
        }
        ctx.fireChannelRead(inner);
    }

    private ZmtpFrame open(ByteBufAllocator alloc, ByteBuf body) {
        int length = body.readableBytes();
        int index = body.readerIndex();
        if (length < MESSAGE_NAME.length || !isMessage(body, index)) {
            throw new ZmtpProtocolException("expected a CURVE MESSAGE after the handshake, got a frame of "
                    + length + " octets that is not one");
        }
        if (length < OVERHEAD) {
            throw new ZmtpProtocolException("malformed CURVE MESSAGE: " + length + " octets (expected >= "
                    + OVERHEAD + ")");
        }
        if (length - OVERHEAD > maxFrameSize) {
            throw new TooLongFrameException("CURVE MESSAGE holds a frame of " + (length - OVERHEAD)
                    + " octets, above maxFrameSize " + maxFrameSize);
        }
        long nonce = body.getLong(index + 8);
        if (Long.compareUnsigned(nonce, lastReceivedNonce) <= 0) {
            throw new ZmtpProtocolException("CURVE MESSAGE short nonce " + Long.toUnsignedString(nonce)
                    + " does not increase (last " + Long.toUnsignedString(lastReceivedNonce) + "): replayed?");
        }
        int boxLength = length - 16;
        ByteBuf plain = heapBuffer(alloc, boxLength);
        try {
            body.getBytes(index + 16, plain, boxLength);
            CurveNonces.setShortNonce(receiveNonce, nonce);
            if (!box.openInPlace(receiveNonce, plain.array(),
                    plain.arrayOffset() + plain.readerIndex(), boxLength)) {
                throw new ZmtpProtocolException("CURVE MESSAGE box does not open: corrupt or forged");
            }
            plain.skipBytes(CurveBox.TAG_LENGTH);
            int flags = plain.readUnsignedByte();
            boolean more = (flags & INNER_MORE) != 0;
            boolean command = (flags & INNER_COMMAND) != 0;
            if (more && command) {
                throw new ZmtpProtocolException("CURVE MESSAGE with both the MORE and the COMMAND flag");
            }
            if (!command) {
                checkMessageLimits(plain.readableBytes(), more);
            }
            lastReceivedNonce = nonce;
            return new DefaultZmtpFrame(plain, more, command);
        } catch (RuntimeException e) {
            plain.release();
            throw e;
        }
    }

    private static boolean isMessage(ByteBuf body, int index) {
        for (int i = 0; i < MESSAGE_NAME.length; i++) {
            if (body.getByte(index + i) != MESSAGE_NAME[i]) {
                return false;
            }
        }
        return true;
    }

    private void checkMessageLimits(int frameSize, boolean more) {
        if (++messageFrames > maxFramesPerMessage) {
            throw new TooLongFrameException("message has more than maxFramesPerMessage " + maxFramesPerMessage
                    + " frames");
        }
        messageSize += frameSize;
        if (messageSize > maxMessageSize) {
            throw new TooLongFrameException("message of at least " + messageSize + " octets exceeds maxMessageSize "
                    + maxMessageSize);
        }
        if (!more) {
            messageSize = 0;
            messageFrames = 0;
        }
    }

    // --------------------------------------------------------------------------------------------- outbound

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ZmtpMessage) {
            writeMessage(ctx, (ZmtpMessage) msg, promise);
        } else if (msg instanceof ZmtpCommand || msg instanceof ZmtpFrame) {
            ByteBuf sealed;
            try {
                sealed = msg instanceof ZmtpCommand ? sealCommand(ctx.alloc(), (ZmtpCommand) msg)
                        : sealFrame(ctx.alloc(), (ZmtpFrame) msg);
            } catch (RuntimeException e) {
                ReferenceCountUtil.safeRelease(msg);
                writeFailed(ctx, promise, e);
                return;
            }
            ReferenceCountUtil.release(msg);
            ctx.write(new DefaultZmtpFrame(sealed, false, false), promise);
        } else if (msg instanceof ByteBuf || msg instanceof ByteBufHolder || msg instanceof FileRegion) {
            ReferenceCountUtil.safeRelease(msg);
            promise.setFailure(new UnsupportedMessageTypeException(msg, ZmtpMessage.class, ZmtpCommand.class,
                    ZmtpFrame.class));
        } else {
            ctx.write(msg, promise);
        }
    }

    private void writeMessage(ChannelHandlerContext ctx, ZmtpMessage message, ChannelPromise promise) {
        int frames = message.frameCount();
        ByteBuf[] sealed = new ByteBuf[frames];
        try {
            for (int i = 0; i < frames; i++) {
                sealed[i] = seal(ctx.alloc(), i < frames - 1 ? INNER_MORE : 0, message.content(i), null);
            }
        } catch (RuntimeException e) {
            for (ByteBuf b : sealed) {
                ReferenceCountUtil.safeRelease(b);
            }
            ReferenceCountUtil.safeRelease(message);
            writeFailed(ctx, promise, e);
            return;
        }
        message.release();
        if (frames == 1) {
            ctx.write(new DefaultZmtpFrame(sealed[0], false, false), promise);
            return;
        }
        if (promise.isVoid()) {
            for (ByteBuf b : sealed) {
                ctx.write(new DefaultZmtpFrame(b, false, false), promise);
            }
            return;
        }
        PromiseCombiner combiner = new PromiseCombiner(ctx.executor());
        for (ByteBuf b : sealed) {
            combiner.add(ctx.write(new DefaultZmtpFrame(b, false, false)));
        }
        combiner.finish(promise);
    }

    /** Fails {@code promise}; once our short nonces are exhausted, also closes the connection. */
    private void writeFailed(ChannelHandlerContext ctx, ChannelPromise promise, RuntimeException cause) {
        promise.setFailure(cause);
        if (lastSentNonce == LAST_NONCE) {
            ctx.close();
        }
    }

    private ByteBuf sealFrame(ByteBufAllocator alloc, ZmtpFrame frame) {
        int flags = frame.isCommand() ? INNER_COMMAND : frame.isMore() ? INNER_MORE : 0;
        return seal(alloc, flags, frame.content(), null);
    }

    /** Returns the MESSAGE body boxing {@code flags} and {@code data}, sealed a piece at a time into an I/O buffer. */
    private ByteBuf sealInPieces(ByteBufAllocator alloc, int flags, ByteBuf data, long nonce) {
        int length = data.readableBytes();
        ByteBuf out = alloc.ioBuffer(OVERHEAD + length, OVERHEAD + length);
        try {
            out.writeBytes(MESSAGE_NAME);
            out.writeLong(nonce);
            int tagIndex = out.writerIndex();
            out.writeZero(CurveBox.TAG_LENGTH);
            if (piece == null) {
                piece = new byte[PIECE_LENGTH];
            }
            CurveNonces.setShortNonce(sendNonce, nonce);
            box.startSeal(sendNonce);
            // the first piece: the flags and 31 octets of data, the rest of the first block of key stream
            piece[0] = (byte) flags;
            int n = Math.min(length, 31);
            int index = data.readerIndex();
            data.getBytes(index, piece, 1, n);
            box.sealPart(piece, 0, 1 + n);
            out.writeBytes(piece, 0, 1 + n);
            for (int done = n; done < length; done += n) {
                n = Math.min(PIECE_LENGTH, length - done);
                data.getBytes(index + done, piece, 0, n);
                box.sealPart(piece, 0, n);
                out.writeBytes(piece, 0, n);
            }
            box.finishSeal(piece, 0);
            out.setBytes(tagIndex, piece, 0, CurveBox.TAG_LENGTH);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    private ByteBuf sealCommand(ByteBufAllocator alloc, ZmtpCommand command) {
        return seal(alloc, INNER_COMMAND, null, command);
    }

    /** Returns the MESSAGE body boxing {@code flags} and either {@code data} or the body of {@code command}. */
    private ByteBuf seal(ByteBufAllocator alloc, int flags, ByteBuf data, ZmtpCommand command) {
        long dataLength = data != null ? data.readableBytes() : ZmtpCommands.bodyLength(command);
        if (dataLength > Integer.MAX_VALUE - OVERHEAD) {
            throw new EncoderException("frame of " + dataLength + " octets is too large to box");
        }
        if (lastSentNonce == LAST_NONCE) {
            throw new EncoderException("CURVE short nonces exhausted: 2^64 - 1 used, a nonce is never used twice");
        }
        long nonce = lastSentNonce + 1;
        if (data != null && dataLength >= SEAL_IN_PIECES_FROM) {
            ByteBuf out = sealInPieces(alloc, flags, data, nonce);
            lastSentNonce = nonce;
            return out;
        }
        int plainLength = 1 + (int) dataLength;
        ByteBuf out = heapBuffer(alloc, OVERHEAD + (int) dataLength);
        try {
            out.writeBytes(MESSAGE_NAME);
            out.writeLong(nonce);
            out.writeZero(CurveBox.TAG_LENGTH);
            out.writeByte(flags);
            if (data != null) {
                out.writeBytes(data, data.readerIndex(), data.readableBytes());
            } else {
                String name = command.name();
                out.writeByte(name.length());
                out.writeCharSequence(name, StandardCharsets.US_ASCII);
                command.writeData(out);
            }
            if (out.readableBytes() != OVERHEAD + dataLength) {
                throw new EncoderException(command + " wrote " + (out.readableBytes() - OVERHEAD)
                        + " octets, announced " + dataLength);
            }
            CurveNonces.setShortNonce(sendNonce, nonce);
            box.sealInPlace(sendNonce, out.array(), out.arrayOffset() + out.readerIndex() + 16, plainLength);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
        lastSentNonce = nonce;
        return out;
    }

    private static ByteBuf heapBuffer(ByteBufAllocator alloc, int capacity) {
        ByteBuf buf = alloc.heapBuffer(capacity, capacity);
        if (buf.hasArray()) {
            return buf;
        }
        buf.release();
        return Unpooled.buffer(capacity, capacity);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        failed = true;
        box.destroy();
    }

    @Override
    public String toString() {
        return "CurveMessageCodec(sent " + Long.toUnsignedString(lastSentNonce) + ", received "
                + Long.toUnsignedString(lastReceivedNonce) + (failed ? ", failed" : "") + ")";
    }
}
