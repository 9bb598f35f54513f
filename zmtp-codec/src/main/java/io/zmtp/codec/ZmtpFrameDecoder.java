/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.zmtp.codec.internal.HeadroomRecvByteBufAllocator;

import java.util.List;
import java.util.Objects;

/**
 * Decodes ZMTP 3.x frames (23/ZMTP "Framing") from bytes into {@link ZmtpFrame}s; installed by
 * {@link ZmtpHandshakeHandler} once the handshake is done.
 *
 * <h2>Parameters that bound memory</h2>
 * The frame size, the running size of the current message and its frame count are checked against
 * {@link ZmtpCodecOptions#maxFrameSize()}, {@link ZmtpCodecOptions#maxMessageSize()} and
 * {@link ZmtpCodecOptions#maxFramesPerMessage()} as soon as a frame header is complete, before any body byte is
 * buffered. The 8-octet size is unsigned: a size with the top bit set is rejected like any size above the limit.
 * Command frames count towards the frame size limit only.
 *
 * <h2>Errors</h2>
 * Reserved flag bits, a command frame with MORE, and a size above a limit close the connection at once and raise
 * a {@link ZmtpProtocolException} or {@link TooLongFrameException} through {@code exceptionCaught}; bytes that
 * follow are discarded. A ZMTP stream cannot be resynchronised.
 *
 * <h2>Single-frame messages in batches</h2>
 * Built with {@code singleFrameBodies} (through {@link ZmtpCodecBuilder#singleFrameBodies}), the decoder passes the
 * bodies of single-frame data messages on in a {@link ZmtpBodyBatch}, one per run of them in a read, instead of a
 * {@link ZmtpFrame} and a {@link ZmtpMessage} each: for a socket that wants such messages only as their bodies.
 * Commands and the frames of multi-frame messages still pass on as frames, in order with the batches around them.
 *
 * <h2>Reference counting</h2>
 * Each frame holds a retained slice of the inbound buffer (no copy); the consumer of a frame releases it. A body of
 * {@value #LARGE_FRAME} octets or more that spans several reads is gathered in a composite buffer, so its octets
 * are not copied again after the socket read, even while an earlier frame's slice still holds the buffer. A
 * shorter frame split by the end of a read is moved to the front of the next read buffer, into room the channel's
 * read buffers keep there once the codec is {@linkplain ZmtpChannelInitializer#install installed} (at most
 * {@value HeadroomRecvByteBufAllocator#MAX_HEADROOM} octets), so that only the split frame is copied; without room,
 * the next read is merged behind it, a copy, as {@link ByteToMessageDecoder} does.
 *
 * <p>Not sharable: one instance per connection.
 */
public final class ZmtpFrameDecoder extends ByteToMessageDecoder {

    private final int maxFrameSize;
    private final long maxMessageSize;
    private final int maxFramesPerMessage;

    private long messageSize;
    private int messageFrames;
    private boolean headerChecked;
    private boolean failed;
    private boolean accumulatingLargeFrame;

    /**
     * The batch single-frame bodies are gathered in, reused at every decode (the one before was passed on and taken
     * by then); null if single-frame messages pass on as frames.
     */
    private final ZmtpBodyBatch batch;
    /** The channel's read buffers, if they can keep room for a split frame at the front; else null. */
    private HeadroomRecvByteBufAllocator readBuffers;

    /**
     * The most bodies in one {@link ZmtpBodyBatch}: a read of many small messages passes on in runs of this many, so
     * that the receiving socket works on the first while the decoder reads the next.
     */
    static final int MAX_BATCH = 64;

    /** The room a mechanism's frame codec may add to each frame: CURVE's MESSAGE adds 33 octets. */
    static final int FRAME_CODEC_OVERHEAD = 64;

    /**
     * Bodies of at least this many octets that arrive over several reads are gathered without copying: the reads are
     * appended as components of a composite buffer until the frame is complete, then merging resumes.
     */
    static final int LARGE_FRAME = 32 * 1024;

    /** Creates a decoder with the limits of {@code options}, which passes every frame on as a {@link ZmtpFrame}. */
    public ZmtpFrameDecoder(ZmtpCodecOptions options) {
        this(options, false);
    }

