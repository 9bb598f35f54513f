/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.zmtp.codec.internal.Greetings;
import io.zmtp.codec.internal.SocketTypeCheck;
import io.zmtp.codec.mechanism.ZmtpMechanism;
import io.zmtp.codec.mechanism.ZmtpMechanismContext;
import io.zmtp.codec.mechanism.ZmtpMechanismHandshake;

import java.net.SocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs the ZMTP 3.x handshake of one connection (23/ZMTP, 37/ZMTP): writes our 64-octet greeting announcing
 * ZMTP 3.1 when the channel becomes active, reads and checks the peer's, lets the security mechanism exchange its
 * commands, checks that the peer's socket type fits ours, then replaces itself with a {@link ZmtpFrameDecoder}
 * and fires a {@link ZmtpHandshakeCompletionEvent}. Bytes that arrive behind the handshake are handed to the frame
 * decoder, not lost.
 *
 * <h2>Greeting</h2>
 * The peer's greeting is checked octet by octet as it arrives: a first octet other than {@code FF} or a tenth octet
 * with its lowest bit clear fails at once (bad signature, {@code PROTOCOL}); a major version below 3 fails as soon
 * as octet 10 arrives ({@code VERSION}: ZMTP 1.0 and 2.0 peers are not supported). Any major version of 3 or above
 * is accepted; a 3.0 peer is spoken to with 3.0 rules. Octets 1 to 8 and the as-server octet are never interpreted.
 * The mechanism name must match ours exactly ({@code MECHANISM}, with an ERROR to the peer).
 *
 * <h2>Errors</h2>
 * Every failure closes the connection and fires a failed {@link ZmtpHandshakeCompletionEvent} whose cause is a
 * {@link ZmtpHandshakeException} with a {@link ZmtpHandshakeFailureReason}. Once the peer's greeting has been read,
 * failures other than a timeout send an ERROR command with the reason first, as 23/ZMTP allows. A handshake that
 * does not complete within {@link ZmtpCodecOptions#handshakeTimeout()} fails with {@code TIMEOUT}; a connection
 * that closes first fails with {@code CLOSED}.
 *
 * <h2>Parameters that bound memory</h2>
 * A handshake command may not exceed {@link ZmtpCodecOptions#maxMetadataSize()} plus
 * {@value #HANDSHAKE_COMMAND_OVERHEAD} octets, checked when its header arrives; the mechanism checks the metadata
 * size exactly.
 *
 * <h2>Pipeline</h2>
 * Place it after the {@link ZmtpFrameEncoder} (nearer the tail), which encodes the commands it writes and lets the
 * greeting through. Writes of the application before the handshake completes are held by the
 * {@link ZmtpCommandHandler}. {@link ZmtpChannelInitializer} installs everything in the right order.
 *
 * <p>Not sharable: one instance per connection.
 */
public final class ZmtpHandshakeHandler extends ByteToMessageDecoder {

    /** The room a handshake command may take above the metadata limit: command names, CURVE boxes and keys. */
    public static final int HANDSHAKE_COMMAND_OVERHEAD = 1024;
    /** The name under which the frame decoder replaces this handler. */
    public static final String FRAME_DECODER_NAME = "zmtp-frame-decoder";
    /** The name under which a mechanism's frame codec is added. */
    public static final String FRAME_CODEC_NAME = "zmtp-frame-codec";

    private static final System.Logger logger = System.getLogger(ZmtpHandshakeHandler.class.getName());

    private enum State { GREETING, MECHANISM, COMPLETE, FAILED }

    private final ZmtpSocketType socketType;
    private final boolean server;
    private final ZmtpCodecOptions options;
    private final ZmtpMechanism mechanism;
    private final int maxCommandSize;

    private ChannelHandlerContext ctx;
    private State state = State.GREETING;
    private boolean greetingSent;
    private boolean peerGreetingRead;
    private ScheduledFuture<?> timeout;
    private ZmtpProtocolVersion version;
    private final boolean singleFrameBodies;
    private ZmtpMetadata localMetadata;
    private ZmtpMechanismHandshake handshake;

    /**
     * Creates a handshake handler.
     *
     * @param socketType our socket type, announced in READY and checked against the peer's
     * @param server whether this is the accepting (binding) side of the connection
     * @param options mechanism, limits, timeout and metadata
     */
    public ZmtpHandshakeHandler(ZmtpSocketType socketType, boolean server, ZmtpCodecOptions options) {
        this(socketType, server, options, false);
    }

    /** As above; with {@code singleFrameBodies}, the frame decoder it installs batches single-frame bodies. */
    ZmtpHandshakeHandler(ZmtpSocketType socketType, boolean server, ZmtpCodecOptions options,
            boolean singleFrameBodies) {
        this.singleFrameBodies = singleFrameBodies;
        this.socketType = Objects.requireNonNull(socketType, "socketType");
        this.server = server;
        this.options = Objects.requireNonNull(options, "options");
        this.mechanism = options.mechanism();
        this.maxCommandSize = (int) Math.min(Integer.MAX_VALUE,
                (long) options.maxMetadataSize() + HANDSHAKE_COMMAND_OVERHEAD);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.localMetadata = options.handshakeMetadata(socketType);
        if (ctx.channel().isActive()) {
            start();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start();
        super.channelActive(ctx);
    }

    private void start() {
        if (greetingSent) {
            return;
        }
        greetingSent = true;
        ByteBuf greeting = ctx.alloc().buffer(Greetings.LENGTH);
        Greetings.write(greeting, mechanism.name(), mechanism.asServer());
        ctx.writeAndFlush(greeting);
        long timeoutNanos = options.handshakeTimeout().toNanos();
        if (timeoutNanos > 0 && state == State.GREETING) {
            timeout = ctx.executor().schedule(() -> fail(new ZmtpHandshakeException(ZmtpHandshakeFailureReason.TIMEOUT,
                    "handshake did not complete within " + options.handshakeTimeout()), null),
                    timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        try {
            if (state == State.GREETING && !readGreeting(in)) {
                return;
            }
            while (state == State.MECHANISM && in.isReadable()) {
                long size = ZmtpFrameDecoder.peekBodySize(in, maxCommandSize);
                if (size < 0 || in.readableBytes() < ZmtpFrameDecoder.headerLength(in.getUnsignedByte(
                        in.readerIndex())) + size) {
                    return;
                }
                ZmtpFrame frame = ZmtpFrameDecoder.readFrame(in, size);
                try {
                    commandFrameReceived(frame);
                } finally {
                    frame.release();
                }
            }
        } catch (ZmtpHandshakeException e) {
            fail(e, peerGreetingRead ? e.getMessage() : null);
        } catch (DecoderException e) {
            fail(new ZmtpHandshakeException(ZmtpHandshakeFailureReason.PROTOCOL, e.getMessage(), e),
                    peerGreetingRead ? e.getMessage() : null);
        } catch (Exception e) {
            fail(new ZmtpHandshakeException(ZmtpHandshakeFailureReason.PROTOCOL,
                    "the " + mechanism.name() + " handshake failed: " + e, e), "handshake error");
        }
        if (state == State.FAILED) {
            in.skipBytes(in.readableBytes());
        }
    }

    private boolean readGreeting(ByteBuf in) throws Exception {
        int readable = in.readableBytes();
        int base = in.readerIndex();
        if (readable > Greetings.SIGNATURE_START && in.getUnsignedByte(base) != 0xFF) {
            throw new ZmtpHandshakeException(ZmtpHandshakeFailureReason.PROTOCOL, String.format(
                    "bad greeting signature: first octet 0x%02x (expected 0xff; ZMTP 1.0 peers are not supported)",
                    in.getUnsignedByte(base)));
        }
        if (readable > Greetings.SIGNATURE_END && (in.getUnsignedByte(base + Greetings.SIGNATURE_END) & 1) == 0) {
            throw new ZmtpHandshakeException(ZmtpHandshakeFailureReason.PROTOCOL, String.format(
                    "bad greeting signature: octet 9 is 0x%02x (expected 0x7f; ZMTP 1.0 peers are not supported)",
                    in.getUnsignedByte(base + Greetings.SIGNATURE_END)));
        }
        if (readable > Greetings.MAJOR && in.getUnsignedByte(base + Greetings.MAJOR) < 3) {
            throw new ZmtpHandshakeException(ZmtpHandshakeFailureReason.VERSION,
                    "ZMTP 1.0/2.0 peers are not supported (peer announced revision "
                            + in.getUnsignedByte(base + Greetings.MAJOR) + ")");
        }
        if (readable < Greetings.LENGTH) {
            return false;
        }
        int major = in.getUnsignedByte(base + Greetings.MAJOR);
        int minor = in.getUnsignedByte(base + Greetings.MINOR);
        boolean sameMechanism = Greetings.mechanismEquals(in, base + Greetings.MECHANISM, mechanism.name());
        String peerMechanism = Greetings.mechanismForDisplay(in, base + Greetings.MECHANISM);
        in.skipBytes(Greetings.LENGTH);
        peerGreetingRead = true;
        if (!sameMechanism) {
            throw new ZmtpHandshakeException(ZmtpHandshakeFailureReason.MECHANISM, "mechanism mismatch: peer uses '"
                    + peerMechanism + "', we use '" + mechanism.name() + "'");
        }
        version = ZmtpProtocolVersion.negotiate(major, minor);
        state = State.MECHANISM;
        handshake = mechanism.newHandshake(new Context());
        handshake.start();
        return true;
    }

    private void commandFrameReceived(ZmtpFrame frame) throws Exception {
        if (!frame.isCommand()) {
            throw new ZmtpHandshakeException(ZmtpHandshakeFailureReason.PROTOCOL,
                    "message frame received before the handshake completed");
        }
        ZmtpCommand command;
        if (handshake.rawCommands()) {
            ByteBuf body = frame.content();
            String name = ZmtpCommands.readName(body);
            command = new ZmtpRawCommand(name, body.readRetainedSlice(body.readableBytes()));
        } else {
            command = ZmtpCommands.decode(frame.content());
        }
        try {
            handshake.commandReceived(command);
        } finally {
            ReferenceCountUtil.release(command);
        }
    }

    private void complete(ZmtpMetadata peerMetadata, ChannelHandler frameCodec) {
        if (state != State.MECHANISM) {
            return;
        }
        SocketTypeCheck.Mismatch mismatch = SocketTypeCheck.check(socketType, peerMetadata);
        if (mismatch != null) {
            fail(new ZmtpHandshakeException(ZmtpHandshakeFailureReason.SOCKET_TYPE, mismatch.message()),
                    mismatch.errorReason());
            return;
        }
        ZmtpSocketType peerType = ZmtpSocketType.fromWireName(peerMetadata.getString(ZmtpMetadata.SOCKET_TYPE));
        state = State.COMPLETE;
        cancelTimeout();
        closeHandshake();
        ChannelPipeline pipeline = ctx.pipeline();
        if (frameCodec != null) {
            pipeline.addAfter(ctx.name(), FRAME_CODEC_NAME, frameCodec);
        }
        if (logger.isLoggable(System.Logger.Level.DEBUG)) {
            logger.log(System.Logger.Level.DEBUG, ctx.channel() + " ZMTP " + version + " handshake complete: "
                    + peerType + " peer, " + mechanism.name());
        }
        ctx.fireUserEventTriggered(ZmtpHandshakeCompletionEvent.success(peerType, peerMetadata, version,
                mechanism.name()));
        if (!ctx.isRemoved()) {
            pipeline.replace(this, FRAME_DECODER_NAME, frameCodec == null ? new ZmtpFrameDecoder(options, singleFrameBodies)
                    : ZmtpFrameDecoder.forFrameCodec(options));
        }
    }

    private void fail(ZmtpHandshakeException cause, String errorReason) {
        if (state == State.COMPLETE || state == State.FAILED) {
            return;
        }
        state = State.FAILED;
        cancelTimeout();
        closeHandshake();
        if (logger.isLoggable(System.Logger.Level.DEBUG)) {
            logger.log(System.Logger.Level.DEBUG, ctx.channel() + " ZMTP handshake failed (" + cause.reason()
                    + "): " + cause.getMessage());
        }
        ctx.fireUserEventTriggered(ZmtpHandshakeCompletionEvent.failure(cause));
        if (errorReason != null && peerGreetingRead && ctx.channel().isActive()) {
            ctx.writeAndFlush(new ZmtpErrorCommand(errorReason)).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        super.decodeLast(ctx, in, out);
        if (state == State.GREETING || state == State.MECHANISM) {
            fail(new ZmtpHandshakeException(ZmtpHandshakeFailureReason.CLOSED,
                    "connection closed before the handshake completed"), null);
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        cancelTimeout();
        closeHandshake();
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }

    private void closeHandshake() {
        ZmtpMechanismHandshake h = handshake;
        handshake = null;
        if (h != null) {
            try {
                h.close();
            } catch (RuntimeException e) {
                logger.log(System.Logger.Level.WARNING, ctx.channel() + " failed to close the " + mechanism.name()
                        + " handshake", e);
            }
        }
    }

    /** The view of this handler that the mechanism gets. Calls from other threads hop onto the event loop. */
    private final class Context implements ZmtpMechanismContext {

        @Override
        public ZmtpSocketType localSocketType() {
            return socketType;
        }

        @Override
        public ZmtpMetadata localMetadata() {
            return localMetadata;
        }

        @Override
        public ZmtpCodecOptions options() {
            return options;
        }

        @Override
        public boolean isServer() {
            return server;
        }

        @Override
        public ZmtpProtocolVersion version() {
            return version;
        }

        @Override
        public SocketAddress remoteAddress() {
            return ctx.channel().remoteAddress();
        }

        @Override
        public ByteBufAllocator alloc() {
            return ctx.alloc();
        }

        @Override
        public EventExecutor executor() {
            return ctx.executor();
        }

        @Override
        public void send(ZmtpCommand command) {
            Objects.requireNonNull(command, "command");
            if (!ctx.executor().inEventLoop()) {
                ctx.executor().execute(() -> send(command));
                return;
            }
            if (state != State.MECHANISM) {
                ReferenceCountUtil.release(command);
                return;
            }
            ctx.writeAndFlush(command);
        }

        @Override
        public void complete(ZmtpMetadata peerMetadata, ChannelHandler frameCodec) {
            Objects.requireNonNull(peerMetadata, "peerMetadata");
            if (!ctx.executor().inEventLoop()) {
                ctx.executor().execute(() -> complete(peerMetadata, frameCodec));
                return;
            }
            ZmtpHandshakeHandler.this.complete(peerMetadata, frameCodec);
        }

        @Override
        public void fail(ZmtpHandshakeFailureReason reason, String message, String errorReason) {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
            if (!ctx.executor().inEventLoop()) {
                ctx.executor().execute(() -> fail(reason, message, errorReason));
                return;
            }
            ZmtpHandshakeHandler.this.fail(new ZmtpHandshakeException(reason, message), errorReason);
        }
    }
}
