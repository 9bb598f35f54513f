/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.client.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.VoidChannelPromise;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.zmtp.client.ZmtpClientListener;
import io.zmtp.codec.DefaultZmtpMessage;
import io.zmtp.codec.ZmtpBodyBatch;
import io.zmtp.codec.ZmtpChannelInitializer;
import io.zmtp.codec.ZmtpFrame;
import io.zmtp.codec.ZmtpFrameEncoder;
import io.zmtp.codec.ZmtpHandshakeCompletionEvent;
import io.zmtp.codec.ZmtpHandshakeFailureReason;
import io.zmtp.codec.ZmtpHeartbeatTimeoutException;
import io.zmtp.codec.ZmtpMessage;
import io.zmtp.codec.ZmtpPingCommand;
import io.zmtp.codec.ZmtpProtocolException;
import io.zmtp.codec.transport.ZmtpEndpoint;
import io.zmtp.socket.internal.FrameBatch;
import io.zmtp.socket.internal.FramedOutput;
import io.zmtp.socket.internal.Inbox;
import io.zmtp.socket.internal.NettyTransports;
import io.zmtp.socket.internal.ReceivedBodies;
import io.zmtp.socket.internal.SendQueues;
import io.zmtp.socket.internal.SharedBatchDrain;
import io.zmtp.socket.internal.SharedFrameBatch;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * One endpoint of the client pool: its current TCP connection (if any), its reconnect timer, the messages assigned
 * to it and not yet written, and its share of the receive queue. It outlives its TCP connections: after a loss it
 * reconnects by itself, with {@link Backoff} delays, until it is {@linkplain #close() closed}.
 *
 * <h2>Threads</h2>
 * Everything about the channel runs on one event loop, {@link #loop}. Other threads only
 * {@linkplain #tryReserve() reserve} room, {@linkplain #enqueue(ByteBuf) enqueue} messages (a lock-free queue drained
 * on the event loop, one flush per drain), and read {@link #isReady()}. The pool's receive queue guards
 * {@link #inbox}.
 *
 * <h2>Small messages are framed by their senders</h2>
 * While the channel's frames pass its pipeline unchanged (NULL and PLAIN), a sender copies a body of up to
 * {@link io.zmtp.codec.ZmtpFrameEncoder#COPY_THRESHOLD} octets, framed, into the connection's open
 * {@link SharedFrameBatch} without a lock and releases its own buffer at once; the event loop writes the batch as it
 * is. A batch takes its place in the send queue when it is opened. Larger bodies, and every body while the channel
 * needs its pipeline (CURVE), are queued whole. Opening a batch and queueing a message whole take
 * {@link #queueLock}; the latter seals the open batch first. So a sender's messages stay in the order it sent them.
 * A batch that cannot be written as it is (the channel was lost, or the next one needs its pipeline) is split into
 * one buffer per message again.
 *
 * <h2>What "queued" counts</h2>
 * {@link #queued} counts the messages assigned to this endpoint that the kernel has not yet accepted: reserved,
 * waiting in {@link #pending}, or written to the channel with their write not yet complete. A send may pick the
 * endpoint only while it is ready and {@code queued} is below SNDHWM.
 *
 * <h2>Reference counting</h2>
 * A small message framed by its sender is released by the sender at once; its {@link SharedFrameBatch}'s buffer
 * stands for it from then on, held until the batch's write completes ({@link SharedBatchWrite}); if it fails, what
 * did not go out is split into new buffers. Of any other message, until a write completes this class holds one
 * reference to its buffer; what is written gets another (the encoder's, or with NULL and PLAIN, where drains frame
 * the messages themselves, only a large body's duplicate: small bodies are copied into batch buffers the channel
 * owns). Writes carry no promise each: a {@link WriteGroup} of about one encoder batch learns the outcome of its
 * messages at once. What was written is released; what was not is handed back to the pool ({@link ClientPool#reroute}),
 * which sends it elsewhere or, once the client is closed, releases it. Both learn from the channel's progress which
 * messages went out whole when it fails part-way through a buffer ({@link WriteOutcome}), so that none is handed
 * back that the kernel already took.
 */
final class ClientConnection implements WriteOutcome.Connection {

    private static final System.Logger logger = System.getLogger(ClientConnection.class.getName());
    private static final long FAILURE_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final String HANDLER_NAME = "zmtp-client";
    private static final String RTT_NAME = "zmtp-client-heartbeat-rtt";
    /**
     * Bounds of the octets a channel may have written and not yet taken by its socket: above the high mark messages
     * wait in {@link #pending} until the socket has taken all but the low mark. High enough that a burst of small
     * messages never stalls on it.
     */
    private static final WriteBufferWaterMark WRITE_BUFFER_WATER_MARK =
            new WriteBufferWaterMark(512 * 1024, 1024 * 1024);

    final ZmtpEndpoint endpoint;
    final EventLoop loop;
    private final ClientPool pool;
    private final Bootstrap bootstrap;

    // ------------------------------------------------------------------ shared between threads
    private volatile boolean ready;
    private volatile ConnectionState state = ConnectionState.CONNECTING;
    private final AtomicInteger queued = new AtomicInteger();
    /** Messages ({@link ByteBuf}s) and batches of framed small messages ({@link SharedFrameBatch}es), in order. */
    private final Queue<Object> pending = SendQueues.newQueue();
    /** Whether senders frame small messages into {@link #openBatch}: ready, and frames pass the pipeline as they are. */
    private volatile boolean framing;
    /** The allocator of the channel senders frame for; guarded by {@link #queueLock}. */
    private ByteBufAllocator framingAlloc;
    /** The batch senders frame small messages into, already in {@link #pending}; null if none is open. */
    private volatile SharedFrameBatch openBatch;
    /** Guards opening a batch, queueing a message whole, and switching {@link #framing}; never taken per frame. */
    private final Object queueLock = new Object();
    private static final AtomicReferenceFieldUpdater<ClientConnection, SharedFrameBatch> OPEN_BATCH =
            AtomicReferenceFieldUpdater.newUpdater(ClientConnection.class, SharedFrameBatch.class, "openBatch");
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drain;

    // ------------------------------------------------------------------ guarded by the pool's receive lock
    /** What this connection read, in the pool's receive queue; it pauses this connection's reading at its marks. */
    final Inbox<ByteBuf> inbox;

    // ------------------------------------------------------------------ event loop only
    private Channel channel;
    /** The write promise of {@link #channel} that completes nothing: outcomes are learnt per {@link WriteGroup}. */
    private ChannelPromise unnotifiedPromise;
    /**
     * Where {@link #writeFramed} writes, past the codec's handlers, if the current channel's frames pass its pipeline
     * unchanged once handshaken (no CURVE box), so that drains frame messages themselves; else null.
     */
    private FramedOutput framedOutput;
    /** Takes entries and complete batches from {@link #pending}. */
    private final SharedBatchDrain batchDrain = new SharedBatchDrain();
    /** Messages split out of a batch that could not be written as it was: written or handed back before the rest. */
    private ArrayDeque<ByteBuf> unpacked;
    private boolean closed;
    private int failures;
    private boolean protocolError;
    private String protocolErrorText;
    private int reroutedFromChannel;
    private ScheduledFuture<?> reconnectTask;
    private long lastFailureLogNanos;
    private int failuresSinceLog;

    ClientConnection(ClientPool pool, ZmtpEndpoint endpoint, EventLoop loop) {
        this.pool = pool;
        this.endpoint = endpoint;
        this.loop = loop;
        this.inbox = pool.newInbox(this);
        ZmtpChannelInitializer codec = pool.codec;
        boolean heartbeats = !codec.options().heartbeatInterval().isZero();
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(NettyTransports.socketChannelClass(loop))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WRITE_BUFFER_WATER_MARK)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) pool.options.connectTimeout().toMillis())
                .remoteAddress(endpoint.toConnectAddress())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        codec.install(ch.pipeline());
                        if (heartbeats) {
                            ch.pipeline().addAfter(ZmtpChannelInitializer.HANDSHAKE_NAME, RTT_NAME,
                                    new HeartbeatRttHandler());
                        }
                        ch.pipeline().addLast(HANDLER_NAME, new Handler());
                        ch.config().setAutoRead(!inbox.isReadPaused());
                    }
                });
    }

    // ================================================================== any thread

    /** Returns whether the connection is handshaken and takes messages. */
    boolean isReady() {
        return ready;
    }

    /** Returns the state, for the connections gauge. */
    ConnectionState state() {
        return state;
    }

    /** Reserves room for one message if the connection is ready and below SNDHWM; then call {@link #enqueue}. */
    boolean tryReserve() {
        if (!ready) {
            return false;
        }
        int hwm = pool.sendHwm;
        for (;;) {
            int q = queued.get();
            if (q >= hwm) {
                return false;
            }
            if (queued.compareAndSet(q, q + 1)) {
                return true;
            }
        }
    }

    /** Gives back room reserved with {@link #tryReserve()} but not used. */
    void unreserve() {
        released();
    }

    /** Queues a message for which room was reserved; takes ownership of {@code msg}. */
    void enqueue(ByteBuf msg) {
        if (framing && SharedFrameBatch.takes(msg.readableBytes()) && frameShared(msg, SharedFrameBatch::append)) {
            msg.release();
        } else {
            queueInOrder(msg);
        }
        scheduleDrain();
    }

    /** Queues a copy of {@code msg}, for which room was reserved; the array stays the caller's. */
    void enqueueCopy(byte[] msg) {
        if (!(framing && SharedFrameBatch.takes(msg.length) && frameShared(msg, SharedFrameBatch::append))) {
            queueInOrder(Unpooled.wrappedBuffer(msg.clone()));
        }
        scheduleDrain();
    }

    /**
     * Frames {@code body} into the open batch with {@code append} ({@code SharedFrameBatch::append}, for a buffer or
     * an array), opening a batch if needed; returns false if framing stopped.
     */
    private <T> boolean frameShared(T body, BiPredicate<SharedFrameBatch, T> append) {
        for (;;) {
            SharedFrameBatch batch = openBatch();
            if (batch == null) {
                return false;
            }
            if (append.test(batch, body)) {
                return true;
            }
            OPEN_BATCH.compareAndSet(this, batch, null); // sealed: full, or taken by the event loop
        }
    }

    /**
     * Returns the open batch, or opens one; returns null if senders do not frame (any more). A batch is queued and
     * published under {@link #queueLock}, in one step for {@link #queueInOrder}: a message queued whole after a
     * sender's framed ones never finds that sender's next ones in a batch queued before it.
     */
    private SharedFrameBatch openBatch() {
        SharedFrameBatch batch = openBatch;
        if (batch != null) {
            return batch;
        }
        synchronized (queueLock) {
            batch = openBatch;
            if (batch == null && framing) {
                batch = new SharedFrameBatch(framingAlloc);
                SendQueues.offer(pending, batch);
                openBatch = batch;
            }
            return batch;
        }
    }

    /**
     * Queues a message whole (too large to frame into a batch, or the channel needs its pipeline): seals the open
     * batch first, under {@link #queueLock}, so that the message comes after everything framed before it and before
     * anything framed after it.
     */
    private void queueInOrder(ByteBuf msg) {
        synchronized (queueLock) {
            sealOpenBatch();
            SendQueues.offer(pending, msg);
        }
    }

    /** Seals the open batch, if any, and clears it, so that the next frame goes into a new one. */
    private void sealOpenBatch() {
        SharedFrameBatch batch = openBatch;
        if (batch != null) {
            batch.seal();
            OPEN_BATCH.compareAndSet(this, batch, null);
        }
    }

    /** Queues a message regardless of SNDHWM (messages handed back from a closed connection). */
    void enqueueForced(ByteBuf msg) {
        queued.incrementAndGet();
        enqueue(msg);
    }

    private void scheduleDrain() {
        // Read first: while a drain is pending, senders only read the flag instead of contending for its line.
        if (!drainScheduled.get() && drainScheduled.compareAndSet(false, true)) {
            loop.execute(drainTask);
        }
    }

    /** Starts connecting; called once when the endpoint is added. */
    void start() {
        loop.execute(this::connect);
    }

    /**
     * Stops the endpoint: no reconnect; the channel closes and the messages it held go back to the pool. Returns
     * a future that completes once the channel is closed.
     */
    io.netty.util.concurrent.Future<?> close() {
        io.netty.util.concurrent.Promise<Object> promise = loop.newPromise();
        loop.execute(() -> {
            closed = true;
            state = ConnectionState.CLOSED;
            cancelReconnect();
            Channel ch = channel;
            if (ch != null) {
                ch.close().addListener(f -> loop.execute(() -> promise.trySuccess(null)));
            } else {
                orphanPending();
                promise.trySuccess(null);
            }
        });
        return promise;
    }

    /** Releases whatever is still pending after the pool terminated; runs on the event loop. */
    void purge() {
        stopFraming();
        ByteBuf msg;
        while ((msg = pollMessage(true)) != null) {
            released();
            pool.drop(msg);
        }
    }

    /** Called by the pool's receive queue when the inbox drained below the low-water mark. */
    void resumeReading() {
        loop.execute(() -> {
            Channel ch = channel;
            if (ch != null && !inbox.isReadPaused()) {
                ch.config().setAutoRead(true);
            }
        });
    }

    /** Called by the pool's receive queue, on the event loop, when the inbox reached RCVHWM. */
    void pauseReading() {
        Channel ch = channel;
        if (ch != null) {
            ch.config().setAutoRead(false);
        }
    }

    // ================================================================== event loop

    private void connect() {
        reconnectTask = null;
        if (closed) {
            return;
        }
        state = ConnectionState.CONNECTING;
        pool.metrics.connectAttempted();
        ChannelFuture future = bootstrap.connect();
        channel = future.channel();
        unnotifiedPromise = new VoidChannelPromise(channel, false);
        framedOutput = null; // known once this channel's handshake is done
        reroutedFromChannel = 0;
        protocolError = false;
        future.addListener(f -> {
            if (f.isSuccess()) {
                if (closed) {
                    future.channel().close();
                } else {
                    state = ConnectionState.HANDSHAKING;
                }
                return;
            }
            if (channel == future.channel()) {
                channel = null;
            }
            pool.metrics.connectFailed();
            logConnectFailure(f.cause());
            fire(l -> l.connectFailed(endpoint, f.cause()));
            scheduleReconnect();
        });
    }

    private void scheduleReconnect() {
        if (closed || reconnectTask != null) {
            return;
        }
        if (protocolError && pool.options.stopReconnectOnProtocolError()) {
            state = ConnectionState.STOPPED;
            logger.log(System.Logger.Level.WARNING, "zmtp client: " + endpoint + " stopped reconnecting after a "
                    + "protocol error: " + protocolErrorText);
            String why = protocolErrorText;
            fire(l -> l.reconnectStopped(endpoint, why));
            return;
        }
        long delay = protocolError ? pool.backoff.maxNanos() : pool.backoff.delayNanos(failures);
        failures++;
        state = ConnectionState.RECONNECT_WAIT;
        pool.metrics.reconnectScheduled();
        Duration d = Duration.ofNanos(delay);
        fire(l -> l.reconnectScheduled(endpoint, d));
        reconnectTask = loop.schedule(this::connect, delay, TimeUnit.NANOSECONDS);
    }

    private void cancelReconnect() {
        if (reconnectTask != null) {
            reconnectTask.cancel(false);
            reconnectTask = null;
        }
    }

    private void logConnectFailure(Throwable cause) {
        failuresSinceLog++;
        long now = System.nanoTime();
        boolean first = lastFailureLogNanos == 0;
        if (first || now - lastFailureLogNanos >= FAILURE_LOG_INTERVAL_NANOS) {
            System.Logger.Level level = first ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING;
            if (logger.isLoggable(level)) {
                logger.log(level, "zmtp client: cannot connect to " + endpoint + " (" + failuresSinceLog
                        + (failuresSinceLog == 1 ? " attempt" : " attempts") + " since the last report), retrying: "
                        + cause);
            }
            lastFailureLogNanos = now;
            failuresSinceLog = 0;
        }
    }

    private void drain() {
        boolean caughtUp = writePending();
        // Cleared only now, so that sends arriving while this drain writes join it instead of each scheduling a
        // task of their own: one wake-up of the event loop per batch of sends. A send that came after the last poll
        // but before the flag was cleared did not schedule one, so look once more.
        drainScheduled.set(false);
        if (caughtUp && hasPending()) {
            scheduleDrain();
        }
    }

    /** Returns whether something can be written now (not a batch a sender still copies into). */
    private boolean hasPending() {
        return unpacked != null && !unpacked.isEmpty() || batchDrain.hasPending(pending);
    }

    /**
     * Returns the next thing to write or hand back: a message, or a complete batch of framed ones; null if nothing
     * is pending, or if the next is a batch a sender still copies into, whose commit schedules a drain
     * ({@link SharedBatchDrain}). {@code await} waits for such a sender instead.
     */
    private Object pollPending(boolean await) {
        if (unpacked != null && !unpacked.isEmpty()) {
            return unpacked.poll();
        }
        return batchDrain.poll(pending, openBatch, await);
    }

    /** As {@link #pollPending}, splitting batches into their messages. */
    private ByteBuf pollMessage(boolean await) {
        for (;;) {
            Object next = pollPending(await);
            if (!(next instanceof SharedFrameBatch)) {
                return (ByteBuf) next;
            }
            SharedFrameBatch batch = (SharedFrameBatch) next;
            if (unpacked == null) {
                unpacked = new ArrayDeque<>();
            }
            ByteBuf framed = batch.takeFramed();
            try {
                SharedFrameBatch.forEachBody(framed, framed.alloc(), unpacked::add);
            } finally {
                framed.release();
            }
        }
    }

    /** Senders stop framing into batches (the channel is not ready, or is going); called on the event loop. */
    private void stopFraming() {
        synchronized (queueLock) {
            framing = false;
            sealOpenBatch();
        }
    }

    /**
     * Writes what is pending while the channel takes it and flushes once; returns whether the queue was emptied
     * (rather than left for {@code channelWritabilityChanged} or for the channel's closing to deal with).
     */
    private boolean writePending() {
        if (!ready) {
            // Not (or no longer) handshaken: whatever was assigned here goes back to the pool.
            orphanPending();
            return true;
        }
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            return false; // closing: channelInactive hands the pending messages back
        }
        FramedOutput out = framedOutput;
        if (out != null) {
            return writeFramed(ch, out);
        }
        ChannelPromise unnotified = unnotifiedPromise;
        WriteGroup group = null;
        ByteBuf last = null; // written when the next one is polled, or with the group's promise
        boolean wrote = false;
        ByteBuf msg;
        while (ch.isWritable() && (msg = pollMessage(false)) != null) {
            wrote = true;
            if (last != null) {
                ch.write(ZmtpMessage.of(last.retain()), unnotified);
            }
            if (group == null) {
                group = new WriteGroup(this, msg.readableBytes());
            }
            group.add(msg);
            last = msg;
            if (group.encodedBytes >= WriteGroup.MAX_ENCODED_BYTES) {
                ch.write(ZmtpMessage.of(last.retain()), group.newPromise(ch));
                last = null;
                group = null;
            }
        }
        if (last != null) {
            ch.write(ZmtpMessage.of(last.retain()), group.newPromise(ch));
        }
        if (wrote) {
            ch.flush();
        }
        return ch.isWritable();
    }

    /**
     * As {@link #writePending()}, for a connection whose frames pass the pipeline unchanged: frames the messages here
     * as final data frames instead of writing one {@link ZmtpMessage} each through the pipeline. Bodies of up to
     * {@link ZmtpFrameEncoder#COPY_THRESHOLD} octets are copied, with their headers, into pooled batch buffers of
     * {@link ZmtpFrameEncoder#BATCH_SIZE} octets, as the encoder would; a larger body follows the batch that ends with
     * its header, as a retained duplicate, without copying. Each batch is one write carrying the promise of the
     * {@link WriteGroup} of messages it holds; a large body is a group of its own. A {@link SharedFrameBatch} that
     * senders framed is written as it is ({@link SharedBatchWrite}). All of it goes to {@code out},
     * past the command handler and the encoder, which would only pass it on.
     */
    private boolean writeFramed(Channel ch, FramedOutput out) {
        FrameBatch batch = new FrameBatch(out);
        WriteGroup group = null; // the messages copied into batch
        boolean wrote = false;
        Object next;
        while (ch.isWritable() && (next = pollPending(false)) != null) {
            wrote = true;
            if (next instanceof SharedFrameBatch) {
                if (!batch.isEmpty()) {
                    batch.write(group.newBatchPromise(ch));
                    group = null;
                }
                writeShared(ch, out, (SharedFrameBatch) next);
                continue;
            }
            ByteBuf msg = (ByteBuf) next;
            int size = msg.readableBytes();
            if (!batch.fits(size)) {
                batch.write(group.newBatchPromise(ch));
                group = null;
            }
            if (batch.append(msg)) {
                if (group == null) {
                    group = new WriteGroup(this, size);
                }
                group.add(msg);
            } else {
                batch.write(group == null ? unnotifiedPromise : group.newBatchPromise(ch));
                group = null;
                WriteGroup alone = new WriteGroup(this, size);
                alone.add(msg);
                // a duplicate: the channel moves its reader index and releases it, ours stays for a reroute
                out.write(msg.retainedDuplicate(), alone.newPromise(ch));
            }
        }
        if (!batch.isEmpty()) {
            batch.write(group.newBatchPromise(ch));
        }
        if (wrote) {
            out.flush();
        }
        return ch.isWritable();
    }

    /** Writes a complete batch that senders framed, unflushed; an empty one is freed. */
    private void writeShared(Channel ch, FramedOutput out, SharedFrameBatch batch) {
        int frames = batch.frames();
        if (frames == 0) {
            batch.release();
            return;
        }
        batchDrain.written(frames);
        ByteBuf framed = batch.takeFramed();
        // a duplicate: the channel moves its reader index and releases it, ours stays for a reroute
        SharedBatchWrite outcome = new SharedBatchWrite(this, framed, frames, batch.bodyBytes());
        out.write(framed.retainedDuplicate(), outcome.newPromise(ch));
    }

    /**
     * {@code n} messages left this connection's queue (written or handed back). Senders blocked at SNDHWM are woken
     * when the queue drains to the low-water mark ({@link SendQueues#lowWaterMark}), not for every message written.
     */
    private void released(int n) {
        int after = queued.addAndGet(-n);
        if (SendQueues.drainedTo(pool.sendLowWater, after, n)) {
            pool.roomAvailable();
        }
    }

    /** One message left this connection's queue (written or handed back). */
    private void released() {
        released(1);
    }

    /**
     * Hands every message not yet written back to the pool, in order; stops before a batch a sender is still copying
     * into, whose commit schedules a drain that goes on from there.
     */
    private void orphanPending() {
        ByteBuf msg;
        while ((msg = pollMessage(false)) != null) {
            orphan(msg);
        }
    }

    /** Hands back to the pool a message this connection will not write; it leaves the queue. */
    @Override
    public void orphan(ByteBuf msg) {
        released();
        reroutedFromChannel++;
        pool.reroute(msg, loop);
    }

    @Override
    public void written(int n, long bytes) {
        released(n);
        pool.messagesWritten(n, bytes);
    }

    @Override
    public void writeFailed() {
        ready = false;
        stopFraming();
    }

    private void fire(Consumer<ZmtpClientListener> event) {
        try {
            event.accept(pool.listener);
        } catch (RuntimeException e) {
            logger.log(System.Logger.Level.WARNING, "zmtp client: listener threw", e);
        }
    }

    /** The last handler of each channel: readiness, inbound messages, failures and the end of the channel. */
    private final class Handler extends ChannelInboundHandlerAdapter {

        private boolean wasReady;
        /**
         * Messages read since the last hand-over: handed to the pool together, one lock per batch, at read-complete
         * and every {@value ReceivedBodies#DELIVER_BATCH} messages (or RCVHWM, if that is smaller).
         */
        private final ReceivedBodies received = new ReceivedBodies(new ReceivedBodies.Queue() {
            @Override
            public void deliver(List<ByteBuf> bodies, boolean endOfRead) {
                pool.deliver(ClientConnection.this, bodies, endOfRead);
            }

            @Override
            public void wakeReceivers() {
                pool.wakeReceivers();
            }
        }, pool.receiveHwm);

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof ZmtpHandshakeCompletionEvent) {
                handshakeCompleted(ctx, (ZmtpHandshakeCompletionEvent) evt);
                return;
            }
            super.userEventTriggered(ctx, evt);
        }

        private void handshakeCompleted(ChannelHandlerContext ctx, ZmtpHandshakeCompletionEvent event) {
            if (event.isSuccess()) {
                pool.metrics.handshakeSucceeded();
                if (closed || channel != ctx.channel()) {
                    ctx.close();
                    return;
                }
                failures = 0;
                lastFailureLogNanos = 0;
                failuresSinceLog = 0;
                wasReady = true;
                boolean framesDirect = ZmtpChannelInitializer.framesPassUnchanged(ctx.pipeline());
                if (framesDirect) {
                    framedOutput = new FramedOutput(ctx.channel());
                }
                state = ConnectionState.READY;
                synchronized (queueLock) {
                    sealOpenBatch(); // from an earlier channel: what was framed before stays before what comes now
                    framingAlloc = ctx.alloc();
                    framing = framesDirect;
                }
                ready = true;
                SocketAddress remote = ctx.channel().remoteAddress();
                if (logger.isLoggable(System.Logger.Level.DEBUG)) {
                    logger.log(System.Logger.Level.DEBUG, "zmtp client: connected to " + endpoint + " (" + event
                            + ")");
                }
                fire(l -> l.connected(endpoint, remote));
                pool.connectionReady(ClientConnection.this);
                drain();
            } else {
                ZmtpHandshakeFailureReason reason = event.reason();
                pool.metrics.handshakeFailed(reason);
                if (reason != ZmtpHandshakeFailureReason.TIMEOUT && reason != ZmtpHandshakeFailureReason.CLOSED) {
                    protocolError = true;
                    protocolErrorText = reason + ": " + event.cause().getMessage();
                    logger.log(System.Logger.Level.WARNING, "zmtp client: handshake with " + endpoint + " failed ("
                            + protocolErrorText + ")");
                }
                String message = event.cause().getMessage();
                fire(l -> l.handshakeFailed(endpoint, reason, message));
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ZmtpBodyBatch) {
                ((ZmtpBodyBatch) msg).takeAll(received);
                return;
            }
            if (!(msg instanceof ZmtpMessage)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            ZmtpMessage message = (ZmtpMessage) msg;
            if (message.isMultipart()) {
                message.release();
                pool.metrics.multipartDiscarded();
                return;
            }
            received.accept(DefaultZmtpMessage.takeContent(message));
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
            received.endOfRead();
            super.channelReadComplete(ctx);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            received.close();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
            if (ctx.channel().isWritable() && hasPending()) {
                scheduleDrain(); // a task of its own, not inside the flush that freed the room
            }
            super.channelWritabilityChanged(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof ZmtpHeartbeatTimeoutException) {
                pool.metrics.heartbeatTimedOut();
                logger.log(System.Logger.Level.INFO, "zmtp client: " + endpoint + " " + cause.getMessage()
                        + "; reconnecting");
                fire(l -> l.heartbeatTimedOut(endpoint));
            } else if (cause instanceof ZmtpProtocolException || cause instanceof TooLongFrameException) {
                protocolError = true;
                protocolErrorText = cause.getMessage();
                logger.log(System.Logger.Level.WARNING, "zmtp client: protocol error from " + endpoint + ": "
                        + cause.getMessage());
            } else if (logger.isLoggable(System.Logger.Level.DEBUG)) {
                logger.log(System.Logger.Level.DEBUG, "zmtp client: connection to " + endpoint + " failed: " + cause);
            }
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            received.endOfRead();
            ready = false;
            stopFraming();
            if (channel == ctx.channel()) {
                channel = null;
            }
            orphanPending();
            if (wasReady) {
                int rerouted = reroutedFromChannel;
                fire(l -> l.disconnected(endpoint, rerouted));
            }
            scheduleReconnect();
            super.channelInactive(ctx);
        }
    }

    /**
     * Measures heartbeat round trips: notes when a PING passes outbound and times the next PONG command frame
     * inbound. Sits between the frame decoder and the command handler; passes everything on untouched.
     */
    private final class HeartbeatRttHandler extends ChannelDuplexHandler {

        private long pingSentNanos;

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof ZmtpPingCommand && pingSentNanos == 0) {
                pingSentNanos = System.nanoTime();
            }
            ctx.write(msg, promise);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (pingSentNanos != 0 && msg instanceof ZmtpFrame && ((ZmtpFrame) msg).isCommand()
                    && isPong(((ZmtpFrame) msg).content())) {
                pool.metrics.heartbeatRoundTrip(System.nanoTime() - pingSentNanos);
                pingSentNanos = 0;
            }
            ctx.fireChannelRead(msg);
        }

        private boolean isPong(ByteBuf body) {
            int i = body.readerIndex();
            return body.readableBytes() >= 5 && body.getByte(i) == 4 && body.getByte(i + 1) == 'P'
                    && body.getByte(i + 2) == 'O' && body.getByte(i + 3) == 'N' && body.getByte(i + 4) == 'G';
        }
    }
}