    /**
     * Creates a decoder with the limits of {@code options}; with {@code singleFrameBodies}, the bodies of
     * single-frame data messages pass on in {@link ZmtpBodyBatch}es instead of one frame each.
     */
    public ZmtpFrameDecoder(ZmtpCodecOptions options, boolean singleFrameBodies) {
        this(options.maxFrameSize(), options.maxMessageSize(), options.maxFramesPerMessage(), singleFrameBodies);
    }

    private ZmtpFrameDecoder(int maxFrameSize, long maxMessageSize, int maxFramesPerMessage,
            boolean singleFrameBodies) {
        this.maxFrameSize = maxFrameSize;
        this.maxMessageSize = maxMessageSize;
        this.maxFramesPerMessage = maxFramesPerMessage;
        this.batch = singleFrameBodies ? new ZmtpBodyBatch() : null;
        setCumulator(HEADROOM_CUMULATOR);
    }

    /**
     * Merges as {@link #MERGE_CUMULATOR} does, except that a split frame that fits in the room in front of the next
     * read's first octet ({@link HeadroomRecvByteBufAllocator}) is moved there: then only the split frame is copied,
     * not the whole read behind it. (The merging cumulator copies the read whenever the slices of earlier bodies
     * share the cumulation, which is nearly always.)
     */
    private static final Cumulator HEADROOM_CUMULATOR = (alloc, cumulation, in) -> {
        int split = cumulation.readableBytes();
        int into = in.readerIndex() - split;
        if (split == 0 || into < 0 || cumulation == in || in.refCnt() != 1 || in.isReadOnly()) {
            return MERGE_CUMULATOR.cumulate(alloc, cumulation, in);
        }
        try {
            in.setBytes(into, cumulation, cumulation.readerIndex(), split);
        } catch (RuntimeException e) {
            in.release();
            throw e;
        }
        in.readerIndex(into);
        cumulation.release();
        return in;
    };

    /**
     * Returns a decoder for the outer frames of a mechanism's frame codec (CURVE): each outer frame wraps one inner
     * frame, so the frame limit grows by {@value #FRAME_CODEC_OVERHEAD} octets and the message limits are left to
     * the frame codec, which applies {@code options} to the inner frames.
     */
    static ZmtpFrameDecoder forFrameCodec(ZmtpCodecOptions options) {
        Objects.requireNonNull(options, "options");
        return new ZmtpFrameDecoder((int) Math.min(Integer.MAX_VALUE,
                (long) options.maxFrameSize() + FRAME_CODEC_OVERHEAD), Long.MAX_VALUE, Integer.MAX_VALUE, false);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        ZmtpBodyBatch current = null; // the batch this decode adds bodies to, once one is in out
        if (batch != null && !out.contains(batch)) {
            batch.releaseAll(); // passed on before: what its receiver left in it
        }
        try {
            while (in.isReadable()) {
                long size = peekBodySize(in, maxFrameSize);
                if (size < 0) {
                    return;
                }
                int flags = in.getUnsignedByte(in.readerIndex());
                boolean data = (flags & ZmtpFrame.FLAG_COMMAND) == 0;
                if (data && !headerChecked) {
                    checkMessageLimits(size);
                    headerChecked = true;
                }
                int headerLength = headerLength(flags);
                if (in.readableBytes() < headerLength + size) {
                    if (size >= LARGE_FRAME && !accumulatingLargeFrame) {
                        // Append the reads that complete this body instead of copying them into one buffer.
                        setCumulator(COMPOSITE_CUMULATOR);
                        accumulatingLargeFrame = true;
                    }
                    return;
                }
                boolean last = data && (flags & ZmtpFrame.FLAG_MORE) == 0;
                boolean body = batch != null && last && messageFrames == 1;
                if (accumulatingLargeFrame) {
                    setCumulator(HEADROOM_CUMULATOR);
                    accumulatingLargeFrame = false;
                }
                headerChecked = false;
                if (last) {
                    messageSize = 0;
                    messageFrames = 0;
                }
                if (body) {
                    if (current == null) {
                        // a frame passed on since the last batch goes first: later bodies go into a new batch
                        current = out.contains(batch) ? new ZmtpBodyBatch() : batch;
                        out.add(current);
                    }
                    in.skipBytes(headerLength);
                    current.add(in.readRetainedSlice((int) size));
                    if (current.size() >= MAX_BATCH) {
                        return; // passed on now, so that the socket gets to the first bodies while the rest decode
                    }
                } else {
                    out.add(readFrame(in, size));
                    current = null;
                }
            }
        } catch (DecoderException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            ctx.close();
            throw e;
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (batch != null) {
            batch.releaseAll();
        }
    }

    /** Finds the channel's read buffers, if {@link ZmtpChannelInitializer#install} let them keep room. */
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        super.handlerAdded(ctx);
        readBuffers = HeadroomRecvByteBufAllocator.of(ctx.channel());
    }

