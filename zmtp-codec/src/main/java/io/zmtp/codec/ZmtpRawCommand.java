/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

import java.util.Objects;

/**
 * Any command by name and data, for the commands that have no typed class (HELLO, WELCOME, INITIATE, JOIN, ...)
 * and for commands this codec does not know. Reference-counted: it owns its data buffer.
 */
public final class ZmtpRawCommand extends DefaultByteBufHolder implements ZmtpCommand {

    private final String name;

    /**
     * Creates a command named {@code name} (1 to 255 ASCII characters) that takes ownership of {@code data}.
     */
    public ZmtpRawCommand(String name, ByteBuf data) {
        super(data);
        this.name = ZmtpCommands.checkName(name);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int dataLength() {
        return content().readableBytes();
    }

    @Override
    public void writeData(ByteBuf out) {
        ByteBuf data = content();
        out.writeBytes(data, data.readerIndex(), data.readableBytes());
    }

    @Override
    public ZmtpRawCommand replace(ByteBuf content) {
        return new ZmtpRawCommand(name, content);
    }

    @Override
    public ZmtpRawCommand retain() {
        super.retain();
        return this;
    }

    @Override
    public ZmtpRawCommand touch(Object hint) {
        super.touch(hint);
        return this;
    }

    /** Returns whether {@code name} is this command's name (case-sensitive, as libzmq compares). */
    public boolean is(String name) {
        return this.name.equals(Objects.requireNonNull(name, "name"));
    }

    /** Shows the name and the data size, never the data. */
    @Override
    public String toString() {
        return "ZmtpRawCommand(" + name + ", "
                + (refCnt() > 0 ? content().readableBytes() + " octets)" : "released)");
    }
}
