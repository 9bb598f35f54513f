/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCountUtil;

import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * The default {@link ZmtpMessage}: an array of frames with one reference count for the whole message.
 */
public final class DefaultZmtpMessage extends AbstractReferenceCounted implements ZmtpMessage {

    private final ZmtpFrame[] frames;

    /** Creates a single-frame message that takes ownership of {@code content}. */
    public DefaultZmtpMessage(ByteBuf content) {
        Objects.requireNonNull(content, "content");
        this.frames = new ZmtpFrame[] {new DefaultZmtpFrame(content)};
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
        this.frames = new ZmtpFrame[] {frame};
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
    }

    @Override
    public int frameCount() {
        return frames.length;
    }

    @Override
    public ZmtpFrame frame(int index) {
        return frames[index];
    }

    @Override
    public long contentLength() {
        long length = 0;
        for (ZmtpFrame frame : frames) {
            length += frame.content().readableBytes();
        }
        return length;
    }

    @Override
    public Iterator<ZmtpFrame> iterator() {
        return Collections.unmodifiableList(Arrays.asList(frames)).iterator();
    }

    @Override
    protected void deallocate() {
        for (ZmtpFrame frame : frames) {
            ReferenceCountUtil.release(frame);
        }
    }

    @Override
    public ZmtpMessage retain() {
        super.retain();
        return this;
    }

    @Override
    public ZmtpMessage retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public ZmtpMessage touch() {
        return touch(null);
    }

    @Override
    public ZmtpMessage touch(Object hint) {
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
        b.append(frames.length).append(frames.length == 1 ? " frame: " : " frames: ");
        for (int i = 0; i < frames.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(frames[i].content().readableBytes());
        }
        return b.append(" octets)").toString();
    }
}
