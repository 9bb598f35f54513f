/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.socket.internal;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.BooleanSupplier;

/**
 * One pipe's messages in a {@link FairQueue}. Its state is guarded by the queue's lock, except the hold, which the pipe's
 * event loop clears through {@link #releaseHold}.
 */
public final class Inbox<T> {
    private static final AtomicIntegerFieldUpdater<Inbox> HOLD =
            AtomicIntegerFieldUpdater.newUpdater(Inbox.class, "hold");

    final FairQueue.Reading reading;
    final ArrayDeque<T> messages = new ArrayDeque<>();
    long bytes;
    boolean inRing;
    volatile boolean readPaused;
    boolean pausedForMemory;
    private BooleanSupplier sendFull = () -> false;
    /** 1 while the queue holds this inbox out of its ring; cleared exactly once per hold. */
    volatile int hold;

    Inbox(FairQueue.Reading reading) {
        this.reading = Objects.requireNonNull(reading, "reading");
    }

    /**
     * Tells the queue when the pipe's send queue is full, so that it holds this inbox meanwhile; call before the
     * first delivery. Without it the inbox is never held.
     */
    public Inbox<T> holdWhile(BooleanSupplier sendFull) {
        this.sendFull = Objects.requireNonNull(sendFull, "sendFull");
        return this;
    }

    /** Returns whether the queue has paused the pipe's reading. Any thread. */
    public boolean isReadPaused() {
        return readPaused;
    }

    /**
     * Clears the hold, if the queue holds this inbox; returns whether this call cleared it, in which case the
     * caller calls {@link FairQueue#sendRoomFreed}. The pipe calls it, after lowering what its send queue holds,
     * once the queue has drained.
     */
    public boolean releaseHold() {
        return HOLD.compareAndSet(this, 1, 0);
    }

    /** Returns whether the queue holds this inbox out of its ring. */
    public boolean isHeld() {
        return hold != 0;
    }

    boolean sendFull() {
        return sendFull.getAsBoolean();
    }
}
