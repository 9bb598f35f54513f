/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelPromise;
import io.netty.channel.VoidChannelPromise;
import io.netty.util.IllegalReferenceCountException;
import io.zmtp.codec.ZmtpFrameEncoder;
import io.zmtp.codec.ZmtpMessage;
import io.zmtp.codec.ZmtpMetadata;
import io.zmtp.server.internal.ServerMetrics;
import io.zmtp.socket.HostUnreachableException;
import io.zmtp.socket.ZmtpSocketOptions;
import io.zmtp.socket.internal.FairQueue;
import io.zmtp.socket.internal.FrameBatch;
import io.zmtp.socket.internal.FramedOutput;
import io.zmtp.socket.internal.Inbox;
import io.zmtp.socket.internal.SendQueues;
import io.zmtp.socket.internal.SharedBatchDrain;
import io.zmtp.socket.internal.SharedFrameBatch;

import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.function.BiPredicate;

/**
 * One handshaken peer of a {@link ZmtpServer}: its routing id, its channel, the count of messages queued to it
 * (the send high-water mark applies to it), the outbox that carries sends from application threads to the event
 * loop in batches, and its share of the receive queue.
 *
 * <p>Send side: a sender takes a slot ({@link #queued} below the mark) and adds its payload to the
 * multi-producer, single-consumer {@link #outbox} under {@link #sendLock}; the first add after a drain schedules
 * one drain task on the event loop, which writes what is waiting while the channel is writable and flushes once; when the channel's outbound
 * buffer passes its high water mark the rest waits until {@link #channelWritable()}. Only the last write of each
 * {@link WriteGroup} (about one encoder batch) carries a promise, which reports the group's outcome. The group's
 * slots are given back when it completes, successfully or not; the messages of a failed group are counted as
 * undelivered.
 *
 * <p>Small messages (up to {@link ZmtpFrameEncoder#COPY_THRESHOLD} octets, sent without a future, on a channel whose
 * frames pass its pipeline unchanged) are framed by the sender, under the same monitor, into the open
 * {@link SharedFrameBatch}, which has its place in the outbox, and the sender releases its payload at once; the
 * event loop writes the batch as it is, as one group ({@link SharedBatchDrain} says when). A message queued whole
 * seals the open batch first, so the order of sends is kept.
 *
 * <p>Receive side: {@link #inbox}, this peer's share of the server's receive queue.
 */
final class Peer {

    private static final AtomicIntegerFieldUpdater<Peer> QUEUED =
            AtomicIntegerFieldUpdater.newUpdater(Peer.class, "queued");
    private static final AtomicLongFieldUpdater<Peer> BYTES_QUEUED =
            AtomicLongFieldUpdater.newUpdater(Peer.class, "bytesQueued");
    private static final AtomicLongFieldUpdater<Peer> BYTES_RELEASED =
            AtomicLongFieldUpdater.newUpdater(Peer.class, "bytesReleased");

    /** The outbox of a peer nothing was sent to yet: always empty, never added to. */
    private static final Queue<Object> NO_OUTBOX = new ArrayDeque<>(0);

    final int routingId;
    final Channel channel;
    final SocketAddress remoteAddress;
    final ZmtpMetadata metadata;

    private final ZmtpServer server;
    private final int sendHighWaterMark;
    private final int sendLowWaterMark;
    private final long sendHighWaterBytes;
    private final ServerMetrics metrics;
    private final Object sendLock = new Object();
    /**
     * Slots taken: raised by senders under {@link #sendLock}, lowered by the event loop without it, so that a
     * sender preempted while it holds the monitor never stalls the event loop on a core they share.
     */
    private volatile int queued;
    /**
     * Body octets ever queued, raised by senders under {@link #sendLock} with an ordered store (no atomic
     * read-modify-write on the send path), and ever given back, raised by whoever gives slots back; their difference
     * is what the messages counted in {@link #queued} hold.
     */
    private volatile long bytesQueued;
    private volatile long bytesReleased;
    /** Senders blocked in {@link #offer}; changed under {@link #sendLock}, read by the event loop without it. */
    private volatile int waiting;
    private volatile boolean closed;
    /** Set once the peer is disconnected to free the memory its send queue holds. */
    private final AtomicBoolean shed = new AtomicBoolean();
    private int undelivered;

