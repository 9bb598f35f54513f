/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.buffer.ByteBuf;

/**
 * The SUBSCRIBE command (37/ZMTP): a subscriber asks a publisher to send messages whose first frame starts with the topic (an empty topic matches all).
 * ZMTP 3.0 peers do not know the command; they send and expect a message whose first octet is {@code 01}
 * followed by the topic instead, which {@link ZmtpCommandHandler} sends them.
 *
 * <p>Reference-counted: it owns its topic buffer.
 */
public final class ZmtpSubscribeCommand extends ZmtpTopicCommand {

    /** The wire name. */
    public static final String NAME = "SUBSCRIBE";

    /** Creates a SUBSCRIBE command that takes ownership of {@code topic}. */
    public ZmtpSubscribeCommand(ByteBuf topic) {
        super(topic);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    int legacyPrefix() {
        return 1;
    }

    @Override
    public ZmtpSubscribeCommand replace(ByteBuf content) {
        return new ZmtpSubscribeCommand(content);
    }
}
