/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.buffer.ByteBuf;

/**
 * The CANCEL command (37/ZMTP): a subscriber withdraws one earlier SUBSCRIBE of the same topic (subscriptions are counted).
 * ZMTP 3.0 peers do not know the command; they send and expect a message whose first octet is {@code 00}
 * followed by the topic instead, which {@link ZmtpCommandHandler} sends them.
 *
 * <p>Reference-counted: it owns its topic buffer.
 */
public final class ZmtpCancelCommand extends ZmtpTopicCommand {

    /** The wire name. */
    public static final String NAME = "CANCEL";

    /** Creates a CANCEL command that takes ownership of {@code topic}. */
    public ZmtpCancelCommand(ByteBuf topic) {
        super(topic);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    int legacyPrefix() {
        return 0;
    }

    @Override
    public ZmtpCancelCommand replace(ByteBuf content) {
        return new ZmtpCancelCommand(content);
    }
}
