/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.zmtp.codec.internal.HeadroomRecvByteBufAllocator;

import java.util.Objects;

/**
 * Installs the ZMTP codec in a pipeline, in this order from the head:
 * <ol>
 *   <li>{@value #ENCODER_NAME}: {@link ZmtpFrameEncoder}</li>
 *   <li>{@value #HANDSHAKE_NAME}: {@link ZmtpHandshakeHandler}, which becomes a {@link ZmtpFrameDecoder} named
 *       {@value ZmtpHandshakeHandler#FRAME_DECODER_NAME} once the handshake is done</li>
 *   <li>{@value #COMMAND_HANDLER_NAME}: {@link ZmtpCommandHandler}</li>
 *   <li>{@value #AGGREGATOR_NAME}: {@link ZmtpMessageAggregator}</li>
 * </ol>
 * Handlers added after these receive a {@link ZmtpHandshakeCompletionEvent}, then {@link ZmtpMessage}s (and
 * {@link ZmtpSubscribeCommand}/{@link ZmtpCancelCommand}); they write {@link ZmtpMessage}s. Create one with
 * {@link ZmtpCodecBuilder}; use it as a bootstrap's handler, or call {@link #install(ChannelPipeline)} from your own
 * initializer.
 */
@Sharable
public final class ZmtpChannelInitializer extends ChannelInitializer<Channel> {

    /** Name of the frame encoder. */
    public static final String ENCODER_NAME = "zmtp-frame-encoder";
    /** Name of the handshake handler. */
    public static final String HANDSHAKE_NAME = "zmtp-handshake";
    /** Name of the command handler. */
    public static final String COMMAND_HANDLER_NAME = "zmtp-commands";
    /** Name of the message aggregator. */
    public static final String AGGREGATOR_NAME = "zmtp-aggregator";

    private final ZmtpSocketType socketType;
    private final boolean server;
    private final ZmtpCodecOptions options;
    private final boolean singleFrameBodies;

    ZmtpChannelInitializer(ZmtpSocketType socketType, boolean server, ZmtpCodecOptions options,
            boolean singleFrameBodies) {
        this.socketType = Objects.requireNonNull(socketType, "socketType");
        this.server = server;
        this.options = Objects.requireNonNull(options, "options");
        this.singleFrameBodies = singleFrameBodies;
    }

    /** Returns our socket type. */
    public ZmtpSocketType socketType() {
        return socketType;
    }

    /** Returns whether the codec is for accepted connections. */
    public boolean isServer() {
        return server;
    }

    /** Returns the codec options. */
    public ZmtpCodecOptions options() {
        return options;
    }

    /**
     * Adds the codec handlers at the end of {@code pipeline}, and lets the channel's read buffers keep room at their
     * front for a frame split by the end of the read before ({@link ZmtpFrameDecoder} moves it there instead of
     * copying the next read behind it): the channel's allocator of read buffers still sizes them. Call before the
     * channel's first read, from a {@link ChannelInitializer}.
     */
    public void install(ChannelPipeline pipeline) {
        HeadroomRecvByteBufAllocator.install(pipeline.channel());
        pipeline.addLast(ENCODER_NAME, new ZmtpFrameEncoder());
        pipeline.addLast(HANDSHAKE_NAME, new ZmtpHandshakeHandler(socketType, server, options, singleFrameBodies));
        pipeline.addLast(COMMAND_HANDLER_NAME, new ZmtpCommandHandler(options));
        pipeline.addLast(AGGREGATOR_NAME, new ZmtpMessageAggregator());
    }

    /**
     * Returns whether frames already encoded into a {@link io.netty.buffer.ByteBuf} and written to this handshaken
     * channel reach the wire unchanged: true for NULL and PLAIN; false for CURVE, whose frame codec boxes every frame
     * and refuses raw buffers. Socket handlers use it to frame batches of messages themselves (with
     * {@link ZmtpFrameEncoder}'s limits) instead of writing one {@link ZmtpMessage} each. Meaningful from the
     * {@link ZmtpHandshakeCompletionEvent} on.
     */
    public static boolean framesPassUnchanged(ChannelPipeline pipeline) {
        return pipeline.get(ZmtpHandshakeHandler.FRAME_CODEC_NAME) == null;
    }

    @Override
    protected void initChannel(Channel ch) {
        install(ch.pipeline());
    }
}
