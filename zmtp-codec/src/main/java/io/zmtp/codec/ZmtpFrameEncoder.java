/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.PromiseNotifier;
import io.zmtp.codec.ZmtpFrameHeaders;

import java.util.ArrayList;
import java.util.List;

/**
 * Encodes {@link ZmtpMessage}s, {@link ZmtpCommand}s and single {@link ZmtpFrame}s into ZMTP 3.x frames
 * (23/ZMTP "Framing"). Anything else, raw {@link ByteBuf}s included, passes through unchanged: write a
 * {@link ZmtpMessage} to send a message.
 *
 * <p>The short size form is used for bodies of up to 255 octets and the long form above. A message's frames get
 * MORE on all but the last, whatever flags they carry.
 *
 * <h2>Batching</h2>
 * Messages and frames whose bodies are all at most {@value #COPY_THRESHOLD} octets are copied, headers and bodies,
 * into one pooled batch buffer shared by consecutive writes: many small messages leave in one buffer, and so in one
 * {@code write} system call, instead of one buffer each. The batch is passed on at the next flush, when it would
 * exceed {@value #BATCH_SIZE} octets, before anything that is not batched (so the order of writes is kept), and
 * when the channel closes or this handler is removed. A message with a larger body is not copied: its headers and
 * small bodies go into one buffer and its large bodies are added as retained slices to a {@link CompositeByteBuf},
 * written on its own after the batch. Commands and raw buffers are written on their own too.
 *
 * <h2>Promises</h2>
 * The promise of a batched write completes when the batch buffer it went into is written: successfully, or with
 * the failure that ends the channel. Writes with the {@linkplain io.netty.channel.Channel#voidPromise() void
 * promise} cost nothing; other promises are notified together through one promise per batch.
 *
 * <h2>Parameters that bound memory</h2>
 * At most {@value #BATCH_SIZE} octets (or one message of up to that size) wait here between flushes; larger
 * messages are passed on at once.
 *
 * <h2>Reference counting</h2>
 * The encoder releases every message, frame and reference-counted command written through it, also on failure.
 * The batch buffer is owned by this handler until it is passed on; after that by the channel.
 *
 * <p>Not sharable: it holds the batch of its channel. Create one per channel.
 */
public final class ZmtpFrameEncoder extends ChannelOutboundHandlerAdapter {

    /** Bodies up to this size are copied into the batch; larger ones are sent without copying. */
    public static final int COPY_THRESHOLD = 1024;

    /** The most octets of small frames gathered in one batch buffer before it is passed on. */
    public static final int BATCH_SIZE = 16 * 1024;

    private ByteBuf batch;
    private final List<ChannelPromise> batchPromises = new ArrayList<>(4);
    private boolean batchHasVoidPromise;

