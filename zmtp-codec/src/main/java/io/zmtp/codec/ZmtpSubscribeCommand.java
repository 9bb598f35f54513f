/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * The SUBSCRIBE command (37/ZMTP): a subscriber asks a publisher to send messages whose first frame starts with the topic (an empty topic matches all).
 * ZMTP 3.0 peers do not know the command; they send and expect a message whose first octet is
 * {@code 01} followed by the topic instead.
 *
 * <p>Reference-counted: it owns its topic buffer.
 */
public final class ZmtpSubscribeCommand extends DefaultByteBufHolder implements ZmtpCommand {

    /** The wire name. */
    public static final String NAME = "SUBSCRIBE";

    /** Creates a SUBSCRIBE command that takes ownership of {@code topic}. */
    public ZmtpSubscribeCommand(ByteBuf topic) {
        super(topic);
    }

    /** Returns the topic; it stays owned by this command. */
    public ByteBuf topic() {
        return content();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int dataLength() {
        return content().readableBytes();
    }

    @Override
    public void writeData(ByteBuf out) {
        ByteBuf topic = content();
        out.writeBytes(topic, topic.readerIndex(), topic.readableBytes());
    }

    @Override
    public ZmtpSubscribeCommand replace(ByteBuf content) {
        return new ZmtpSubscribeCommand(content);
    }

    @Override
    public ZmtpSubscribeCommand retain() {
        super.retain();
        return this;
    }

    @Override
    public ZmtpSubscribeCommand touch(Object hint) {
        super.touch(hint);
        return this;
    }

    /** Shows the topic size, never the topic. */
    @Override
    public String toString() {
        return "ZmtpSubscribeCommand(" + (refCnt() > 0 ? content().readableBytes() + " octets)" : "released)");
    }
}
