/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import java.util.Objects;

/**
 * Builds the {@link ZmtpChannelInitializer} that puts a ZMTP codec into a Netty pipeline: {@link #forClient} for
 * connections we open, {@link #forServer} for connections we accept.
 *
 * <pre>{@code
 * ZmtpChannelInitializer zmtp = ZmtpCodecBuilder.forServer(ZmtpSocketType.SERVER)
 *         .options(ZmtpCodecOptions.builder().maxFrameSize(1 << 20).build())
 *         .build();
 * serverBootstrap.childHandler(new ChannelInitializer<Channel>() {
 *     protected void initChannel(Channel ch) {
 *         zmtp.install(ch.pipeline());
 *         ch.pipeline().addLast(new MyMessageHandler()); // receives ZmtpMessage, writes ZmtpMessage
 *     }
 * });
 * }</pre>
 */
public final class ZmtpCodecBuilder {

    private final ZmtpSocketType socketType;
    private final boolean server;
    private ZmtpCodecOptions options = ZmtpCodecOptions.defaults();
    private boolean singleFrameBodies;

    private ZmtpCodecBuilder(ZmtpSocketType socketType, boolean server) {
        this.socketType = Objects.requireNonNull(socketType, "socketType");
        this.server = server;
    }

    /** Starts a codec for connections we open (the connecting side) as a socket of {@code socketType}. */
    public static ZmtpCodecBuilder forClient(ZmtpSocketType socketType) {
        return new ZmtpCodecBuilder(socketType, false);
    }

    /** Starts a codec for connections we accept (the binding side) as a socket of {@code socketType}. */
    public static ZmtpCodecBuilder forServer(ZmtpSocketType socketType) {
        return new ZmtpCodecBuilder(socketType, true);
    }

    /** Sets the codec options; the default is {@link ZmtpCodecOptions#defaults()}. */
    public ZmtpCodecBuilder options(ZmtpCodecOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        return this;
    }

    /**
     * Sets whether the bodies of single-frame data messages pass on in {@link ZmtpBodyBatch}es, a batch per run of
     * them in a read, instead of as one {@link ZmtpMessage} each (default false): for a socket handler that wants
     * such messages only as their bodies, and saves two objects and a pass through the pipeline per message. Applies
     * where frames pass unchanged (NULL and PLAIN); over CURVE every message passes as a {@link ZmtpMessage}.
     */
    public ZmtpCodecBuilder singleFrameBodies(boolean singleFrameBodies) {
        this.singleFrameBodies = singleFrameBodies;
        return this;
    }

    /** Returns an immutable, sharable initializer for the codec configured so far. */
    public ZmtpChannelInitializer build() {
        return new ZmtpChannelInitializer(socketType, server, options, singleFrameBodies);
    }
}
