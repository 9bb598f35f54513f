/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects data frames into whole {@link ZmtpMessage}s: frames with MORE are held until the final frame arrives,
 * then the message is passed on, so the next handler sees all of a message or nothing of it (23/ZMTP "Message
 * Framing"). Anything that is not a data frame (commands, events) passes on unchanged.
 *
 * <h2>Parameters that bound memory</h2>
 * The aggregator itself enforces no limit: {@link ZmtpFrameDecoder} checks the size and frame count of each message
 * against {@link ZmtpCodecOptions#maxMessageSize()} and {@link ZmtpCodecOptions#maxFramesPerMessage()} as each
 * frame header arrives, before it is buffered.
 *
 * <h2>Reference counting</h2>
 * A message takes ownership of its frames; the next handler releases it. Frames of a message that is still
 * incomplete when the channel closes or the handler is removed are released here.
 *
 * <p>Not sharable: one instance per connection.
 */
public final class ZmtpMessageAggregator extends ChannelInboundHandlerAdapter {

    private final List<ZmtpFrame> frames = new ArrayList<>(4);

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ZmtpFrame) || ((ZmtpFrame) msg).isCommand()) {
            ctx.fireChannelRead(msg);
            return;
        }
        ZmtpFrame frame = (ZmtpFrame) msg;
        if (frames.isEmpty() && !frame.isMore()) {
            ctx.fireChannelRead(new DefaultZmtpMessage(frame));
            return;
        }
        frames.add(frame);
        if (!frame.isMore()) {
            ZmtpMessage message = new DefaultZmtpMessage(frames);
            frames.clear();
            ctx.fireChannelRead(message);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releasePartialMessage();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releasePartialMessage();
    }

    private void releasePartialMessage() {
        for (ZmtpFrame frame : frames) {
            ReferenceCountUtil.safeRelease(frame);
        }
        frames.clear();
    }
}
