/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.socket.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPipeline;
import io.zmtp.codec.ZmtpFrameDecoder;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The bodies of single-frame messages a socket handler receives in one read loop, on their way to the socket's
 * receive queue: handed over in batches, under one acquisition of the queue's lock each, every
 * {@value #DELIVER_BATCH} bodies (or at the receive high-water mark, if that is smaller) and at the end of the read
 * loop; parked receivers are made to learn of everything a read loop delivered. With
 * {@link #takeFromDecoder(ChannelPipeline)}, the frame decoder hands bodies here directly
 * ({@link ZmtpFrameDecoder#deliverSingleFramesTo}).
 *
 * <p>Reference counting: takes ownership of every body it is given; {@link #close} releases those not handed over,
 * and any given after it. Not thread-safe: one instance per connection, on its event loop.
 */
public final class ReceivedBodies implements Consumer<ByteBuf> {

    /**
     * The most bodies held back within one read loop: a connection that reaches its receive high-water mark mid-read
     * stops being read within this many messages (handing over only at the mark let its queue overshoot by a whole
     * mark, and some streams then stalled for 50-90 ms at a time).
     */
    public static final int DELIVER_BATCH = 64;

    /** Where the bodies go: the socket's receive queue. */
    public interface Queue {
        /** Takes ownership of {@code bodies} (not of the list); {@code endOfRead}: the read loop is over. */
        void deliver(List<ByteBuf> bodies, boolean endOfRead);

        /** Wakes parked receivers for what was delivered since they were last woken. */
        void wakeReceivers();
    }

    private final Queue queue;
    private final int batch;
    private final List<ByteBuf> received = new ArrayList<>();
    /** Whether bodies were handed over in this read loop before it ended (receivers may still be parked). */
    private boolean handedOverMidRead;
    /** Whether the frame decoder is to hand bodies here once it is in the pipeline. */
    private boolean fromDecoderPending;
    private boolean closed;

    /** Hands bodies to {@code queue}, whose receive high-water mark is {@code receiveHighWaterMark} messages. */
    public ReceivedBodies(Queue queue, int receiveHighWaterMark) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.batch = Math.min(DELIVER_BATCH, receiveHighWaterMark);
    }

    /** A body received, through the pipeline or from the frame decoder. */
    @Override
    public void accept(ByteBuf body) {
        if (closed) {
            body.release();
            return;
        }
        received.add(body);
        if (received.size() >= batch) {
            queue.deliver(received, false);
            received.clear();
            handedOverMidRead = true;
        }
    }

    /**
     * Asks the frame decoder of {@code pipeline} to hand the bodies of single-frame messages here from now on: for a
     * socket handler that is the last in a pipeline whose frames pass unchanged. The decoder is added when the
     * handshake completes, after its completion event: until it is there, {@link #endOfRead} and
     * {@link #decoderMayBeThere} look for it again.
     */
    public void takeFromDecoder(ChannelPipeline pipeline) {
        fromDecoderPending = true;
        decoderMayBeThere(pipeline);
    }

    /** Attaches to the frame decoder if {@link #takeFromDecoder} is pending and the decoder is now in the pipeline. */
    public void decoderMayBeThere(ChannelPipeline pipeline) {
        if (fromDecoderPending && !closed) {
            ZmtpFrameDecoder decoder = pipeline.get(ZmtpFrameDecoder.class);
            if (decoder != null) {
                fromDecoderPending = false;
                decoder.deliverSingleFramesTo(this);
            }
        }
    }

    /** The read loop ended: hands over what is left and makes sure parked receivers learn of all of it. */
    public void endOfRead(ChannelPipeline pipeline) {
        if (!received.isEmpty()) {
            queue.deliver(received, true);
            received.clear();
        } else if (handedOverMidRead) {
            queue.wakeReceivers();
        }
        handedOverMidRead = false;
        decoderMayBeThere(pipeline);
    }

    /** The handler is leaving: detaches from the decoder and releases what was not handed over. */
    public void close(ChannelPipeline pipeline) {
        closed = true;
        ZmtpFrameDecoder decoder = pipeline.get(ZmtpFrameDecoder.class);
        if (decoder != null) {
            decoder.deliverSingleFramesTo(null);
        }
        for (ByteBuf body : received) {
            body.release();
        }
        received.clear();
    }
}
