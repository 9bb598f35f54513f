/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.buffer.ByteBuf;

/**
 * A ZMTP command (23/ZMTP section "Commands"): a command frame whose body is
 * {@code name-length (1 octet) | name | data}. The typed commands are {@link ZmtpReadyCommand},
 * {@link ZmtpErrorCommand}, {@link ZmtpPingCommand}, {@link ZmtpPongCommand}, {@link ZmtpSubscribeCommand} and
 * {@link ZmtpCancelCommand}; any other command is a {@link ZmtpRawCommand}. {@link ZmtpCommands} decodes and
 * encodes them.
 *
 * <p>Commands that hold a buffer ({@link ZmtpSubscribeCommand}, {@link ZmtpCancelCommand}, {@link ZmtpRawCommand})
 * are reference-counted; the others are immutable values.
 */
public interface ZmtpCommand {

    /** Returns the command name as it travels on the wire, e.g. {@code "READY"}. */
    String name();

    /** Returns the number of octets {@link #writeData(ByteBuf)} writes. */
    int dataLength();

    /** Writes the command data, the part of the body after the name, to {@code out}. */
    void writeData(ByteBuf out);
}
