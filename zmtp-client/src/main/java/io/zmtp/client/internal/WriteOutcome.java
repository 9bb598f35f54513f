/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.client.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelProgressiveFuture;
import io.netty.channel.ChannelProgressiveFutureListener;
import io.netty.channel.ChannelProgressivePromise;

/**
 * The outcome of one write of a {@link ClientConnection}, learnt per message rather than per write. The write carries
 * a {@link ChannelProgressivePromise}, to which the channel's {@link io.netty.channel.ChannelOutboundBuffer} reports,
 * as the transport (NIO or epoll) hands octets of the buffer to the kernel, how many it has handed over so far, a
 * buffer written in part included. A write that fails after part of its buffer went out has reported that part
 * first. So when the channel dies in the middle of a buffer, the messages whose frames went out whole count as
 * written (the peer may get them), and only the others are handed back: no message reaches two peers because of
 * where a buffer ended.
 *
 * <p>One instance per write, none per message; used on the channel's event loop only.
 */
abstract class WriteOutcome implements ChannelProgressiveFutureListener {

    /** The connection whose messages a write carries: what went out leaves its queue, what did not goes back. */
    interface Connection {
        /** {@code n} messages of {@code bytes} body octets in all were handed to the kernel. */
        void written(int n, long bytes);

        /**
         * A write failed, so the channel is finished: it stops taking messages, before any are handed back, so that
         * the pool does not pick it again for them.
         */
        void writeFailed();

        /** Hands back to the pool a message that did not go out whole; takes ownership of it. */
        void orphan(ByteBuf msg);
    }

    /** The octets of the write handed to the kernel so far. */
    private long written;

    /** Returns a new promise, for the write whose outcome this is. */
    final ChannelProgressivePromise newPromise(Channel ch) {
        return ch.newProgressivePromise().addListener(this);
    }

    @Override
    public final void operationProgressed(ChannelProgressiveFuture future, long progress, long total) {
        written = progress;
    }

    @Override
    public final void operationComplete(ChannelProgressiveFuture future) {
        if (future.isSuccess()) {
            succeeded();
        } else {
            failed(written);
        }
    }

    /** The whole buffer was handed to the kernel. */
    abstract void succeeded();

    /** The channel failed after handing the first {@code written} octets of the buffer to the kernel. */
    abstract void failed(long written);
}
