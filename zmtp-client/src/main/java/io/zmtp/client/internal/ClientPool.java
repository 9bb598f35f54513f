/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.client.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.IllegalReferenceCountException;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.zmtp.client.ZmtpClientListener;
import io.zmtp.client.ZmtpClientOptions;
import io.zmtp.codec.ZmtpChannelInitializer;
import io.zmtp.codec.ZmtpCodecBuilder;
import io.zmtp.codec.ZmtpSocketType;
import io.zmtp.codec.transport.InvalidEndpointException;
import io.zmtp.codec.transport.ZmtpEndpoint;
import io.zmtp.codec.transport.ZmtpTransport;
import io.zmtp.socket.SendTimeoutException;
import io.zmtp.socket.SocketClosedException;
import io.zmtp.socket.WouldBlockException;
import io.zmtp.socket.ZmtpSocketOptions;
import io.zmtp.socket.internal.FairQueue;
import io.zmtp.socket.internal.Inbox;
import io.zmtp.socket.internal.NettyTransports;
import io.zmtp.socket.internal.ReceiveSpin;
import io.zmtp.socket.internal.ReceiverWakeups;
import io.zmtp.socket.internal.SendQueues;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The engine of a {@link io.zmtp.client.ZmtpClient}: the connections (one {@link ClientConnection} per endpoint),
 * round-robin sends over the ready ones, blocked and asynchronous senders, messages handed back by closed
 * connections, and the fair-queued receive side.
 *
 * <h2>Sending</h2>
 * A send reserves room on the next connection in round-robin order that is ready and below SNDHWM (a lock-free
 * compare-and-set), then queues its buffer there; the connection's event loop writes what is queued and flushes
 * once per batch. With no such connection a send waits on {@link #room}, which is signalled when a connection
 * becomes ready or drops below its mark.
 *
 * <h2>Nothing held in process is lost</h2>
 * A message whose write fails (its connection closed) and every message still queued on a connection that closed
 * is handed back ({@link #reroute}) and queued, in order, on the next ready connection; with none, it waits for
 * one. {@link #unsent} counts accepted messages until the kernel took them, which is what {@code close()}'s linger
 * waits for.
 *
 * <h2>Receiving</h2>
 * Each connection has its own inbox in one {@link FairQueue}: a receive takes one message from the first inbox that
 * holds any, then moves it to the back.
 */
public final class ClientPool {

    private static final System.Logger logger = System.getLogger(ClientPool.class.getName());
    private static final ClientConnection[] NONE = {};
    private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

    final ZmtpClientOptions options;
    final int sendHwm;
    /** Where a connection's queue must drain to before senders blocked at {@link #sendHwm} are woken. */
    final int sendLowWater;
    final int receiveHwm;
    final ClientMetrics metrics;
    final ZmtpClientListener listener;
    private final Consumer<ByteBuf> onMessage;
    final ZmtpChannelInitializer codec;
    final Backoff backoff;
    private final EventLoopGroup group;
    private final boolean ownGroup;

    private final Object connectionsLock = new Object();
    private volatile ClientConnection[] connections = NONE;
    private final AtomicInteger nextIndex = new AtomicInteger();

    private final ReentrantLock sendLock = new ReentrantLock();
    private final Condition room = sendLock.newCondition();
    private final Condition drained = sendLock.newCondition();
    private final AtomicInteger sendWaiters = new AtomicInteger();
    private final ConcurrentLinkedQueue<AsyncSend> asyncSends = new ConcurrentLinkedQueue<>();
    private final ReentrantLock asyncLock = new ReentrantLock();
    private final ConcurrentLinkedQueue<ByteBuf> orphans = new ConcurrentLinkedQueue<>();
    private final ReentrantLock orphanLock = new ReentrantLock();
    private final AtomicBoolean orphanDispatchScheduled = new AtomicBoolean();
    private final AtomicInteger unsent = new AtomicInteger();
    private final AtomicInteger drainWaiters = new AtomicInteger();

    private final ReceiveSpin receiveSpin;
    private final FairQueue<ByteBuf> receiveQueue;

    private final AtomicBoolean closeStarted = new AtomicBoolean();
    private volatile boolean closed;
    private volatile boolean terminated;

    /**
     * Creates a pool; it connects to nothing until {@link #connect(String)}.
     *
     * @param meterRegistry a Micrometer {@code MeterRegistry}, or null for no metrics
     * @param group an event loop group to borrow (never shut down here), or null to create one
     * @param onMessage the callback that receives every message (callback mode), or null for {@code receive}
     */
    public ClientPool(ZmtpClientOptions options, ZmtpClientListener listener, Object meterRegistry,
                      EventLoopGroup group, Consumer<ByteBuf> onMessage) {
        this.options = Objects.requireNonNull(options, "options");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.sendHwm = ZmtpSocketOptions.limit(options.sendHighWaterMark());
        this.sendLowWater = SendQueues.lowWaterMark(sendHwm);
        this.receiveSpin = new ReceiveSpin(options.receiveSpin(), options.replySpin());
        this.receiveHwm = ZmtpSocketOptions.limit(options.receiveHighWaterMark());
        this.receiveQueue = new FairQueue<>(new FairQueue.Marks(receiveHwm,
                ZmtpSocketOptions.limit(options.receiveHighWaterBytes()), Long.MAX_VALUE),
                receiveSpin, ByteBuf::readableBytes, ByteBuf::release, "the ZMTP client is closed");
        this.onMessage = onMessage;
        this.codec = ZmtpCodecBuilder.forClient(ZmtpSocketType.CLIENT).options(options.codecOptions())
                .singleFrameBodies(true).build();
        this.backoff = new Backoff(options.reconnectInterval(), options.reconnectIntervalMax(),
                bound -> ThreadLocalRandom.current().nextLong(bound));
        this.metrics = ClientMetrics.create(meterRegistry);
        this.ownGroup = group == null;
        this.group = group != null ? group
                : new MultiThreadIoEventLoopGroup(options.ioThreads(), NettyTransports.ioHandlerFactory());
        metrics.bindGauges(this::countConnections, unsent::get);
    }

    // ====================================================================================== endpoints

    /** Parses and checks a connectable tcp endpoint. */
    public static ZmtpEndpoint parseEndpoint(String endpoint) {
        ZmtpEndpoint parsed = ZmtpEndpoint.parse(Objects.requireNonNull(endpoint, "endpoint"));
        if (parsed.transport() != ZmtpTransport.TCP) {
            throw new InvalidEndpointException("invalid endpoint '" + endpoint + "': the client supports only tcp "
                    + "endpoints for now, not " + parsed.transport().scheme());
        }
        return parsed.requireConnectable();
    }

    /** Adds an endpoint and starts connecting to it; returns false if it was already connected. */
    public boolean connect(String endpoint) {
        ZmtpEndpoint parsed = parseEndpoint(endpoint);
        ClientConnection connection;
        synchronized (connectionsLock) {
            checkOpen();
            for (ClientConnection c : connections) {
                if (c.endpoint.equals(parsed)) {
                    return false;
                }
            }
            connection = new ClientConnection(this, parsed, group.next());
            ClientConnection[] updated = Arrays.copyOf(connections, connections.length + 1);
            updated[updated.length - 1] = connection;
            connections = updated;
        }
        connection.start();
        return true;
    }

    /**
     * Removes an endpoint: its connection closes and the messages it held go to the other connections. Messages
     * it received stay receivable. Returns false if the endpoint was not connected.
     */
    public boolean disconnect(String endpoint) {
        ZmtpEndpoint parsed = parseEndpoint(endpoint);
        ClientConnection removed = null;
        synchronized (connectionsLock) {
            List<ClientConnection> kept = new ArrayList<>(connections.length);
            for (ClientConnection c : connections) {
                if (c.endpoint.equals(parsed)) {
                    removed = c;
                } else {
                    kept.add(c);
                }
            }
            if (removed == null) {
                return false;
            }
            connections = kept.toArray(NONE);
        }
        removed.close();
        return true;
    }

    /** Returns the endpoints, in the order they were added. */
    public List<ZmtpEndpoint> endpoints() {
        List<ZmtpEndpoint> list = new ArrayList<>();
        for (ClientConnection c : connections) {
            list.add(c.endpoint);
        }
        return list;
    }

    /** Returns the number of connections that are handshaken and take messages. */
    public int readyConnections() {
        return countConnections(ConnectionState.READY);
    }

    private int countConnections(ConnectionState state) {
        int n = 0;
        for (ClientConnection c : connections) {
            if (c.state() == state) {
                n++;
            }
        }
        return n;
    }

    // ====================================================================================== sending

    /**
     * Sends {@code msg}, waiting up to {@code timeoutNanos} for room ({@code 0} = not at all, {@code < 0} =
     * forever). Takes ownership of {@code msg} only when it returns normally.
     */
    public void send(ByteBuf msg, long timeoutNanos) throws InterruptedException {
        if (msg.refCnt() == 0) {
            throw new IllegalReferenceCountException(0);
        }
        receiveSpin.sent();
        accept(reserveOrAwait(timeoutNanos), msg);
    }

    /** As {@link #send(ByteBuf, long)}, for a copy of {@code msg}; the array stays the caller's. */
    public void send(byte[] msg, long timeoutNanos) throws InterruptedException {
        receiveSpin.sent();
        ClientConnection c = reserveOrAwait(timeoutNanos);
        unsent.incrementAndGet();
        c.enqueueCopy(msg);
    }

    private ClientConnection reserveOrAwait(long timeoutNanos) throws InterruptedException {
        checkOpen();
        ClientConnection c = reserve();
        if (c == null) {
            metrics.sendBlocked();
            if (timeoutNanos == 0) {
                throw new WouldBlockException("no connection can take a message now: " + describeBlocked());
            }
            c = awaitRoom(timeoutNanos);
        }
        return c;
    }

    /**
     * Sends {@code msg} when room appears, without blocking. Always takes ownership of {@code msg}: a send that
     * fails (timeout, close) releases it. The future completes once the message is queued on a connection.
     */
    public CompletableFuture<Void> sendAsync(ByteBuf msg, long timeoutNanos) {
        receiveSpin.sent();
        if (closed) {
            msg.release();
            return CompletableFuture.failedFuture(closedException());
        }
        if (asyncSends.isEmpty()) {
            ClientConnection c = reserve();
            if (c != null) {
                accept(c, msg);
                return CompletableFuture.completedFuture(null);
            }
        }
        metrics.sendBlocked();
        AsyncSend pending = new AsyncSend(msg);
        asyncSends.add(pending);
        if (timeoutNanos >= 0) {
            pending.timeout = group.next().schedule(() -> {
                if (pending.claim()) {
                    asyncSends.remove(pending);
                    pending.msg.release();
                    pending.future.completeExceptionally(new SendTimeoutException("no connection could take the "
                            + "message within " + Duration.ofNanos(timeoutNanos) + ": " + describeBlocked()));
                }
            }, timeoutNanos, TimeUnit.NANOSECONDS);
        }
        drainAsyncSends();
        if (closed) {
            failAsyncSends();
        }
        return pending.future;
    }

    private void accept(ClientConnection c, ByteBuf msg) {
        unsent.incrementAndGet();
        c.enqueue(msg);
    }

    /** Reserves room on the next ready connection below SNDHWM in round-robin order, or returns null. */
    private ClientConnection reserve() {
        ClientConnection[] all = connections;
        int n = all.length;
        if (n == 0) {
            return null;
        }
        if (n == 1) {
            ClientConnection only = all[0];
            return only.tryReserve() ? only : null;
        }
        int start = nextIndex.getAndIncrement();
        for (int i = 0; i < n; i++) {
            ClientConnection c = all[Math.floorMod(start + i, n)];
            if (c.tryReserve()) {
                if (i > 0) {
                    // Skipped connections that could not take it: continue after the one that did, so that the
                    // ready ones share the load evenly (libzmq's lb rotates over its active pipes only).
                    nextIndex.compareAndSet(start + 1, start + i + 1);
                }
                return c;
            }
        }
        return null;
    }

    private ClientConnection awaitRoom(long timeoutNanos) throws InterruptedException {
        long nanos = timeoutNanos;
        sendLock.lockInterruptibly();
        sendWaiters.incrementAndGet();
        try {
            for (;;) {
                checkOpen();
                ClientConnection c = reserve();
                if (c != null) {
                    return c;
                }
                if (timeoutNanos < 0) {
                    room.await();
                } else {
                    if (nanos <= 0) {
                        throw new SendTimeoutException("no connection could take the message within "
                                + Duration.ofNanos(timeoutNanos) + ": " + describeBlocked());
                    }
                    nanos = room.awaitNanos(nanos);
                }
            }
        } finally {
            sendWaiters.decrementAndGet();
            sendLock.unlock();
        }
    }

    private String describeBlocked() {
        ClientConnection[] all = connections;
        if (all.length == 0) {
            return "no endpoint is connected";
        }
        int ready = 0;
        for (ClientConnection c : all) {
            if (c.isReady()) {
                ready++;
            }
        }
        return ready == 0 ? "none of " + all.length + (all.length == 1 ? " endpoint" : " endpoints")
                + " has completed a handshake yet"
                : "all " + ready + " ready connections hold SNDHWM (" + sendHwm + ") messages";
    }

    /** A connection became ready or fell below SNDHWM: wake whoever waits for room. Any thread. */
    void roomAvailable() {
        if (!asyncSends.isEmpty()) {
            drainAsyncSends();
        }
        if (sendWaiters.get() > 0) {
            sendLock.lock();
            try {
                room.signalAll();
            } finally {
                sendLock.unlock();
            }
        }
    }

    private void drainAsyncSends() {
        asyncLock.lock();
        try {
            AsyncSend next;
            while ((next = asyncSends.peek()) != null) {
                if (next.isClaimed()) {
                    asyncSends.poll();
                    continue;
                }
                ClientConnection c = reserve();
                if (c == null) {
                    return;
                }
                asyncSends.poll();
                if (next.claim()) {
                    if (next.timeout != null) {
                        next.timeout.cancel(false);
                    }
                    accept(c, next.msg);
                    next.future.complete(null);
                } else {
                    c.unreserve();
                }
            }
        } finally {
            asyncLock.unlock();
        }
    }

    private void failAsyncSends() {
        AsyncSend next;
        while ((next = asyncSends.poll()) != null) {
            if (next.claim()) {
                if (next.timeout != null) {
                    next.timeout.cancel(false);
                }
                next.msg.release();
                next.future.completeExceptionally(closedException());
            }
        }
    }

    /** A connection completed its handshake: give it the handed-back messages, and wake waiting senders. */
    void connectionReady(ClientConnection connection) {
        dispatchOrphans();
        roomAvailable();
    }

    /** {@code count} messages of {@code bytes} octets in all were handed to the kernel. */
    void messagesWritten(int count, long bytes) {
        metrics.messagesSent(count, bytes);
        unsentDecremented(count);
    }

    private void unsentDecremented() {
        unsentDecremented(1);
    }

    private void unsentDecremented(int count) {
        if (unsent.addAndGet(-count) == 0 && (closed || drainWaiters.get() > 0)) {
            sendLock.lock();
            try {
                drained.signalAll();
            } finally {
                sendLock.unlock();
            }
        }
    }

    /** Returns how many accepted messages the kernel has not yet taken. */
    public int unsentMessages() {
        return unsent.get();
    }

    /**
     * Waits up to {@code timeoutNanos} ({@code < 0} = forever) until every accepted message was handed to the
     * kernel; returns whether that happened.
     */
    public boolean awaitWritten(long timeoutNanos) throws InterruptedException {
        long nanos = timeoutNanos;
        sendLock.lockInterruptibly();
        drainWaiters.incrementAndGet();
        try {
            while (unsent.get() > 0) {
                if (timeoutNanos < 0) {
                    drained.await();
                } else {
                    if (nanos <= 0) {
                        return false;
                    }
                    nanos = drained.awaitNanos(nanos);
                }
            }
            return true;
        } finally {
            drainWaiters.decrementAndGet();
            sendLock.unlock();
        }
    }

    /**
     * Takes back a message that its connection could not write; it goes, in order with the others handed back in
     * the same event loop turn, to the next ready connection. Called on {@code loop}.
     */
    void reroute(ByteBuf msg, EventLoop loop) {
        if (terminated) {
            drop(msg);
            return;
        }
        metrics.messageRerouted();
        orphans.add(msg);
        if (orphanDispatchScheduled.compareAndSet(false, true)) {
            loop.execute(() -> {
                orphanDispatchScheduled.set(false);
                dispatchOrphans();
            });
        }
    }

    private void dispatchOrphans() {
        if (orphans.isEmpty()) {
            return;
        }
        orphanLock.lock();
        try {
            if (terminated) {
                ByteBuf msg;
                while ((msg = orphans.poll()) != null) {
                    drop(msg);
                }
                return;
            }
            ClientConnection target = nextReady();
            if (target == null) {
                return; // they wait for the next connection that completes its handshake
            }
            ByteBuf msg;
            while ((msg = orphans.poll()) != null) {
                target.enqueueForced(msg);
            }
        } finally {
            orphanLock.unlock();
        }
    }

    private ClientConnection nextReady() {
        ClientConnection[] all = connections;
        int n = all.length;
        int start = nextIndex.getAndIncrement();
        for (int i = 0; i < n; i++) {
            ClientConnection c = all[Math.floorMod(start + i, n)];
            if (c.isReady()) {
                return c;
            }
        }
        return null;
    }

    /** Releases a message that will never be written. */
    void drop(ByteBuf msg) {
        msg.release();
        metrics.messageDropped();
        unsentDecremented();
    }

    // ====================================================================================== receiving

    /**
     * Hands messages a connection read to the callback, or to the receive queue under one acquisition of the receive
     * lock. Waiting receivers are woken ({@link ReceiverWakeups}) when {@code endOfRead} or when the connection's
     * reading pauses at RCVHWM; a read loop that ends without a final hand-over calls {@link #wakeReceivers()}.
     * Called on the connection's event loop; takes ownership of the buffers (the list itself stays the caller's).
     */
    void deliver(ClientConnection connection, List<ByteBuf> msgs, boolean endOfRead) {
        int n = msgs.size();
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            bytes += msgs.get(i).readableBytes();
        }
        metrics.messagesReceived(n, bytes);
        if (onMessage != null) {
            for (int i = 0; i < n; i++) {
                try {
                    onMessage.accept(msgs.get(i));
                } catch (RuntimeException e) {
                    logger.log(System.Logger.Level.WARNING, "zmtp client: the message callback threw", e);
                }
            }
            return;
        }
        receiveQueue.deliver(connection.inbox, msgs, bytes, endOfRead);
    }

    /** Returns a receive-queue inbox for {@code connection}, whose reading it pauses and resumes. */
    Inbox<ByteBuf> newInbox(ClientConnection connection) {
        return receiveQueue.newInbox(new FairQueue.Reading() {
            @Override
            public void pause() {
                connection.pauseReading();
            }

            @Override
            public void resume() {
                connection.resumeReading();
            }
        });
    }

    /** Wakes waiting receivers for the messages delivered since the last wake-up. */
    void wakeReceivers() {
        receiveQueue.wakeReceivers();
    }

    /**
     * Returns the next message, fair-queued across connections, waiting up to {@code timeoutNanos} ({@code < 0} =
     * forever); null on timeout. The caller releases the buffer.
     */
    public ByteBuf receive(long timeoutNanos) throws InterruptedException {
        requireNoCallback();
        checkOpen();
        return receiveQueue.take(timeoutNanos);
    }

    /** Returns a future of the next message; see {@code ZmtpClient.receiveAsync}. */
    public CompletableFuture<ByteBuf> receiveAsync() {
        requireNoCallback();
        return receiveQueue.takeAsync();
    }

    private void requireNoCallback() {
        if (onMessage != null) {
            throw new IllegalStateException("this client delivers messages to its callback; receive() is not "
                    + "available");
        }
    }

    // ====================================================================================== closing

    /** Returns whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    private void checkOpen() {
        if (closed) {
            throw closedException();
        }
    }

    private static SocketClosedException closedException() {
        return new SocketClosedException("the ZMTP client is closed");
    }

    /**
     * Closes: refuses new sends at once, waits up to the linger for accepted messages to be written, then closes
     * every connection and releases whatever is left. Idempotent; a second call returns at once.
     */
    public void close() {
        if (!closeStarted.compareAndSet(false, true)) {
            return;
        }
        closed = true;
        boolean onLoop = inOwnEventLoop();
        sendLock.lock();
        try {
            room.signalAll();
        } finally {
            sendLock.unlock();
        }
        failAsyncSends();
        receiveQueue.close(); // receivers wake and fail; what connections still deliver is released
        if (!onLoop) {
            awaitDrained(options.linger().toNanos());
        }

        ClientConnection[] all;
        synchronized (connectionsLock) {
            all = connections;
            connections = NONE;
        }
        List<Future<?>> closing = new ArrayList<>();
        for (ClientConnection c : all) {
            closing.add(c.close());
        }
        if (!onLoop) {
            awaitAll(closing);
        }
        terminated = true;
        int left = unsent.get();
        List<Future<?>> purging = new ArrayList<>();
        for (ClientConnection c : all) {
            purging.add(c.loop.submit(c::purge));
        }
        if (!onLoop) {
            awaitAll(purging);
        }
        dispatchOrphans();
        if (left > 0) {
            logger.log(System.Logger.Level.WARNING, "zmtp client: closed with " + left + " message"
                    + (left == 1 ? "" : "s") + " not written within the linger of " + options.linger());
        }
        if (ownGroup) {
            Future<?> shutdown = group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            if (!onLoop) {
                shutdown.awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
        }
    }

    private void awaitDrained(long lingerNanos) {
        long nanos = lingerNanos;
        sendLock.lock();
        try {
            while (unsent.get() > 0 && nanos > 0) {
                nanos = drained.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sendLock.unlock();
        }
    }

    private static void awaitAll(List<Future<?>> futures) {
        long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
        for (Future<?> f : futures) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                f.awaitUninterruptibly(left, TimeUnit.NANOSECONDS);
            }
        }
    }

    private boolean inOwnEventLoop() {
        for (EventExecutor e : group) {
            if (e.inEventLoop()) {
                return true;
            }
        }
        return false;
    }

    /** A send waiting for room without blocking a thread. */
    private static final class AsyncSend {
        final ByteBuf msg;
        final CompletableFuture<Void> future = new CompletableFuture<>();
        private final AtomicBoolean claimed = new AtomicBoolean();
        volatile ScheduledFuture<?> timeout;

        AsyncSend(ByteBuf msg) {
            this.msg = msg;
        }

        boolean claim() {
            return claimed.compareAndSet(false, true);
        }

        boolean isClaimed() {
            return claimed.get();
        }
    }
}
