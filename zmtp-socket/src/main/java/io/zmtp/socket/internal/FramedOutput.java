/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.socket.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;

import java.util.Objects;

/**
 * Where a socket writes the frames it encodes itself, on a handshaken channel whose frames pass the pipeline
 * unchanged ({@link io.zmtp.codec.ZmtpChannelInitializer#framesPassUnchanged}): the channel's pipeline, from its
 * tail. The codec's handlers pass a {@link ByteBuf} of encoded frames on as it is (the frame encoder after its own
 * pending batch, the command handler counting it as traffic for its heartbeat), so nothing goes around them.
 *
 * <p>Use on the channel's event loop. Reference counting as for {@link Channel#write}: the channel releases what it
 * was given once it is written or fails.
 */
public final class FramedOutput {

    private final Channel channel;

    /** Writes to {@code channel}'s pipeline. */
    public FramedOutput(Channel channel) {
        this.channel = Objects.requireNonNull(channel, "channel");
    }

    /** The channel's allocator, for the buffers frames are encoded into. */
    public ByteBufAllocator alloc() {
        return channel.alloc();
    }

    /** Writes {@code frames}, encoded final or non-final frames (or the body that ends one), unflushed. */
    public void write(ByteBuf frames, ChannelPromise promise) {
        channel.write(frames, promise);
    }

    /** Flushes what was written. */
    public void flush() {
        channel.flush();
    }
}