    /** Payloads ({@link ByteBuf}) and {@link AsyncSend}s; polled on the event loop, or under {@link #consumerLock}. */
    /**
     * {@link #NO_OUTBOX} until the first send: the queue's first chunk and padding are about a kilobyte, which an
     * idle connection, or one that only receives, need not hold. Set once, under {@link #sendLock}.
     */
    private volatile Queue<Object> outbox = NO_OUTBOX;
    /** Held by whoever polls the outbox: the event loop, or a sender that found the event loop shut down. */
    private final Object consumerLock = new Object();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drain;
    /** Completes nothing and reports nothing: the outcome of a write is learnt from its {@link WriteGroup}. */
    private final ChannelPromise unnotifiedPromise;
    /**
     * Where {@link #writeFramed} writes, past the codec's handlers, if drains frame messages themselves; null if they
     * write each to the pipeline.
     */
    private final FramedOutput framedOutput;
    /**
     * The batch senders frame small messages into, already in the outbox; null if none is open. Written under
     * {@link #sendLock}; the event loop seals it without the lock, when it reaches it in the outbox.
     */
    private volatile SharedFrameBatch openBatch;
    /** Takes entries and complete batches from the outbox; used by whoever holds {@link #consumerLock}. */
    private final SharedBatchDrain batchDrain = new SharedBatchDrain();

    /** This peer's messages in the server's receive queue, held there while {@link #isSendFull()}. */
    final Inbox<ZmtpServerMessage> inbox;

