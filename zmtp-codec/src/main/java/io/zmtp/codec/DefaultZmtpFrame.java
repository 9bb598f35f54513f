/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * The default {@link ZmtpFrame}: a body and its MORE and COMMAND flags. A command frame never has MORE set.
 */
public final class DefaultZmtpFrame extends DefaultByteBufHolder implements ZmtpFrame {

    private final boolean more;
    private final boolean command;

    /** Creates a final data frame holding {@code content}. */
    public DefaultZmtpFrame(ByteBuf content) {
        this(content, false, false);
    }

    /** Creates a data frame holding {@code content}, with MORE set when {@code more}. */
    public DefaultZmtpFrame(ByteBuf content, boolean more) {
        this(content, more, false);
    }

    /**
     * Creates a frame holding {@code content}.
     *
     * @throws IllegalArgumentException if both {@code more} and {@code command} are set
     */
    public DefaultZmtpFrame(ByteBuf content, boolean more, boolean command) {
        super(content);
        if (more && command) {
            throw new IllegalArgumentException("a command frame cannot have the MORE flag");
        }
        this.more = more;
        this.command = command;
    }

    @Override
    public boolean isMore() {
        return more;
    }

    @Override
    public boolean isCommand() {
        return command;
    }

    @Override
    public ZmtpFrame copy() {
        return replace(content().copy());
    }

    @Override
    public ZmtpFrame duplicate() {
        return replace(content().duplicate());
    }

    @Override
    public ZmtpFrame retainedDuplicate() {
        return replace(content().retainedDuplicate());
    }

    @Override
    public ZmtpFrame replace(ByteBuf content) {
        return new DefaultZmtpFrame(content, more, command);
    }

    @Override
    public ZmtpFrame retain() {
        super.retain();
        return this;
    }

    @Override
    public ZmtpFrame retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public ZmtpFrame touch() {
        super.touch();
        return this;
    }

    @Override
    public ZmtpFrame touch(Object hint) {
        super.touch(hint);
        return this;
    }

    /** Shows the flags and the body size, never the body. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("DefaultZmtpFrame(");
        b.append(command ? "COMMAND" : more ? "MORE" : "LAST");
        if (refCnt() > 0) {
            b.append(", ").append(content().readableBytes()).append(" octets");
        } else {
            b.append(", released");
        }
        return b.append(')').toString();
    }
}
