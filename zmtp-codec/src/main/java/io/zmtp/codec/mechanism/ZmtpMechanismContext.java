/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.mechanism;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.util.concurrent.EventExecutor;
import io.zmtp.codec.ZmtpCodecOptions;
import io.zmtp.codec.ZmtpCommand;
import io.zmtp.codec.ZmtpHandshakeFailureReason;
import io.zmtp.codec.ZmtpMetadata;
import io.zmtp.codec.ZmtpProtocolVersion;
import io.zmtp.codec.ZmtpSocketType;

import java.net.SocketAddress;

/**
 * What the handshake handler offers a {@link ZmtpMechanismHandshake}: facts about the connection, a way to send
 * commands, and the two ways to end the handshake. Call its methods on the connection's event loop
 * ({@link #executor()}); a mechanism that waits for something asynchronous (an authenticator) hops back there.
 */
public interface ZmtpMechanismContext {

    /** Returns our socket type. */
    ZmtpSocketType localSocketType();

    /** Returns the metadata we send in READY or INITIATE: {@code Socket-Type}, {@code Identity}, application ones. */
    ZmtpMetadata localMetadata();

    /** Returns the codec options, including {@link ZmtpCodecOptions#maxMetadataSize()}. */
    ZmtpCodecOptions options();

    /** Returns whether this is the accepting (binding) side of the connection. */
    boolean isServer();

    /** Returns the ZMTP version negotiated in the greeting. */
    ZmtpProtocolVersion version();

    /** Returns the peer's address, or {@code null} if unknown. */
    SocketAddress remoteAddress();

    /** Returns the allocator of the connection. */
    ByteBufAllocator alloc();

    /** Returns the connection's event loop. */
    EventExecutor executor();

    /** Sends {@code command} as a command frame and flushes; reference-counted commands are released once written. */
    void send(ZmtpCommand command);

    /**
     * Ends the handshake successfully. The handler then checks the peer's {@code Socket-Type} in
     * {@code peerMetadata}, and fails the handshake if it is missing or incompatible.
     *
     * @param peerMetadata what the peer sent in READY (or INITIATE), plus anything the mechanism adds, such as a
     *        user id from an authenticator; a mechanism drops any {@value ZmtpAuthResult#USER_ID} the peer sent
     *        itself, since that name stands for the authenticated identity
     * @param frameCodec a handler that transforms every frame from now on (CURVE boxes them), or {@code null}; it is
     *        placed between the frame decoder and the command handler and sees {@link io.zmtp.codec.ZmtpFrame}s
     *        inbound and messages and commands outbound
     */
    void complete(ZmtpMetadata peerMetadata, ChannelHandler frameCodec);

    /**
     * Ends the handshake with a failure and closes the connection.
     *
     * @param reason why it failed
     * @param message a description for logs and events (never a secret)
     * @param errorReason the reason to send to the peer in an ERROR command before closing, or {@code null} to close
     *        without ERROR
     */
    void fail(ZmtpHandshakeFailureReason reason, String message, String errorReason);
}
