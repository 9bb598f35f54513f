/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.socket.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPromise;
import io.zmtp.codec.ZmtpFrameEncoder;
import io.zmtp.codec.ZmtpFrameHeaders;

/**
 * The batch buffer of one drain of a socket that frames its own messages (NULL and PLAIN connections, see
 * {@link io.zmtp.codec.ZmtpChannelInitializer#framesPassUnchanged}): final data frames as {@link ZmtpFrameEncoder}
 * would encode them. A body of up to {@link ZmtpFrameEncoder#COPY_THRESHOLD} octets is copied into a pooled buffer
 * of {@link ZmtpFrameEncoder#BATCH_SIZE} octets with its header; of a larger body only the header goes in, and the
 * caller writes the body itself, after the batch.
 *
 * <p>Reference counting: {@link #append} never takes ownership of the body; the batch buffer is the channel's once
 * {@linkplain #write written}. Not thread-safe: one instance per drain, on the channel's event loop.
 */
public final class FrameBatch {

    private final FramedOutput out;
    private ByteBuf batch;

    /** Starts an empty batch, written to {@code out}. */
    public FrameBatch(FramedOutput out) {
        this.out = out;
    }

    /** Returns whether the frame of a body of {@code size} octets fits in the current batch (or there is none). */
    public boolean fits(int size) {
        return batch == null || batch.writableBytes() >= length(size);
    }

    /**
     * Appends the header of a final data frame for {@code body} and, if it is small enough, a copy of the body;
     * returns whether it copied the body. Call {@link #fits} first: a batch that has no room is {@linkplain #write
     * written} first.
     */
    public boolean append(ByteBuf body) {
        int size = body.readableBytes();
        boolean copy = size <= ZmtpFrameEncoder.COPY_THRESHOLD;
        if (batch == null) {
            batch = out.alloc().ioBuffer(copy ? ZmtpFrameEncoder.BATCH_SIZE : ZmtpFrameHeaders.MAX_HEADER_LENGTH);
        }
        ZmtpFrameHeaders.writeHeader(batch, ZmtpFrameHeaders.LAST, size);
        if (copy) {
            batch.writeBytes(body, body.readerIndex(), size);
        }
        return copy;
    }

    /** Returns whether nothing was appended since the batch was last written. */
    public boolean isEmpty() {
        return batch == null;
    }

    /** Writes the batch, unflushed, with {@code promise}, and starts a new one; does nothing if it is empty. */
    public void write(ChannelPromise promise) {
        ByteBuf full = batch;
        if (full != null) {
            batch = null;
            out.write(full, promise);
        }
    }

    private static int length(int size) {
        return ZmtpFrameHeaders.headerLength(size) + (size <= ZmtpFrameEncoder.COPY_THRESHOLD ? size : 0);
    }
}
