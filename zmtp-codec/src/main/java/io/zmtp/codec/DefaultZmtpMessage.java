/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ReferenceCounted;

import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * The default {@link ZmtpMessage}: an array of frames with one reference count for the whole message.
 *
 * <p>A single-frame message, by far the most common, holds its content without an array, and creates the
 * {@link ZmtpFrame} view of it only if {@link #frame(int)} or {@link #iterator()} asks for it.
 *
 * <h2>Reference counting</h2>
 * A multipart message has a reference count of its own and releases its frames when it reaches zero. A single-frame
 * message has none: like a {@link io.netty.buffer.ByteBufHolder}, its count is its content's (or, if it was built
 * from a frame of another class than {@link DefaultZmtpFrame}, that frame's), so retaining or releasing either is
 * the same. {@link #takeContent(ZmtpMessage)} relies on that to hand a single-frame message's payload on for free.
 */
public final class DefaultZmtpMessage extends AbstractReferenceCounted implements ZmtpMessage {

    /** The frames of a multipart message; {@code null} for a single frame. */
    private final ZmtpFrame[] frames;
    /** The content of a single-frame message. */
    private final ByteBuf single;
    /** The frame of a single-frame message, once created. */
    private ZmtpFrame singleFrame;
    /** What a single-frame message's reference count is: its content, or a frame that counts for itself. */
    private final ReferenceCounted singleCount;

    /** Creates a single-frame message that takes ownership of {@code content}. */
    public DefaultZmtpMessage(ByteBuf content) {
        this.single = Objects.requireNonNull(content, "content");
        this.singleCount = content;
        this.frames = null;
    }

    /**
     * Creates a single-frame message that takes ownership of {@code frame}, which must be a final data frame.
     *
     * @throws IllegalArgumentException if {@code frame} is a command frame or has MORE set
     */
    public DefaultZmtpMessage(ZmtpFrame frame) {
        Objects.requireNonNull(frame, "frame");
        if (frame.isCommand() || frame.isMore()) {
            throw new IllegalArgumentException("a single-frame message needs a final data frame: " + frame);
        }
        this.single = frame.content();
        this.singleFrame = frame;
        // a DefaultZmtpFrame counts with its content; any other frame may count for itself
        this.singleCount = frame instanceof DefaultZmtpFrame ? single : frame;
        this.frames = null;
    }

    /**
     * Creates a message whose frames take ownership of {@code contents}; MORE is set on all frames but the last.
     *
     * @throws IllegalArgumentException if {@code contents} is empty
     */
    public DefaultZmtpMessage(ByteBuf... contents) {
        Objects.requireNonNull(contents, "contents");
        if (contents.length == 0) {
            throw new IllegalArgumentException("a message has at least one frame");
        }
        ZmtpFrame[] frames = new ZmtpFrame[contents.length];
        for (int i = 0; i < contents.length; i++) {
            frames[i] = new DefaultZmtpFrame(Objects.requireNonNull(contents[i], "contents[" + i + "]"),
                    i < contents.length - 1);
        }
        this.frames = frames;
        this.single = null;
        this.singleCount = null;
    }

    /**
     * Creates a message that takes ownership of {@code frames}, which must be data frames.
     *
     * @throws IllegalArgumentException if {@code frames} is empty or holds a command frame
     */
    public DefaultZmtpMessage(List<? extends ZmtpFrame> frames) {
        Objects.requireNonNull(frames, "frames");
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a message has at least one frame");
        }
        ZmtpFrame[] array = frames.toArray(new ZmtpFrame[0]);
        for (int i = 0; i < array.length; i++) {
            Objects.requireNonNull(array[i], "frames[" + i + "]");
            if (array[i].isCommand()) {
                throw new IllegalArgumentException("frames[" + i + "] is a command frame");
            }
        }
        this.frames = array;
        this.single = null;
        this.singleCount = null;
    }

    @Override
    public int frameCount() {
        return frames == null ? 1 : frames.length;
    }

    @Override
    public ZmtpFrame frame(int index) {
        if (frames != null) {
            return frames[index];
        }
        Objects.checkIndex(index, 1);
        if (singleFrame == null) {
            singleFrame = new DefaultZmtpFrame(single);
        }
        return singleFrame;
    }

    @Override
    public ByteBuf content(int index) {
        if (frames != null) {
            return frames[index].content();
        }
        Objects.checkIndex(index, 1);
        return single;
    }

    @Override
    public long contentLength() {
        if (frames == null) {
            return single.readableBytes();
        }
        long length = 0;
        for (ZmtpFrame frame : frames) {
            length += frame.content().readableBytes();
        }
        return length;
    }

    @Override
    public Iterator<ZmtpFrame> iterator() {
        if (frames == null) {
            return Collections.singletonList(frame(0)).iterator();
        }
        return Collections.unmodifiableList(Arrays.asList(frames)).iterator();
    }

    /**
     * Returns the content of the single-frame {@code message}, turning the caller's reference to the message into a
     * reference to the content: afterwards the caller releases the content, not the message. Costs nothing for a
     * {@code DefaultZmtpMessage} whose count is its content's (see the class description); any other message has its
     * content retained and is released.
     *
     * @throws IllegalArgumentException if {@code message} has more than one frame (it is not released then)
     */
    public static ByteBuf takeContent(ZmtpMessage message) {
        if (message.frameCount() != 1) {
            throw new IllegalArgumentException("not a single-frame message: " + message);
        }
        if (message instanceof DefaultZmtpMessage && ((DefaultZmtpMessage) message).singleCount
                == ((DefaultZmtpMessage) message).single) {
            return message.content(0);
        }
        ByteBuf content = message.content(0).retain();
        message.release();
        return content;
    }

    @Override
    public int refCnt() {
        return frames == null ? singleCount.refCnt() : super.refCnt();
    }

    @Override
    public boolean release() {
        return frames == null ? singleCount.release() : super.release();
    }

    @Override
    public boolean release(int decrement) {
        return frames == null ? singleCount.release(decrement) : super.release(decrement);
    }

    @Override
    protected void deallocate() {
        // only multipart messages count for themselves
        for (ZmtpFrame frame : frames) {
            ReferenceCountUtil.release(frame);
        }
    }

    @Override
    public ZmtpMessage retain() {
        if (frames == null) {
            singleCount.retain();
        } else {
            super.retain();
        }
        return this;
    }

    @Override
    public ZmtpMessage retain(int increment) {
        if (frames == null) {
            singleCount.retain(increment);
        } else {
            super.retain(increment);
        }
        return this;
    }

    @Override
    public ZmtpMessage touch() {
        return touch(null);
    }

    @Override
    public ZmtpMessage touch(Object hint) {
        if (frames == null) {
            if (singleFrame != null) {
                singleFrame.touch(hint);
            } else {
                single.touch(hint);
            }
            return this;
        }
        for (ZmtpFrame frame : frames) {
            frame.touch(hint);
        }
        return this;
    }

    /** Shows the frame count and sizes, never the bodies. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("DefaultZmtpMessage(");
        if (refCnt() == 0) {
            return b.append("released)").toString();
        }
        int count = frameCount();
        b.append(count).append(count == 1 ? " frame: " : " frames: ");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(content(i).readableBytes());
        }
        return b.append(" octets)").toString();
    }
}
