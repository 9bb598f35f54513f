/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.zmtp.codec.internal.FrameHeaders;

/**
 * Encodes {@link ZmtpMessage}s, {@link ZmtpCommand}s and single {@link ZmtpFrame}s into ZMTP 3.x frames
 * (23/ZMTP "Framing"). Anything else, raw {@link ByteBuf}s included, passes through unchanged: write a
 * {@link ZmtpMessage} to send a message.
 *
 * <p>The short size form is used for bodies of up to 255 octets and the long form above. A message's frames get
 * MORE on all but the last, whatever flags they carry. One write produces one buffer: bodies of up to
 * {@value #COPY_THRESHOLD} octets are copied next to their header (fewer, larger buffers beat zero-copy for small
 * bodies); larger bodies are not copied but added to a {@link CompositeByteBuf} as retained slices.
 *
 * <h2>Reference counting</h2>
 * The encoder releases every message, frame and reference-counted command written through it, also on failure.
 * Writes are not flushed here: flush as usual.
 *
 * <p>Stateless and {@link Sharable}: use {@link #INSTANCE}.
 */
@Sharable
public final class ZmtpFrameEncoder extends ChannelOutboundHandlerAdapter {

    /** The shared instance. */
    public static final ZmtpFrameEncoder INSTANCE = new ZmtpFrameEncoder();

    /** Bodies up to this size are copied into the header buffer; larger ones are sent without copying. */
    public static final int COPY_THRESHOLD = 1024;

    private ZmtpFrameEncoder() {
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ByteBuf encoded;
        try {
            if (msg instanceof ZmtpMessage) {
                encoded = encode(ctx.alloc(), (ZmtpMessage) msg);
            } else if (msg instanceof ZmtpCommand) {
                encoded = ZmtpCommands.encodeFrame(ctx.alloc(), (ZmtpCommand) msg);
            } else if (msg instanceof ZmtpFrame) {
                encoded = encode(ctx.alloc(), (ZmtpFrame) msg);
            } else {
                ctx.write(msg, promise);
                return;
            }
        } catch (Throwable t) {
            ReferenceCountUtil.safeRelease(msg);
            promise.setFailure(t);
            return;
        }
        ReferenceCountUtil.release(msg);
        ctx.write(encoded, promise);
    }

    /** Encodes one message into a new buffer; the caller owns the result, {@code message} is not released. */
    public static ByteBuf encode(ByteBufAllocator alloc, ZmtpMessage message) {
        int frames = message.frameCount();
        if (frames == 1) {
            return encodeFrame(alloc, message.content(0), FrameHeaders.LAST);
        }
        long copied = 0;
        boolean allSmall = true;
        for (int i = 0; i < frames; i++) {
            int size = message.content(i).readableBytes();
            copied += FrameHeaders.headerLength(size) + size;
            allSmall &= size <= COPY_THRESHOLD;
        }
        if (allSmall && copied <= Integer.MAX_VALUE) {
            ByteBuf out = alloc.ioBuffer((int) copied);
            for (int i = 0; i < frames; i++) {
                writeCopy(out, message.content(i), i < frames - 1 ? FrameHeaders.MORE : FrameHeaders.LAST);
            }
            return out;
        }
        CompositeByteBuf out = alloc.compositeDirectBuffer(Math.max(2, frames * 2));
        ByteBuf small = null;
        try {
            for (int i = 0; i < frames; i++) {
                ByteBuf body = message.content(i);
                int flags = i < frames - 1 ? FrameHeaders.MORE : FrameHeaders.LAST;
                int size = body.readableBytes();
                if (small == null) {
                    small = alloc.ioBuffer(Math.min(8 * 1024, FrameHeaders.MAX_HEADER_LENGTH + COPY_THRESHOLD));
                }
                if (size <= COPY_THRESHOLD) {
                    writeCopy(small, body, flags);
                } else {
                    FrameHeaders.writeHeader(small, flags, size);
                    out.addComponent(true, small);
                    small = null;
                    out.addComponent(true, body.retainedSlice());
                }
            }
            if (small != null) {
                out.addComponent(true, small);
                small = null;
            }
            return out;
        } catch (Throwable t) {
            if (small != null) {
                small.release();
            }
            out.release();
            throw t;
        }
    }

    private static ByteBuf encode(ByteBufAllocator alloc, ZmtpFrame frame) {
        int flags = frame.isCommand() ? FrameHeaders.COMMAND : frame.isMore() ? FrameHeaders.MORE : FrameHeaders.LAST;
        return encodeFrame(alloc, frame.content(), flags);
    }

    private static ByteBuf encodeFrame(ByteBufAllocator alloc, ByteBuf body, int flags) {
        int size = body.readableBytes();
        if (size <= COPY_THRESHOLD) {
            ByteBuf out = alloc.ioBuffer(FrameHeaders.headerLength(size) + size);
            writeCopy(out, body, flags);
            return out;
        }
        ByteBuf header = alloc.ioBuffer(FrameHeaders.MAX_HEADER_LENGTH);
        FrameHeaders.writeHeader(header, flags, size);
        CompositeByteBuf out = alloc.compositeDirectBuffer(2);
        out.addComponent(true, header);
        out.addComponent(true, body.retainedSlice());
        return out;
    }

    private static void writeCopy(ByteBuf out, ByteBuf body, int flags) {
        int size = body.readableBytes();
        FrameHeaders.writeHeader(out, flags, size);
        out.writeBytes(body, body.readerIndex(), size);
    }
}
