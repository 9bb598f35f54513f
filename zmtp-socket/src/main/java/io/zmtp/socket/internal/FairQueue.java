/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.socket.internal;

import io.zmtp.socket.SocketClosedException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * A socket's receive queue: the messages its pipes read, each pipe's in an {@link Inbox} of its own, taken fairly —
 * one message from the first inbox of the ring of inboxes that hold any, which then moves to the back (libzmq's fair
 * queue).
 *
 * <h2>Back-pressure</h2>
 * A pipe whose inbox reaches its receive high-water mark, in messages or in octets, stops being read until a
 * receiver has taken it down to half of both; past {@link Marks#maxQueuedBytes} in the whole queue, each pipe that
 * delivers stops being read until the queue is back to half of it. Nothing is dropped.
 *
 * <h2>Holding a pipe that does not read</h2>
 * An inbox whose pipe's send queue is full ({@link Inbox#sendFull}) is held out of the ring when it comes up: its
 * messages wait until its send queue has drained ({@link #sendRoomFreed}). A receiver that answers each message it
 * takes therefore never blocks on a peer that does not read its replies.
 *
 * <h2>Threads</h2>
 * {@link #deliver} runs on a pipe's event loop; {@link #take} on any application thread; everything is guarded by
 * one lock. Receivers park on it, and are woken as {@link ReceiverWakeups} says; a receive that finds nothing may
 * spin first ({@link ReceiveSpin}). {@link #takeAsync} parks nobody: its future is completed, outside the lock, by
 * the thread whose delivery brought the message, in the order the futures were asked for, ahead of parked
 * receivers. A message whose future was cancelled meanwhile goes back to the front of the queue.
 *
 * <h2>Reference counting</h2>
 * Delivered messages belong to the queue until taken; {@link #close} releases what nobody took.
 *
 * @param <T> the message type
 */
public final class FairQueue<T> {

    /** The marks that pause a pipe's reading: per inbox in messages and octets, and in octets for the queue. */
    public record Marks(int highWaterMark, long highWaterBytes, long maxQueuedBytes) {
        /** No mark at all. */
        public static final Marks NONE = new Marks(Integer.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    /** How the queue stops and restarts a pipe's reading; called under the queue's lock. */
    public interface Reading {
        /** Stops reading the pipe. */
        void pause();

        /** Reads the pipe again. */
        void resume();
    }

    private final Marks marks;
    private final ReceiveSpin spin;
    private final ToLongFunction<T> sizeOf;
    private final Consumer<T> release;
    private final String closedMessage;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private final ReceiverWakeups wakeups = new ReceiverWakeups(lock, available);
    private final ArrayDeque<Inbox<T>> ring = new ArrayDeque<>();
    /** Futures of {@link #takeAsync} waiting for a message, oldest first. */
    private final ArrayDeque<CompletableFuture<T>> waiters = new ArrayDeque<>();
    /** Messages whose future was cancelled before it got them: taken before any inbox. */
    private final ArrayDeque<T> returned = new ArrayDeque<>();
    private final List<Inbox<T>> held = new ArrayList<>();
    private final List<Inbox<T>> pausedForMemory = new ArrayList<>();
    /** Batches delivered so far, written under the lock, read without it by a spinning receiver. */
    private volatile long deliveries;
    private volatile boolean closed;
    private int depth;
    private long bytes;

    /**
     * A queue with {@code marks}, whose receivers spin as {@code spin} says, which measures a message's octets with
     * {@code sizeOf}, releases messages with {@code release}, and says {@code closedMessage} once closed.
     */
    public FairQueue(Marks marks, ReceiveSpin spin, ToLongFunction<T> sizeOf, Consumer<T> release,
            String closedMessage) {
        this.marks = Objects.requireNonNull(marks, "marks");
        this.spin = Objects.requireNonNull(spin, "spin");
        this.sizeOf = Objects.requireNonNull(sizeOf, "sizeOf");
        this.release = Objects.requireNonNull(release, "release");
        this.closedMessage = Objects.requireNonNull(closedMessage, "closedMessage");
    }

    /** Returns a new inbox for a pipe that {@code reading} pauses and resumes. */
    public Inbox<T> newInbox(Reading reading) {
        return new Inbox<>(reading);
    }

    /**
     * Adds {@code messages}, read from {@code inbox}'s pipe, holding {@code size} octets in all; wakes parked
     * receivers when {@code endOfRead}, when the pipe's reading pauses, or as {@link ReceiverWakeups} says. Takes
     * ownership of the messages; once the queue is closed it releases them. Any thread.
     */
    public void deliver(Inbox<T> inbox, List<T> messages, long size, boolean endOfRead) {
        int n = messages.size();
        List<Object> handOff;
        lock.lock();
        try {
            if (closed) {
                for (int i = 0; i < n; i++) {
                    release.accept(messages.get(i));
                }
                return;
            }
            for (int i = 0; i < n; i++) {
                inbox.messages.add(messages.get(i));
            }
            depth += n;
            bytes += size;
            inbox.bytes += size;
            deliveries++;
            if (!inbox.inRing && !inbox.isHeld()) {
                inbox.inRing = true;
                ring.add(inbox);
            }
            if (inbox.messages.size() >= marks.highWaterMark() || inbox.bytes >= marks.highWaterBytes()) {
                pause(inbox);
            }
            if (bytes >= marks.maxQueuedBytes() && !inbox.pausedForMemory) {
                inbox.pausedForMemory = true;
                pausedForMemory.add(inbox);
                pause(inbox);
            }
            handOff = serveWaiters();
            wakeups.delivered(n, endOfRead || inbox.readPaused);
        } finally {
            lock.unlock();
        }
        complete(handOff);
    }

    /**
     * Returns a future of the next message: completed at once if one is waiting, else when one arrives (on the
     * delivering thread), or failed with {@link SocketClosedException} when the queue closes first. Cancelling the
     * future gives up the wait; a message that reached it after all goes back to the front of the queue.
     */
    public CompletableFuture<T> takeAsync() {
        CompletableFuture<T> future = new CompletableFuture<>();
        List<Object> handOff;
        lock.lock();
        try {
            if (closed) {
                future.completeExceptionally(new SocketClosedException(closedMessage));
                return future;
            }
            waiters.add(future);
            handOff = serveWaiters();
        } finally {
            lock.unlock();
        }
        complete(handOff);
        return future;
    }

    /**
     * Pairs waiting futures with messages, oldest first, while both last; returns them as future, message, future,
     * message… for {@link #complete} to hand over outside the lock (a future's callbacks must not run under it).
     * Under the lock.
     */
    private List<Object> serveWaiters() {
        List<Object> handOff = null;
        for (;;) {
            while (!waiters.isEmpty() && waiters.peek().isDone()) {
                waiters.poll(); // cancelled while it waited
            }
            if (waiters.isEmpty()) {
                break;
            }
            T message = next();
            if (message == null) {
                break;
            }
            if (handOff == null) {
                handOff = new ArrayList<>(2);
            }
            handOff.add(waiters.poll());
            handOff.add(message);
        }
        return handOff;
    }

    @SuppressWarnings("unchecked")
    private void complete(List<Object> handOff) {
        if (handOff == null) {
            return;
        }
        for (int i = 0; i < handOff.size(); i += 2) {
            CompletableFuture<T> future = (CompletableFuture<T>) handOff.get(i);
            T message = (T) handOff.get(i + 1);
            if (!future.complete(message)) {
                giveBack(message);
            }
        }
    }

    /** Puts a message whose future was cancelled back in front of every other. */
    private void giveBack(T message) {
        List<Object> handOff;
        lock.lock();
        try {
            if (closed) {
                release.accept(message);
                return;
            }
            returned.addFirst(message);
            depth++;
            bytes += sizeOf.applyAsLong(message);
            handOff = announce();
        } finally {
            lock.unlock();
        }
        complete(handOff);
    }

    /**
     * A message is back in the queue: serves waiting futures first, then wakes a parked receiver; returns what
     * {@link #complete} hands over once the lock is released. Under the lock.
     */
    private List<Object> announce() {
        deliveries++;
        List<Object> handOff = serveWaiters();
        wakeups.delivered(1, true);
        return handOff;
    }

    /** Takes the next message without waiting: a returned one, else one from the ring; null if none. Under the lock. */
    private T next() {
        T message = returned.poll();
        if (message != null) {
            depth--;
            bytes -= sizeOf.applyAsLong(message);
            return message;
        }
        while (!ring.isEmpty()) {
            Inbox<T> inbox = ring.peek();
            if (!holdIfSendFull(inbox)) {
                return poll(inbox);
            }
        }
        return null;
    }

    /** Wakes parked receivers for the messages delivered since they were last woken. Any thread. */
    public void wakeReceivers() {
        wakeups.wakeNow();
    }

    /**
     * Returns the next message, waiting up to {@code timeoutNanos} (negative: as long as it takes; zero: not at
     * all); null if none came in time.
     *
     * @throws SocketClosedException once the queue is closed and holds nothing
     */
    public T take(long timeoutNanos) throws InterruptedException {
        long spinNanos = -1; // asked for when the receive first finds nothing: a busy receiver never does
        lock.lockInterruptibly();
        try {
            long left = timeoutNanos;
            for (;;) {
                T message = next();
                if (message != null) {
                    return message;
                }
                if (closed) {
                    throw new SocketClosedException(closedMessage);
                }
                if (timeoutNanos >= 0 && left <= 0) {
                    return null;
                }
                if (spinNanos < 0) {
                    spinNanos = spin.spinNanos();
                }
                if (spinNanos > 0) {
                    long seen = deliveries;
                    left -= ReceiveSpin.awaitUnlocked(lock, () -> deliveries != seen || closed,
                            timeoutNanos >= 0 ? Math.min(spinNanos, left) : spinNanos);
                    spinNanos = 0; // once per call: then park as usual
                    continue;
                }
                left = wakeups.await(timeoutNanos < 0 ? -1 : left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Takes the next message of {@code inbox}, the head of the ring, and reads on if it may; under the lock. */
    private T poll(Inbox<T> inbox) {
        T message = inbox.messages.poll();
        long size = sizeOf.applyAsLong(message);
        depth--;
        bytes -= size;
        inbox.bytes -= size;
        if (inbox.messages.isEmpty()) {
            ring.poll();
            inbox.inRing = false;
        } else if (ring.size() > 1) {
            ring.add(ring.poll()); // the next receive takes from the next pipe: fair queueing
        }
        if (!inbox.pausedForMemory) {
            resumeIfDrained(inbox);
        }
        if (!pausedForMemory.isEmpty() && bytes <= marks.maxQueuedBytes() / 2) {
            for (Inbox<T> paused : pausedForMemory) {
                paused.pausedForMemory = false;
                resumeIfDrained(paused);
            }
            pausedForMemory.clear();
        }
        spin.received();
        return message;
    }

    private void pause(Inbox<T> inbox) {
        if (!inbox.readPaused) {
            inbox.readPaused = true;
            inbox.reading.pause();
        }
    }

    /** Reads {@code inbox}'s pipe again if reading was paused and its messages have drained to half its marks. */
    private void resumeIfDrained(Inbox<T> inbox) {
        if (inbox.readPaused && inbox.messages.size() <= marks.highWaterMark() / 2
                && inbox.bytes <= marks.highWaterBytes() / 2) {
            inbox.readPaused = false;
            inbox.reading.resume();
        }
    }

    /**
     * Holds {@code inbox}, the head of the ring, out of it while its pipe's send queue is full; returns whether it
     * did. The pipe's event loop clears the hold without the lock ({@link Inbox#releaseHold}), so the hold is set
     * before the send queue is looked at again, as a blocked sender counts itself before it looks.
     */
    private boolean holdIfSendFull(Inbox<T> inbox) {
        if (!inbox.sendFull()) {
            return false;
        }
        ring.poll();
        inbox.inRing = false;
        inbox.hold = 1;
        if (!inbox.sendFull() && inbox.releaseHold()) {
            ring.addFirst(inbox); // room came in the meantime
            inbox.inRing = true;
            return false;
        }
        held.add(inbox); // until sendRoomFreed, which runs now unless this call cleared the hold
        return true;
    }

    /**
     * The send queue of {@code inbox}'s pipe, which the queue held, has drained: its messages may be taken again.
     * Called once per hold, by the thread whose {@link Inbox#releaseHold} cleared it.
     */
    public void sendRoomFreed(Inbox<T> inbox) {
        List<Object> handOff = null;
        lock.lock();
        try {
            held.remove(inbox);
            if (closed) {
                releaseAll(inbox);
                return;
            }
            if (!inbox.inRing && !inbox.messages.isEmpty()) {
                inbox.inRing = true;
                ring.add(inbox);
                handOff = announce();
            }
        } finally {
            lock.unlock();
        }
        complete(handOff);
    }

    /** Closes the queue: parked receivers wake, and what nobody took is released. Idempotent. */
    public void close() {
        List<CompletableFuture<T>> failed;
        lock.lock();
        try {
            closed = true;
            failed = new ArrayList<>(waiters);
            waiters.clear();
            for (T message; (message = returned.poll()) != null; ) {
                release.accept(message);
            }
            for (Inbox<T> inbox; (inbox = ring.poll()) != null; ) {
                releaseAll(inbox);
                inbox.inRing = false;
            }
            for (Inbox<T> inbox : held) {
                releaseAll(inbox);
            }
            held.clear();
            pausedForMemory.clear();
            depth = 0;
            bytes = 0;
            available.signalAll();
        } finally {
            lock.unlock();
        }
        for (CompletableFuture<T> future : failed) {
            future.completeExceptionally(new SocketClosedException(closedMessage));
        }
    }

    private void releaseAll(Inbox<T> inbox) {
        for (T message; (message = inbox.messages.poll()) != null; ) {
            release.accept(message);
        }
        inbox.bytes = 0;
    }

    /** Returns the number of messages waiting. */
    public int depth() {
        return read(() -> depth);
    }

    /** Returns the octets of the messages waiting. */
    public long bytes() {
        return read(() -> bytes);
    }

    /** Returns the number of inboxes held because their pipe's send queue is full. */
    public int heldInboxes() {
        return read(held::size);
    }

    /** Reads state for a gauge, under the lock. */
    private <R> R read(Supplier<R> state) {
        lock.lock();
        try {
            return state.get();
        } finally {
            lock.unlock();
        }
    }
}
