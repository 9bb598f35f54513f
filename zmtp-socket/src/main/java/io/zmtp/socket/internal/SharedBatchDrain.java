/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.socket.internal;

import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * The consuming side of a send queue that holds {@link SharedFrameBatch}es among other entries (messages queued
 * whole): takes entries in order, seals each batch it reaches, and hands a batch on only once it is complete. One
 * per queue, used by its one consumer (the channel's event loop). Senders append to the open batch after queueing
 * it, so a batch is often reached while they still frame into it; then:
 * <ul>
 *   <li>If a sender is still copying into it, the batch is kept as <em>stalled</em> and {@link #poll} returns null
 *       without blocking; the sender must schedule another drain after its commit, which finds it complete.</li>
 *   <li>If the last batch written held more than one message less than {@value #FILL_WINDOW_MILLIS} ms ago (senders
 *       outpace the drains) and this one is under half full, the drain yields the processor once before sealing it.
 *       A sender on the same core (one that woke this event loop with its first message, say) goes on filling the
 *       batch, instead of every wake-up writing a few messages in a system call of their own. With the senders on
 *       other cores the yield returns at once; one message at a time, as in request and reply, never yields.</li>
 * </ul>
 */
public final class SharedBatchDrain {

    /** How recent a write of several framed messages must be for the drain to yield before sealing a batch. */
    static final long FILL_WINDOW_MILLIS = 1;
    private static final long FILL_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(FILL_WINDOW_MILLIS);

    private SharedFrameBatch stalled;
    private int lastFrames;
    private long lastWriteNanos;

    /**
     * Returns the next entry of {@code queue}, a complete batch among them; null if nothing is queued, or if the next
     * is a batch a sender still copies into (then see the class comment). {@code open} is the batch senders frame
     * into now, if any, for the pacing above. {@code await} waits for such a sender instead of returning null (a copy
     * of at most {@link io.zmtp.codec.ZmtpFrameEncoder#COPY_THRESHOLD} octets), for when nothing may wait: a peer
     * that is gone, a socket that is closing.
     */
    public Object poll(Queue<Object> queue, SharedFrameBatch open, boolean await) {
        SharedFrameBatch batch = stalled;
        if (batch == null) {
            Object next = queue.poll();
            if (!(next instanceof SharedFrameBatch)) {
                return next;
            }
            batch = (SharedFrameBatch) next;
            if (batch == open && lastFrames > 1 && batch.claimedOctets() < SharedFrameBatch.CAPACITY / 2
                    && System.nanoTime() - lastWriteNanos < FILL_WINDOW_NANOS) {
                Thread.yield();
            }
            batch.seal();
        }
        while (!batch.isComplete()) {
            if (!await) {
                stalled = batch;
                return null;
            }
            Thread.yield();
        }
        stalled = null;
        return batch;
    }

    /** Returns whether {@link #poll} would return something now. */
    public boolean hasPending(Queue<Object> queue) {
        SharedFrameBatch batch = stalled;
        return batch != null ? batch.isComplete() : !queue.isEmpty();
    }

    /** Notes that a batch of {@code frames} messages is being written, for the pacing above. */
    public void written(int frames) {
        lastFrames = frames;
        lastWriteNanos = System.nanoTime();
    }
}