    Peer(int routingId, Channel channel, ZmtpMetadata metadata, ZmtpServer server, boolean framesDirect) {
        this.routingId = routingId;
        this.metadata = metadata;
        this.channel = channel;
        this.remoteAddress = channel.remoteAddress();
        this.unnotifiedPromise = new VoidChannelPromise(channel, false);
        this.server = server;
        this.sendHighWaterMark = ZmtpSocketOptions.limit(server.options().sendHighWaterMark());
        this.sendLowWaterMark = SendQueues.lowWaterMark(sendHighWaterMark);
        this.sendHighWaterBytes = ZmtpSocketOptions.limit(server.options().sendHighWaterBytes());
        this.metrics = server.metrics();
        this.inbox = server.newInbox(channel).holdWhile(this::isSendFull);
        this.framedOutput = framesDirect ? new FramedOutput(channel) : null;
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Queues {@code payload} if the peer holds fewer than SNDHWM messages now; returns whether it did, and takes
     * ownership of {@code payload} only then. {@code payload} is a {@link ByteBuf}, or a {@code byte[]} of a size
     * that {@link #copiesWhenQueued} (copied during the call, never kept). {@code future} is completed when the
     * message is written, or {@code null} (always for an array).
     *
     * @throws HostUnreachableException if the peer has left
     */
    boolean tryOffer(Object payload, CompletableFuture<Void> future) {
        synchronized (sendLock) {
            if (closed) {
                throw new HostUnreachableException(routingId);
            }
            if (isSendFull()) {
                return false;
            }
            queue(payload, future);
        }
        scheduleDrain();
        server.checkSendQueueMemory(this);
        return true;
    }

    /**
     * As {@link #tryOffer}, waiting up to {@code timeoutNanos} (negative: forever) for a slot to free up.
     *
     * @throws HostUnreachableException if the peer leaves while waiting
     */
    boolean offer(Object payload, long timeoutNanos) throws InterruptedException {
        synchronized (sendLock) {
            long deadline = System.nanoTime() + timeoutNanos;
            waiting++;
            try {
                for (;;) {
                    if (closed) {
                        throw new HostUnreachableException(routingId);
                    }
                    if (!isSendFull()) {
                        queue(payload, null);
                        break;
                    }
                    if (timeoutNanos < 0) {
                        sendLock.wait();
                    } else {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            return false;
                        }
                        sendLock.wait(left / 1_000_000, (int) (left % 1_000_000));
                    }
                }
            } finally {
                waiting--;
            }
        }
        scheduleDrain();
        server.checkSendQueueMemory(this);
        return true;
    }

    /**
     * Takes a slot and adds the entry, under {@link #sendLock}: {@link #close()} sets {@link #closed} under the same
     * lock before it fails the outbox, so every entry added while the peer was open is failed with it, and no entry
     * is added after.
     */
    private void queue(Object message, CompletableFuture<Void> future) {
        if (message instanceof ByteBuf && ((ByteBuf) message).refCnt() == 0) {
            throw new IllegalReferenceCountException(0); // before a slot is taken, not when it is written
        }
        if (message instanceof byte[] && (future != null || !copiesWhenQueued(((byte[]) message).length))) {
            throw new IllegalArgumentException("an array is queued only where it is copied during the send");
        }
        long size = message instanceof byte[] ? ((byte[]) message).length : ((ByteBuf) message).readableBytes();
        QUEUED.incrementAndGet(this);
        BYTES_QUEUED.lazySet(this, bytesQueued + size); // senders hold the lock: no other writer
        try {
            add(message, future);
        } catch (Throwable t) {
            // nothing was added (a batch buffer could not be allocated): the slot and the payload go back
            QUEUED.decrementAndGet(this);
            BYTES_QUEUED.lazySet(this, bytesQueued - size);
            throw t;
        }
    }

    /** Adds a message that holds a slot to the outbox, framed into the open batch if it is small. */
    private void add(Object message, CompletableFuture<Void> future) {
        Queue<Object> q = outbox;
        if (q == NO_OUTBOX) {
            q = SendQueues.newQueue();
            outbox = q;
        }
        if (message instanceof byte[]) {
            frameShared(q, (byte[]) message, SharedFrameBatch::append);
            return;
        }
        ByteBuf payload = (ByteBuf) message;
        if (future == null && copiesWhenQueued(payload.readableBytes())) {
            frameShared(q, payload, SharedFrameBatch::append);
            payload.release();
            return;
        }
        SharedFrameBatch open = openBatch;
        if (open != null) {
            open.seal(); // what is framed after this message goes into a batch queued after it
            openBatch = null;
        }
        SendQueues.offer(q, future == null ? payload : new AsyncSend(payload, future));
    }

    /** Returns whether a message of {@code size} octets, sent without a future, is copied while it is queued. */
    boolean copiesWhenQueued(int size) {
        return framedOutput != null && SharedFrameBatch.takes(size);
    }

    /**
     * Frames {@code body} into the open batch with {@code append} ({@code SharedFrameBatch::append}, for a buffer or
     * an array), opening a batch if it is sealed or there is none; under the monitor.
     */
    private <T> void frameShared(Queue<Object> q, T body, BiPredicate<SharedFrameBatch, T> append) {
        for (;;) {
            SharedFrameBatch batch = openBatch;
            if (batch != null && append.test(batch, body)) {
                return;
            }
            batch = new SharedFrameBatch(channel.alloc());
            SendQueues.offer(q, batch);
            openBatch = batch;
        }
    }

    /** Returns the number of messages queued or being written. */
    int queued() {
        return queued;
    }

    /** Returns the body octets of the messages queued or being written. */
    long queuedBytes() {
        return bytesQueued - bytesReleased;
    }

    /**
     * Returns whether a send to this peer waits: it holds SNDHWM messages, or (with at least one message queued)
     * {@link ZmtpServerOptions#sendHighWaterBytes()} octets.
     */
    boolean isSendFull() {
        return queued >= sendHighWaterMark || queuedBytes() >= sendHighWaterBytes;
    }

    /** Returns whether the send queue has drained to its low-water marks, in messages and in octets. */
    private boolean isSendDrained() {
        return queued <= sendLowWaterMark && queuedBytes() <= sendHighWaterBytes / 2;
    }

    /** Returns whether the peer's channel takes writes now; a peer that stops reading soon does not. */
    boolean isWritable() {
        return channel.isWritable();
    }

    /** Marks the peer as disconnected for memory; returns false if it already was. */
    boolean markShed() {
        return shed.compareAndSet(false, true);
    }

    /** Returns whether the peer was disconnected for memory (its send queue is being failed). */
    boolean isShed() {
        return shed.get();
    }


    /**
     * The channel became writable again: write what waits in the outbox. Runs as a task of its own rather than
     * inside the flush that freed the room. Called on the event loop.
     */
    void channelWritable() {
        if (batchDrain.hasPending(outbox)) {
            scheduleDrain();
        }
    }

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(drainTask);
            } catch (RejectedExecutionException e) {
                drainScheduled.set(false);
                failOutbox();
            }
        }
    }

    private void drain() {
        boolean caughtUp;
        synchronized (consumerLock) {
            caughtUp = writeOutbox();
        }
        // Cleared only now, so that sends arriving while this drain writes join it instead of each scheduling a
        // task of their own: one wake-up of the event loop per batch of sends. A send that came after the last poll
        // but before the flag was cleared did not schedule one, so look once more.
        drainScheduled.set(false);
        if (caughtUp && batchDrain.hasPending(outbox)) {
            scheduleDrain();
        }
    }

    /**
     * Writes what the outbox holds while the channel takes it and flushes once; returns whether the outbox was
     * emptied (rather than left for {@link #channelWritable()} or for the channel's closing).
     */
    private boolean writeOutbox() {
        if (framedOutput != null) {
            return writeFramed();
        }
        WriteGroup group = null;
        ZmtpMessage last = null; // written when the next one is polled, or with the group's promise
        boolean wrote = false;
        Queue<Object> outbox = this.outbox;
        for (Object entry; channel.isWritable() && (entry = outbox.poll()) != null; ) {
            ZmtpMessage message = ZmtpMessage.of(payloadOf(entry));
            CompletableFuture<Void> future = futureOf(entry);
            if (last != null) {
                channel.write(last, unnotifiedPromise);
            }
            if (group == null) {
                group = new WriteGroup(this);
            }
            group.add(message.content(0).readableBytes(), future);
            last = message;
            wrote = true;
            if (group.encodedBytes >= WriteGroup.MAX_ENCODED_BYTES) {
                channel.write(last, group.newPromise(channel));
                last = null;
                group = null;
            }
        }
        if (last != null) {
            channel.write(last, group.newPromise(channel));
        }
        if (wrote) {
            channel.flush();
        }
        return channel.isWritable();
    }

    /**
     * As {@link #writeOutbox()}, for a channel whose frames pass the pipeline unchanged and where nothing of the
     * application's sits between us and the codec: frames the messages here as final data frames. Bodies of up to
     * {@link ZmtpFrameEncoder#COPY_THRESHOLD} octets are copied, with their headers, into pooled batch buffers of
     * {@link ZmtpFrameEncoder#BATCH_SIZE} octets and released at once; a larger body is written as it is after the
     * batch that ends with its header. Each group's promise goes with its last write. All of it goes to
     * {@link #framedOutput}, past the command handler and the encoder, which would only pass it on.
     */
    private boolean writeFramed() {
        FramedOutput out = framedOutput;
        FrameBatch batch = new FrameBatch(out);
        WriteGroup group = null;
        boolean wrote = false;
        Queue<Object> outbox = this.outbox;
        for (Object entry; channel.isWritable() && (entry = batchDrain.poll(outbox, openBatch, false)) != null; ) {
            if (entry instanceof SharedFrameBatch) {
                if (!batch.isEmpty()) {
                    batch.write(group.newPromise(channel));
                    group = null;
                }
                wrote |= writeShared(out, (SharedFrameBatch) entry);
                continue;
            }
            CompletableFuture<Void> future = futureOf(entry);
            ByteBuf body = payloadOf(entry);
            int size = body.readableBytes();
            if (!batch.fits(size)) {
                batch.write(group.newPromise(channel));
                group = null;
            }
            if (group == null) {
                group = new WriteGroup(this);
            }
            group.add(size, future);
            wrote = true;
            if (batch.append(body)) {
                body.release();
            } else {
                batch.write(unnotifiedPromise);
                out.write(body, group.newPromise(channel));
                group = null;
            }
        }
        if (!batch.isEmpty()) {
            batch.write(group.newPromise(channel));
        }
        if (wrote) {
            out.flush();
        }
        return channel.isWritable();
    }

    /** Writes a complete batch that senders framed, unflushed, as a group of its own; returns whether it held any. */
    private boolean writeShared(FramedOutput out, SharedFrameBatch shared) {
        int frames = shared.frames();
        if (frames == 0) {
            shared.release();
            return false;
        }
        batchDrain.written(frames);
        WriteGroup group = new WriteGroup(this);
        group.addAll(frames, shared.bodyBytes());
        out.write(shared.takeFramed(), group.newPromise(channel));
        return true;
    }

    /** The writes of a group completed: all of them were written, or the channel failed before they were. */
    private void completed(WriteGroup group, boolean success) {
        if (success) {
            metrics.messagesSent(group.count, group.bytes);
        } else {
            synchronized (sendLock) {
                undelivered += group.count;
            }
            for (int i = 0; i < group.count; i++) {
                metrics.messageUndelivered();
            }
        }
        if (group.futures != null) {
            for (CompletableFuture<Void> future : group.futures) {
                if (success) {
                    future.complete(null);
                } else {
                    future.completeExceptionally(new HostUnreachableException(routingId));
                }
            }
        }
        release(group.count, group.bytes);
    }

    /**
     * Gives back {@code slots} holding {@code bytes} body octets; once the queue has drained to its low-water marks
     * ({@link SendQueues#lowWaterMark}, half of {@link ZmtpServerOptions#sendHighWaterBytes()}) it wakes blocked
     * senders, if any, and gives the peer back to the receive queue if that held it. A sender waits only while the
     * queue is full, and every queued message is given back eventually (written or failed), so the queue drains
     * after it began to wait. A sender blocking in {@link #offer} counts itself in {@link #waiting} before it reads
     * {@link #queued}, and this reads {@link #waiting} after it lowers {@link #queued} (all volatile): either the
     * sender sees the room, or this sees the sender and notifies it under the monitor, which the sender holds until
     * it waits. The receive queue's hold works the same way ({@link FairQueue}).
     */
    private void release(int slots, long bytes) {
        QUEUED.addAndGet(this, -slots);
        BYTES_RELEASED.addAndGet(this, bytes);
        if ((waiting > 0 || inbox.isHeld()) && isSendDrained()) {
            if (waiting > 0) {
                synchronized (sendLock) {
                    sendLock.notifyAll();
                }
            }
            if (inbox.releaseHold()) {
                server.sendRoomFreed(this);
            }
        }
    }

    /** Marks the peer gone: waiting senders fail, queued messages are failed and counted. */
    void close() {
        synchronized (sendLock) {
            closed = true;
            sendLock.notifyAll();
        }
        failOutbox();
    }

    private void failOutbox() {
        synchronized (consumerLock) {
            Queue<Object> outbox = this.outbox;
            for (Object entry; (entry = batchDrain.poll(outbox, null, true)) != null; ) {
                if (entry instanceof SharedFrameBatch) {
                    failShared((SharedFrameBatch) entry);
                    continue;
                }
                ByteBuf payload = payloadOf(entry);
                long size = payload.readableBytes();
                payload.release();
                CompletableFuture<Void> future = futureOf(entry);
                if (future != null) {
                    future.completeExceptionally(new HostUnreachableException(routingId));
                }
                synchronized (sendLock) {
                    undelivered++;
                }
                metrics.messageUndelivered();
                release(1, size);
            }
        }
    }

    /** Counts the messages of a batch that will never be written as undelivered, and frees it. */
    private void failShared(SharedFrameBatch shared) {
        int frames = shared.frames();
        long bytes = shared.bodyBytes();
        shared.release();
        if (frames == 0) {
            return;
        }
        synchronized (sendLock) {
            undelivered += frames;
        }
        for (int i = 0; i < frames; i++) {
            metrics.messageUndelivered();
        }
        release(frames, bytes);
    }

    /** Returns the messages counted as undelivered so far. */
    int undelivered() {
        synchronized (sendLock) {
            return undelivered;
        }
    }

    /** The payload of an outbox entry: the entry itself, or the payload of an {@link AsyncSend}. */
    private static ByteBuf payloadOf(Object entry) {
        return entry instanceof AsyncSend ? ((AsyncSend) entry).payload : (ByteBuf) entry;
    }

    /** The future of an outbox entry: that of an {@link AsyncSend}, or {@code null}. */
    private static CompletableFuture<Void> futureOf(Object entry) {
        return entry instanceof AsyncSend ? ((AsyncSend) entry).future : null;
    }

    private static final class AsyncSend {
        final ByteBuf payload;
        final CompletableFuture<Void> future;

        AsyncSend(ByteBuf payload, CompletableFuture<Void> future) {
            this.payload = payload;
            this.future = future;
        }
    }

    /**
     * Consecutive messages of one drain, about as many octets as the encoder puts in one batch buffer, whose outcome
     * is learnt at once: the group's last message is written with the group's promise, the others with none. The
     * channel completes writes in order, so that promise succeeds once all of them were written, and fails with the
     * channel. One promise and one listener per group instead of one per message.
     */
    private static final class WriteGroup implements ChannelFutureListener {
        static final int MAX_ENCODED_BYTES = ZmtpFrameEncoder.BATCH_SIZE;
        /** The longest ZMTP frame header: flags and an 8-octet size. */
        private static final int LONGEST_HEADER = 9;

        private final Peer peer;
        int count;
        long bytes;
        long encodedBytes;
        List<CompletableFuture<Void>> futures;

        WriteGroup(Peer peer) {
            this.peer = peer;
        }

        /** Adds {@code n} messages of {@code octets} body octets in all, none with a future. */
        void addAll(int n, long octets) {
            count += n;
            bytes += octets;
            encodedBytes += n * (long) LONGEST_HEADER + octets;
        }

        void add(int size, CompletableFuture<Void> future) {
            count++;
            bytes += size;
            encodedBytes += LONGEST_HEADER + size;
            if (future != null) {
                if (futures == null) {
                    futures = new ArrayList<>();
                }
                futures.add(future);
            }
        }

        /** Returns the promise for the last write of the group, which learns the outcome of the whole group. */
        ChannelPromise newPromise(Channel channel) {
            return channel.newPromise().addListener(this);
        }

        @Override
        public void operationComplete(ChannelFuture future) {
            peer.completed(this, future.isSuccess());
        }
    }
}
