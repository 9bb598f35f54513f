/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.socket.internal;

import io.netty.util.internal.PlatformDependent;

import java.util.Queue;

/**
 * The queues that carry messages from application threads to one event loop: many producers, one consumer.
 *
 * <p>An array-backed queue of linked chunks: a send is one claimed slot, not a node allocated and linked per
 * message as in {@link java.util.concurrent.ConcurrentLinkedQueue}, and the consumer polls without atomic
 * read-modify-writes. Chunks are small so that an idle connection holds little. The queues do not support
 * {@code remove(Object)} or iteration.
 */
public final class SendQueues {

    /** Slots per chunk: an idle queue holds one chunk of this many references. */
    static final int CHUNK_SIZE = 128;

    /** The most a queue holds; senders are bounded by their high-water marks long before this. */
    static final int MAX_CAPACITY = 1 << 30;

    private SendQueues() {
    }

    /** Returns a new multi-producer, single-consumer queue. */
    public static <T> Queue<T> newQueue() {
        return PlatformDependent.newMpscQueue(CHUNK_SIZE, MAX_CAPACITY);
    }

    /**
     * Returns the low-water mark that goes with a send high-water mark of {@code hwm} messages: a sender blocked at
     * the high-water mark is woken once the queue has drained to it, not at the first message written, so that it
     * queues a run of messages per wake-up instead of one (libzmq's pipes do the same): half the high-water mark, or
     * 1024 messages below it for marks above 2048.
     */
    public static int lowWaterMark(int hwm) {
        return hwm > 2048 ? hwm - 1024 : hwm / 2;
    }

    /**
     * Returns whether a queue that lost {@code n} messages, leaving {@code after}, just drained to {@code lowWater}:
     * the moment to wake senders blocked at the high-water mark.
     */
    public static boolean drainedTo(int lowWater, int after, int n) {
        return after <= lowWater && after + n > lowWater;
    }

    /**
     * Adds {@code element} to {@code queue}.
     *
     * @throws IllegalStateException if the queue holds {@value #MAX_CAPACITY} elements already
     */
    public static <T> void offer(Queue<T> queue, T element) {
        if (!queue.offer(element)) {
            throw new IllegalStateException("send queue full (" + MAX_CAPACITY + " messages)");
        }
    }
}
