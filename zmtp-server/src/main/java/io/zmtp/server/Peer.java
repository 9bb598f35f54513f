/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.ReferenceCountUtil;
import io.zmtp.codec.ZmtpMessage;
import io.zmtp.codec.ZmtpMetadata;
import io.zmtp.server.internal.ServerMetrics;

import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One handshaken peer of a {@link ZmtpServer}: its routing id, its channel, the count of messages queued to it
 * (the send high-water mark applies to it), the outbox that carries sends from application threads to the event
 * loop in batches, and its share of the receive queue.
 *
 * <p>Send side: a sender reserves a slot under {@link #sendLock} ({@link #queued} below the mark), then adds the
 * message to the lock-free {@link #outbox}; the first add after a drain schedules one drain task on the event
 * loop, which writes everything waiting and flushes once. A slot is given back when the write completes,
 * successfully or not; a failed write is counted as undelivered.
 *
 * <p>Receive side: {@link #inbox}, {@link #inReadyRing} and {@link #readPaused} are guarded by the server's receive
 * lock.
 */
final class Peer implements ChannelFutureListener {

    final int routingId;
    final Channel channel;
    final SocketAddress remoteAddress;
    final ZmtpMetadata metadata;

    private final int sendHighWaterMark;
    private final ServerMetrics metrics;
    private final Object sendLock = new Object();
    private int queued;
    private int waiting;
    private volatile boolean closed;
    private int undelivered;

    private final Queue<Object> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drain;

    final ArrayDeque<ZmtpServerMessage> inbox = new ArrayDeque<>();
    boolean inReadyRing;
    boolean readPaused;

    Peer(int routingId, Channel channel, ZmtpMetadata metadata, int sendHighWaterMark, ServerMetrics metrics) {
        this.routingId = routingId;
        this.metadata = metadata;
        this.channel = channel;
        this.remoteAddress = channel.remoteAddress();
        this.sendHighWaterMark = sendHighWaterMark;
        this.metrics = metrics;
    }

    boolean isClosed() {
        return closed;
    }

    /** Reserves a queue slot if one is free now; returns whether it did. */
    boolean tryReserve() {
        synchronized (sendLock) {
            if (closed) {
                throw new HostUnreachableException(routingId);
            }
            if (queued < sendHighWaterMark) {
                queued++;
                return true;
            }
            return false;
        }
    }

    /**
     * Reserves a queue slot, waiting up to {@code timeoutNanos} (negative: forever) for one to free up.
     * Returns whether it did; throws if the peer leaves while waiting.
     */
    boolean reserve(long timeoutNanos) throws InterruptedException {
        synchronized (sendLock) {
            long deadline = System.nanoTime() + timeoutNanos;
            waiting++;
            try {
                for (;;) {
                    if (closed) {
                        throw new HostUnreachableException(routingId);
                    }
                    if (queued < sendHighWaterMark) {
                        queued++;
                        return true;
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
    }

    /** Returns the number of messages reserved, queued or being written. */
    int queued() {
        synchronized (sendLock) {
            return queued;
        }
    }

    /**
     * Queues {@code payload} on a slot reserved before; takes ownership of it. {@code future} is completed when the
     * message is written, or {@code null}.
     */
    void enqueue(ByteBuf payload, CompletableFuture<Void> future) {
        Object entry = future == null ? ZmtpMessage.of(payload) : new AsyncSend(ZmtpMessage.of(payload), future);
        outbox.add(entry);
        if (closed && outbox.remove(entry)) {
            // The peer left between the reservation and the add: the caller learns it, nothing is counted as lost.
            release();
            ReferenceCountUtil.release(entry instanceof AsyncSend ? ((AsyncSend) entry).message : entry);
            throw new HostUnreachableException(routingId);
        }
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
        drainScheduled.set(false);
        boolean wrote = false;
        for (Object entry; (entry = outbox.poll()) != null; ) {
            wrote = true;
            if (entry instanceof AsyncSend) {
                AsyncSend send = (AsyncSend) entry;
                int size = send.message.content(0).readableBytes();
                channel.write(send.message).addListener((ChannelFutureListener) f -> {
                    complete(f, size);
                    if (f.isSuccess()) {
                        send.future.complete(null);
                    } else {
                        send.future.completeExceptionally(new HostUnreachableException(routingId));
                    }
                });
            } else {
                ZmtpMessage message = (ZmtpMessage) entry;
                int size = message.content(0).readableBytes();
                channel.write(message).addListener(size == 0 ? this : new SizedWrite(this, size));
            }
        }
        if (wrote) {
            channel.flush();
        }
    }

    @Override
    public void operationComplete(ChannelFuture future) {
        complete(future, 0);
    }

    void complete(ChannelFuture future, int size) {
        if (future.isSuccess()) {
            metrics.messageSent(size);
        } else {
            synchronized (sendLock) {
                undelivered++;
            }
            metrics.messageUndelivered();
        }
        release();
    }

    private void release() {
        synchronized (sendLock) {
            queued--;
            if (waiting > 0) {
                sendLock.notifyAll();
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
        for (Object entry; (entry = outbox.poll()) != null; ) {
            if (entry instanceof AsyncSend) {
                ReferenceCountUtil.release(((AsyncSend) entry).message);
                ((AsyncSend) entry).future.completeExceptionally(new HostUnreachableException(routingId));
            } else {
                ReferenceCountUtil.release(entry);
            }
            synchronized (sendLock) {
                undelivered++;
            }
            metrics.messageUndelivered();
            release();
        }
    }

    /** Returns the messages counted as undelivered so far. */
    int undelivered() {
        synchronized (sendLock) {
            return undelivered;
        }
    }

    private static final class AsyncSend {
        final ZmtpMessage message;
        final CompletableFuture<Void> future;

        AsyncSend(ZmtpMessage message, CompletableFuture<Void> future) {
            this.message = message;
            this.future = future;
        }
    }

    private static final class SizedWrite implements ChannelFutureListener {
        private final Peer peer;
        private final int size;

        SizedWrite(Peer peer, int size) {
            this.peer = peer;
            this.size = size;
        }

        @Override
        public void operationComplete(ChannelFuture future) {
            peer.complete(future, size);
        }
    }
}