    /** Creates an encoder for one channel. */
    public ZmtpFrameEncoder() {
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ZmtpMessage) {
            writeMessage(ctx, (ZmtpMessage) msg, promise);
        } else if (msg instanceof ZmtpCommand) {
            writeCommand(ctx, (ZmtpCommand) msg, promise);
        } else if (msg instanceof ZmtpFrame) {
            writeFrame(ctx, (ZmtpFrame) msg, promise);
        } else {
            writeBatch(ctx);
            ctx.write(msg, promise);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        writeBatch(ctx);
        ctx.flush();
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        // Passed on unflushed: the channel fails and releases it as it closes.
        writeBatch(ctx);
        ctx.close(promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        writeBatch(ctx);
    }

    private void writeMessage(ChannelHandlerContext ctx, ZmtpMessage message, ChannelPromise promise) {
        try {
            int frames = message.frameCount();
            long length = 0;
            for (int i = 0; i < frames; i++) {
                int size = message.content(i).readableBytes();
                if (size > COPY_THRESHOLD) {
                    length = -1;
                    break;
                }
                length += ZmtpFrameHeaders.headerLength(size) + size;
            }
            if (length >= 0 && length <= BATCH_SIZE) {
                ByteBuf out = batchFor(ctx, (int) length);
                int mark = out.writerIndex();
                try {
                    for (int i = 0; i < frames; i++) {
                        writeCopy(out, message.content(i), i < frames - 1 ? ZmtpFrameHeaders.MORE : ZmtpFrameHeaders.LAST);
                    }
                } catch (Throwable t) {
                    out.writerIndex(mark);
                    throw t;
                }
                addToBatch(promise);
            } else {
                ByteBuf encoded = encode(ctx.alloc(), message);
                writeBatch(ctx);
                ctx.write(encoded, promise);
            }
        } catch (Throwable t) {
            fail(message, promise, t);
            return;
        }
        message.release();
    }

    private void writeCommand(ChannelHandlerContext ctx, ZmtpCommand command, ChannelPromise promise) {
        ByteBuf encoded;
        try {
            encoded = ZmtpCommands.encodeFrame(ctx.alloc(), command);
        } catch (Throwable t) {
            fail(command, promise, t);
            return;
        }
        ReferenceCountUtil.release(command);
        writeBatch(ctx);
        ctx.write(encoded, promise);
    }

    private void writeFrame(ChannelHandlerContext ctx, ZmtpFrame frame, ChannelPromise promise) {
        int flags = frame.isCommand() ? ZmtpFrameHeaders.COMMAND : frame.isMore() ? ZmtpFrameHeaders.MORE : ZmtpFrameHeaders.LAST;
        try {
            ByteBuf body = frame.content();
            int size = body.readableBytes();
            if (size <= COPY_THRESHOLD) {
                ByteBuf out = batchFor(ctx, ZmtpFrameHeaders.headerLength(size) + size);
                int mark = out.writerIndex();
                try {
                    writeCopy(out, body, flags);
                } catch (Throwable t) {
                    out.writerIndex(mark);
                    throw t;
                }
                addToBatch(promise);
            } else {
                ByteBuf encoded = encodeFrame(ctx.alloc(), body, flags);
                writeBatch(ctx);
                ctx.write(encoded, promise);
            }
        } catch (Throwable t) {
            fail(frame, promise, t);
            return;
        }
        frame.release();
    }

    /** Returns the batch buffer with room for {@code length} more octets, passing on a full one first. */
    private ByteBuf batchFor(ChannelHandlerContext ctx, int length) {
        if (batch != null && batch.writableBytes() < length) {
            writeBatch(ctx);
        }
        if (batch == null) {
            batch = ctx.alloc().ioBuffer(BATCH_SIZE, BATCH_SIZE);
        }
        return batch;
    }

    private void addToBatch(ChannelPromise promise) {
        if (promise.isVoid()) {
            batchHasVoidPromise = true;
        } else {
            batchPromises.add(promise);
        }
    }

    /** Passes the batch on, unflushed, with a promise that notifies every write it holds. */
    private void writeBatch(ChannelHandlerContext ctx) {
        ByteBuf out = batch;
        if (out == null) {
            return;
        }
        batch = null;
        ChannelPromise promise;
        int n = batchPromises.size();
        if (n == 0) {
            promise = ctx.voidPromise();
        } else if (n == 1 && !batchHasVoidPromise) {
            promise = batchPromises.get(0);
        } else {
            if (batchHasVoidPromise) {
                // A void promise reports a failure through exceptionCaught; keep that for the writes that used one.
                batchPromises.add(ctx.voidPromise());
            }
            promise = ctx.newPromise();
            promise.addListener(new PromiseNotifier<>(false, batchPromises.toArray(new ChannelPromise[0])));
        }
        batchPromises.clear();
        batchHasVoidPromise = false;
        if (out.isReadable()) {
            ctx.write(out, promise);
        } else {
            out.release();
            promise.trySuccess();
        }
    }

    private static void fail(Object msg, ChannelPromise promise, Throwable t) {
        ReferenceCountUtil.safeRelease(msg);
        promise.tryFailure(t);
    }

    /** Encodes one message into a new buffer; the caller owns the result, {@code message} is not released. */
    public static ByteBuf encode(ByteBufAllocator alloc, ZmtpMessage message) {
        int frames = message.frameCount();
        if (frames == 1) {
            return encodeFrame(alloc, message.content(0), ZmtpFrameHeaders.LAST);
        }
        long copied = 0;
        boolean allSmall = true;
        for (int i = 0; i < frames; i++) {
            int size = message.content(i).readableBytes();
            copied += ZmtpFrameHeaders.headerLength(size) + size;
            allSmall &= size <= COPY_THRESHOLD;
        }
        if (allSmall && copied <= Integer.MAX_VALUE) {
            ByteBuf out = alloc.ioBuffer((int) copied);
            for (int i = 0; i < frames; i++) {
                writeCopy(out, message.content(i), i < frames - 1 ? ZmtpFrameHeaders.MORE : ZmtpFrameHeaders.LAST);
            }
            return out;
        }
        CompositeByteBuf out = alloc.compositeDirectBuffer(Math.max(2, frames * 2));
        ByteBuf small = null;
        try {
            for (int i = 0; i < frames; i++) {
                ByteBuf body = message.content(i);
                int flags = i < frames - 1 ? ZmtpFrameHeaders.MORE : ZmtpFrameHeaders.LAST;
                int size = body.readableBytes();
                if (small == null) {
                    small = alloc.ioBuffer(Math.min(8 * 1024, ZmtpFrameHeaders.MAX_HEADER_LENGTH + COPY_THRESHOLD));
                }
                if (size <= COPY_THRESHOLD) {
                    writeCopy(small, body, flags);
                } else {
                    ZmtpFrameHeaders.writeHeader(small, flags, size);
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

    private static ByteBuf encodeFrame(ByteBufAllocator alloc, ByteBuf body, int flags) {
        int size = body.readableBytes();
        if (size <= COPY_THRESHOLD) {
            ByteBuf out = alloc.ioBuffer(ZmtpFrameHeaders.headerLength(size) + size);
            writeCopy(out, body, flags);
            return out;
        }
        ByteBuf header = alloc.ioBuffer(ZmtpFrameHeaders.MAX_HEADER_LENGTH);
        ZmtpFrameHeaders.writeHeader(header, flags, size);
        CompositeByteBuf out = alloc.compositeDirectBuffer(2);
        out.addComponent(true, header);
        out.addComponent(true, body.retainedSlice());
        return out;
    }

    private static void writeCopy(ByteBuf out, ByteBuf body, int flags) {
        int size = body.readableBytes();
        ZmtpFrameHeaders.writeHeader(out, flags, size);
        out.writeBytes(body, body.readerIndex(), size);
    }
}
