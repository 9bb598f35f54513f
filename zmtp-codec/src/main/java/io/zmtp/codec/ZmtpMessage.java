/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;

/**
 * A whole ZMTP message: one or more data frames delivered atomically (23/ZMTP section "Message Framing").
 *
 * <p>When a message is written, the encoder sets the MORE flag on every frame but the last, whatever flags the
 * frames carry. The thread-safe socket types (CLIENT, SERVER, ...) accept single-frame messages only.
 *
 * <h2>Reference counting</h2>
 * A message owns its frames; releasing the message to zero releases every frame's content. Messages produced by
 * {@link ZmtpMessageAggregator} hold retained slices of the inbound buffers; whoever consumes a message releases it.
 * Writing a message hands it to the encoder, which releases it.
 */
public interface ZmtpMessage extends ReferenceCounted, Iterable<ZmtpFrame> {

    /** Returns a single-frame message that takes ownership of {@code content}. */
    static ZmtpMessage of(ByteBuf content) {
        return new DefaultZmtpMessage(content);
    }

    /** Returns a message whose frames take ownership of {@code contents}, in order. */
    static ZmtpMessage of(ByteBuf... contents) {
        return new DefaultZmtpMessage(contents);
    }

    /** Returns the number of frames, at least one. */
    int frameCount();

    /** Returns frame {@code index}, counted from zero. The frame stays owned by this message. */
    ZmtpFrame frame(int index);

    /** Returns the content of frame {@code index}. The buffer stays owned by this message. */
    default ByteBuf content(int index) {
        return frame(index).content();
    }

    /** Returns whether the message has more than one frame. */
    default boolean isMultipart() {
        return frameCount() > 1;
    }

    /** Returns the total number of body octets of all frames. */
    long contentLength();

    @Override
    ZmtpMessage retain();

    @Override
    ZmtpMessage retain(int increment);

    @Override
    ZmtpMessage touch();

    @Override
    ZmtpMessage touch(Object hint);
}
