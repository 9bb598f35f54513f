/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.socket.internal;

import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The bodies of single-frame messages a socket handler receives in one read loop, on their way to the socket's
 * receive queue: handed over in batches, under one acquisition of the queue's lock each, every
 * {@value #DELIVER_BATCH} bodies (or at the receive high-water mark, if that is smaller) and at the end of the read
 * loop; parked receivers are made to learn of everything a read loop delivered. Bodies come one by one (from
 * messages) or in the {@link io.zmtp.codec.ZmtpBodyBatch}es of a codec built with
 * {@link io.zmtp.codec.ZmtpCodecBuilder#singleFrameBodies}.
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
    private boolean closed;

    /** Hands bodies to {@code queue}, whose receive high-water mark is {@code receiveHighWaterMark} messages. */
    public ReceivedBodies(Queue queue, int receiveHighWaterMark) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.batch = Math.min(DELIVER_BATCH, receiveHighWaterMark);
    }

    /** A body received; this takes ownership of it. */
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

    /** The read loop ended: hands over what is left and makes sure parked receivers learn of all of it. */
    public void endOfRead() {
        if (!received.isEmpty()) {
            queue.deliver(received, true);
            received.clear();
        } else if (handedOverMidRead) {
            queue.wakeReceivers();
        }
        handedOverMidRead = false;
    }

    /** The handler is leaving: releases what was not handed over, and every body given after. */
    public void close() {
        closed = true;
        for (ByteBuf body : received) {
            body.release();
        }
        received.clear();
    }
}
