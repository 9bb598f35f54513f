/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.fuzz;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ReferenceCountUtil;
import io.zmtp.codec.ZmtpCodecBuilder;
import io.zmtp.codec.ZmtpCodecOptions;
import io.zmtp.codec.ZmtpFrame;
import io.zmtp.codec.ZmtpHandshakeCompletionEvent;
import io.zmtp.codec.ZmtpHeartbeatTimeoutException;
import io.zmtp.codec.ZmtpMessage;
import io.zmtp.codec.ZmtpProtocolException;
import io.zmtp.codec.ZmtpSocketType;
import io.zmtp.codec.ZmtpTopicCommand;
import io.zmtp.codec.mechanism.ZmtpMechanism;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One end of a ZMTP connection for a fuzz target: the real codec, installed by {@link ZmtpCodecBuilder} in an
 * {@link EmbeddedChannel} with frozen time and a {@link TrackingAllocator}, fed a peer's bytes in the reads that a
 * {@link FuzzProfile} chooses. It checks what the codec promises, and {@link #finish()} fails with an
 * {@link AssertionError} naming what it broke:
 *
 * <ul>
 *   <li>only documented exceptions reach the end of the pipeline ({@link ZmtpProtocolException} and its
 *       subclasses, {@link TooLongFrameException}, {@link ZmtpHeartbeatTimeoutException}, or a plain
 *       {@link DecoderException} wrapping one of them), and a failed handshake names no other cause;</li>
 *   <li>at most one handshake completion event;</li>
 *   <li>no message delivered beyond the frame, message or frame-count limits;</li>
 *   <li>no buffer larger, and no more memory held, than the limits and the read at hand explain;</li>
 *   <li>only encoded buffers written towards the peer;</li>
 *   <li>once the channel is finished, every buffer the codec allocated has been released.</li>
 * </ul>
 *
 * Netty's leak detector (paranoid in every test JVM) watches the buffers allocated elsewhere.
 */
final class FuzzedConnection {


    private final FuzzProfile profile;
    private final ZmtpCodecOptions options;
    private final TrackingAllocator allocator = new TrackingAllocator();
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final List<ZmtpHandshakeCompletionEvent> handshakes = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final List<List<byte[]>> messages = new ArrayList<>();
    private int largestRead;

    FuzzedConnection(FuzzProfile profile, ZmtpSocketType socketType, boolean server, ZmtpMechanism mechanism) {
        this.profile = profile;
        this.options = profile.options(mechanism);
        channel.config().setAllocator(allocator);
        channel.freezeTime();
        (server ? ZmtpCodecBuilder.forServer(socketType) : ZmtpCodecBuilder.forClient(socketType))
                .options(options).build().install(channel.pipeline());
        channel.pipeline().addLast(new Sink());
        check();
    }

    /** Feeds {@code wire} as the peer sends it, cut into reads; bytes that arrive after a close are dropped. */
    FuzzedConnection receive(byte[] wire) {
        for (int offset = 0; offset < wire.length && channel.isOpen(); ) {
            int length = Math.min(profile.readSize, wire.length - offset);
            ByteBuf read = allocator.heapBuffer(profile.headroom + length);
            read.writerIndex(profile.headroom).readerIndex(profile.headroom);
            read.writeBytes(wire, offset, length);
            offset += length;
            largestRead = Math.max(largestRead, length);
            channel.writeInbound(read);
            if (!profile.heartbeatInterval.isZero() && handshake() != null) {
                advance(FuzzProfile.TICK);
            }
            check();
        }
        return this;
    }

    /** Returns whether the connection is still open. */
    boolean isOpen() {
        return channel.isOpen();
    }

    /** Returns the handshake's outcome, or {@code null} while it is under way. */
    ZmtpHandshakeCompletionEvent handshake() {
        return handshakes.isEmpty() ? null : handshakes.get(0);
    }

    /**
     * Checks the handshake's outcome so far: a failure has closed the connection; a success is with a peer whose
     * socket type fits {@code ours}.
     */
    void checkHandshake(ZmtpSocketType ours) {
        ZmtpHandshakeCompletionEvent event = handshake();
        if (event != null && !event.isSuccess() && channel.isOpen()) {
            violations.add("the handshake failed (" + event.cause() + ") but the connection is open");
        }
        if (event != null && event.isSuccess() && !ours.isCompatibleWith(event.peerSocketType())) {
            violations.add("a " + ours + " completed the handshake with a " + event.peerSocketType());
        }
        failOnViolations();
    }

    /** Returns the messages delivered so far, each as the contents of its frames. */
    List<List<byte[]>> messages() {
        return messages;
    }

    /**
     * Lets every timer run out (handshake timeout, heartbeats), closes the channel, releases what is left in it
     * and checks every promise of the codec.
     */
    void finish() {
        advance(options.handshakeTimeout().plusSeconds(1));
        check();
        channel.finishAndReleaseAll();
        drainOutbound();
        if (channel.isOpen()) {
            violations.add("the channel is still open after finish");
        }
        if (handshakes.size() > 1) {
            violations.add(handshakes.size() + " handshake completion events: " + handshakes);
        }
        List<String> unreleased = allocator.unreleased();
        if (!unreleased.isEmpty()) {
            violations.add("leak: " + unreleased.size() + " buffer(s) still referenced after finish: " + unreleased);
        }
        failOnViolations();
    }

    private void advance(Duration duration) {
        long step = FuzzProfile.TICK.toNanos();
        for (long left = duration.toNanos(); left > 0 && channel.isOpen(); left -= step) {
            channel.advanceTimeBy(Math.min(step, left), TimeUnit.NANOSECONDS);
            channel.runScheduledPendingTasks();
        }
        channel.runPendingTasks();
    }

    private void check() {
        drainOutbound();
        long largest = Math.max(allocator.largestRequest(), allocator.largestLiveCapacity());
        if (largest > profile.largestBufferBound(largestRead)) {
            violations.add("a buffer of " + largest + " octets, above the " + profile.largestBufferBound(largestRead)
                    + " that the limits and reads of up to " + largestRead + " octets explain");
        }
        long live = allocator.liveCapacity();
        if (live > profile.liveMemoryBound(largestRead)) {
            violations.add(live + " octets held between reads, above the bound of "
                    + profile.liveMemoryBound(largestRead));
        }
        failOnViolations();
    }

    private void drainOutbound() {
        for (Object written; (written = channel.readOutbound()) != null; ) {
            if (!(written instanceof ByteBuf)) {
                violations.add("written towards the peer without encoding: " + written);
            }
            ReferenceCountUtil.release(written);
        }
    }

    private void failOnViolations() {
        if (!violations.isEmpty()) {
            List<String> found = new ArrayList<>(violations);
            violations.clear();
            channel.finishAndReleaseAll();
            throw new AssertionError(String.join("\n", found) + "\n(" + profile + ")");
        }
    }

    /** Returns whether {@code t} is an exception the codec documents for a misbehaving peer. */
    static boolean documented(Throwable t) {
        boolean ours = t instanceof ZmtpProtocolException || t instanceof TooLongFrameException
                || t instanceof ZmtpHeartbeatTimeoutException || t.getClass() == DecoderException.class;
        return ours && (t.getCause() == null || t.getCause() == t || documented(t.getCause()));
    }

    private void checkMessage(ZmtpMessage message) {
        int maxFrameSize = options.maxFrameSize();
        if (message.frameCount() > options.maxFramesPerMessage()) {
            violations.add("a message of " + message.frameCount() + " frames, above maxFramesPerMessage "
                    + options.maxFramesPerMessage());
        }
        long size = 0;
        for (ZmtpFrame frame : message) {
            int frameSize = frame.content().readableBytes();
            if (frameSize > maxFrameSize) {
                violations.add("a frame of " + frameSize + " octets, above maxFrameSize " + options.maxFrameSize());
            }
            size += frameSize;
        }
        if (size > options.maxMessageSize()) {
            violations.add("a message of " + size + " octets, above maxMessageSize " + options.maxMessageSize());
        }
    }

    /** The application's place at the end of the pipeline: checks and releases all that arrives. */
    private final class Sink extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof ZmtpMessage) {
                    ZmtpMessage message = (ZmtpMessage) msg;
                    checkMessage(message);
                    List<byte[]> frames = new ArrayList<>(message.frameCount());
                    for (ZmtpFrame frame : message) {
                        frames.add(ByteBufUtil.getBytes(frame.content()));
                    }
                    messages.add(frames);
                } else if (!(msg instanceof ZmtpTopicCommand)) {
                    violations.add("delivered to the application: " + msg);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ZmtpHandshakeCompletionEvent) {
                ZmtpHandshakeCompletionEvent event = (ZmtpHandshakeCompletionEvent) evt;
                handshakes.add(event);
                if (!event.isSuccess() && !documented(event.cause())) {
                    violations.add("handshake failed with an undocumented cause: " + stackTrace(event.cause()));
                }
                if (event.isSuccess() && event.peerMetadata().encodedLength() > options.maxMetadataSize() + 64) {
                    violations.add("peer metadata of " + event.peerMetadata().encodedLength()
                            + " octets, above maxMetadataSize " + options.maxMetadataSize());
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!documented(cause)) {
                violations.add("undocumented exception: " + stackTrace(cause));
            }
        }
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
