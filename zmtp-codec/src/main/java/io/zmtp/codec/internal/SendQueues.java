/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.internal;

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
