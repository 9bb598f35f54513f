/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;

/**
 * One ZMTP frame (23/ZMTP section "Framing"): a flags octet, a size, and a body held as the {@link #content()}.
 *
 * <p>Flags: bit 0 {@link #FLAG_MORE MORE} (another frame of the same message follows), bit 1
 * {@link #FLAG_LONG LONG} (the size takes 8 octets), bit 2 {@link #FLAG_COMMAND COMMAND}; bits 3 to 7 are reserved
 * and must be zero. The LONG flag is a matter of encoding only and is not kept on decoded frames: the encoder
 * picks the short form for bodies of up to 255 octets and the long form above.
 *
 * <h2>Reference counting</h2>
 * A frame owns its content. Frames produced by {@link ZmtpFrameDecoder} hold a retained slice of the inbound
 * buffer (no copy); whoever consumes a frame releases it.
 */
public interface ZmtpFrame extends ByteBufHolder {

    /** The MORE flag: another frame of the same message follows. */
    int FLAG_MORE = 0x01;
    /** The LONG flag: the size field is 8 octets instead of 1. */
    int FLAG_LONG = 0x02;
    /** The COMMAND flag: the frame carries a command, not message data. */
    int FLAG_COMMAND = 0x04;
    /** The flag bits that must be zero. */
    int RESERVED_FLAGS = 0xF8;
    /** The largest body the short (1-octet) size form can describe. */
    int MAX_SHORT_SIZE = 255;

    /** Returns whether another frame of the same message follows this one. */
    boolean isMore();

    /** Returns whether this frame carries a command. */
    boolean isCommand();

    @Override
    ZmtpFrame copy();

    @Override
    ZmtpFrame duplicate();

    @Override
    ZmtpFrame retainedDuplicate();

    @Override
    ZmtpFrame replace(ByteBuf content);

    @Override
    ZmtpFrame retain();

    @Override
    ZmtpFrame retain(int increment);

    @Override
    ZmtpFrame touch();

    @Override
    ZmtpFrame touch(Object hint);
}
