/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

import java.util.Objects;

/**
 * Where a socket handler writes frames it has encoded itself, on a handshaken channel whose frames pass the pipeline
 * unchanged ({@link io.zmtp.codec.ZmtpChannelInitializer#framesPassUnchanged}): the frame encoder's context. A write
 * or flush from there goes on to whatever lies between the codec and the transport (the transport itself, unless
 * the application put a handler there), past the command handler and the encoder, which would only pass the buffers
 * on. Each {@link #flush()} tells the command handler that data went out, so that its heartbeat still sees the
 * traffic. Obtain one with {@link io.zmtp.codec.ZmtpChannelInitializer#framedOutput}.
 *
 * <p>Use on the channel's event loop only. Reference counting as for {@link ChannelHandlerContext#write}: the
 * channel releases what it was given once it is written or fails.
 */
public final class FramedOutput {

    private final ChannelHandlerContext encoder;
    private final Runnable dataWritten;

    /**
     * Writes through {@code encoder}, the frame encoder's context, and runs {@code dataWritten} (the command
     * handler's heartbeat bookkeeping) at every flush.
     */
    public FramedOutput(ChannelHandlerContext encoder, Runnable dataWritten) {
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.dataWritten = Objects.requireNonNull(dataWritten, "dataWritten");
    }

    /** The channel's allocator, for the buffers frames are encoded into. */
    public ByteBufAllocator alloc() {
        return encoder.alloc();
    }

    /** Writes {@code frames}, encoded final or non-final frames, unflushed. */
    public void write(ByteBuf frames, ChannelPromise promise) {
        encoder.write(frames, promise);
    }

    /** Flushes what was written, and records for the heartbeat that data went out. */
    public void flush() {
        dataWritten.run();
        encoder.flush();
    }
}
