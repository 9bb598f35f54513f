/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * A subscription command (37/ZMTP): {@link ZmtpSubscribeCommand} or {@link ZmtpCancelCommand}, whose data is a
 * topic. Reference-counted: it owns its topic buffer.
 */
public abstract sealed class ZmtpTopicCommand extends DefaultByteBufHolder implements ZmtpCommand
        permits ZmtpSubscribeCommand, ZmtpCancelCommand {

    ZmtpTopicCommand(ByteBuf topic) {
        super(topic);
    }

    /** Returns the topic; it stays owned by this command. */
    public final ByteBuf topic() {
        return content();
    }

    @Override
    public final int dataLength() {
        return content().readableBytes();
    }

    @Override
    public final void writeData(ByteBuf out) {
        ByteBuf topic = content();
        out.writeBytes(topic, topic.readerIndex(), topic.readableBytes());
    }

    /** Returns the first octet of the ZMTP 3.0 form of this command: 1 to subscribe, 0 to cancel. */
    abstract int legacyPrefix();

    @Override
    public abstract ZmtpTopicCommand replace(ByteBuf content);

    @Override
    public ZmtpTopicCommand retain() {
        super.retain();
        return this;
    }

    @Override
    public ZmtpTopicCommand touch(Object hint) {
        super.touch(hint);
        return this;
    }

    /** Shows the command and the topic size, never the topic. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + (refCnt() > 0 ? content().readableBytes() + " octets)" : "released)");
    }
}
