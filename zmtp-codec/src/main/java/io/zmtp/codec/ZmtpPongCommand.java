/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.buffer.ByteBuf;

import java.util.Arrays;
import java.util.Objects;

/** The PONG command (37/ZMTP): the answer to a {@link ZmtpPingCommand}, echoing its context (at most 16 octets). */
public final class ZmtpPongCommand implements ZmtpCommand {

    /** The wire name. */
    public static final String NAME = "PONG";

    private final byte[] context;

    /** Creates a PONG echoing {@code context}, which is at most 16 octets. */
    public ZmtpPongCommand(byte[] context) {
        Objects.requireNonNull(context, "context");
        if (context.length > ZmtpPingCommand.MAX_CONTEXT_LENGTH) {
            throw new IllegalArgumentException("context: " + context.length + " octets (expected: <= 16)");
        }
        this.context = context.clone();
    }

    /** Returns a copy of the context. */
    public byte[] context() {
        return context.clone();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int dataLength() {
        return context.length;
    }

    @Override
    public void writeData(ByteBuf out) {
        out.writeBytes(context);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ZmtpPongCommand && Arrays.equals(((ZmtpPongCommand) o).context, context);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(context);
    }

    @Override
    public String toString() {
        return "ZmtpPongCommand(context=" + context.length + " octets)";
    }
}