    /**
     * Decodes as {@link ByteToMessageDecoder} does, then asks for room for a split frame at the front of the next read
     * buffer, where the next read moves it ({@link #HEADROOM_CUMULATOR}); none while a large frame is gathered.
     */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        try {
            super.channelRead(ctx, msg);
        } finally {
            HeadroomRecvByteBufAllocator buffers = readBuffers;
            if (buffers != null) {
                buffers.reserveHeadroom(accumulatingLargeFrame ? 0 : internalBuffer().readableBytes());
            }
        }
    }

    private void checkMessageLimits(long frameSize) {
        if (++messageFrames > maxFramesPerMessage) {
            throw new TooLongFrameException("message has more than maxFramesPerMessage " + maxFramesPerMessage
                    + " frames");
        }
        messageSize += frameSize;
        if (messageSize > maxMessageSize) {
            throw new TooLongFrameException("message of at least " + messageSize
                    + " octets exceeds maxMessageSize " + maxMessageSize);
        }
    }

    /**
     * Inspects the frame header at the reader index of {@code in} and returns the body size, or -1 if the header is
     * not complete yet. Nothing is consumed.
     *
     * @throws ZmtpProtocolException on reserved flag bits or a command frame with MORE
     * @throws TooLongFrameException if the size is above {@code maxBodySize}
     */
    static long peekBodySize(ByteBuf in, int maxBodySize) {
        int readable = in.readableBytes();
        int index = in.readerIndex();
        int flags = in.getUnsignedByte(index);
        if ((flags & ZmtpFrame.RESERVED_FLAGS) != 0) {
            throw new ZmtpProtocolException(String.format("frame flags 0x%02x have reserved bits set", flags));
        }
        if ((flags & ZmtpFrame.FLAG_COMMAND) != 0 && (flags & ZmtpFrame.FLAG_MORE) != 0) {
            throw new ZmtpProtocolException("command frame with the MORE flag");
        }
        if (readable < headerLength(flags)) {
            return -1;
        }
        long size;
        if ((flags & ZmtpFrame.FLAG_LONG) != 0) {
            size = in.getLong(index + 1);
            if (size < 0) {
                throw new TooLongFrameException("frame size " + Long.toUnsignedString(size)
                        + " has the top bit set (expected: <= " + maxBodySize + ")");
            }
        } else {
            size = in.getUnsignedByte(index + 1);
        }
        if (size > maxBodySize) {
            throw new TooLongFrameException("frame of " + size + " octets exceeds the limit of " + maxBodySize);
        }
        return size;
    }

    /** Returns the header length a frame with {@code flags} has: 9 with LONG, 2 without. */
    static int headerLength(int flags) {
        return (flags & ZmtpFrame.FLAG_LONG) != 0 ? 9 : 2;
    }

    /** Consumes the complete frame at the reader index of {@code in}, whose body size is {@code size}. */
    static ZmtpFrame readFrame(ByteBuf in, long size) {
        int flags = in.getUnsignedByte(in.readerIndex());
        in.skipBytes(headerLength(flags));
        return new DefaultZmtpFrame(in.readRetainedSlice((int) size), (flags & ZmtpFrame.FLAG_MORE) != 0,
                (flags & ZmtpFrame.FLAG_COMMAND) != 0);
    }
}
