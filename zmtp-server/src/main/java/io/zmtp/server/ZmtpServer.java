/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.ReferenceCountUtil;
import io.zmtp.codec.ZmtpChannelInitializer;
import io.zmtp.codec.ZmtpCodecBuilder;
import io.zmtp.codec.ZmtpHandshakeCompletionEvent;
import io.zmtp.codec.ZmtpSocketType;
import io.zmtp.codec.transport.ZmtpEndpoint;
import io.zmtp.codec.transport.ZmtpTransport;
import io.zmtp.server.internal.HandshakePlaces;
import io.zmtp.server.internal.MicrometerServerMetrics;
import io.zmtp.server.internal.RoutingIds;
import io.zmtp.server.internal.RoutingTable;
import io.zmtp.server.internal.ServerMetrics;
import io.zmtp.socket.HostUnreachableException;
import io.zmtp.socket.SendTimeoutException;
import io.zmtp.socket.SocketClosedException;
import io.zmtp.socket.WouldBlockException;
import io.zmtp.socket.ZmtpSocketOptions;
import io.zmtp.socket.internal.FairQueue;
import io.zmtp.socket.internal.Inbox;
import io.zmtp.socket.internal.NettyTransports;
import io.zmtp.socket.internal.ReceiveSpin;
import io.zmtp.socket.internal.ReceiverWakeups;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A thread-safe ZeroMQ SERVER socket (41/CLIENTSERVER) over ZMTP 3.1: it accepts CLIENT peers, gives each a
 * routing id, receives their messages fairly and sends to any of them by routing id.
 *
 * <pre>{@code
 * try (ZmtpServer server = ZmtpServer.builder().bind("tcp://127.0.0.1:5555").build()) {
 *     for (;;) {
 *         ZmtpServerMessage request = server.receive();
 *         server.send(request.routingId(), request.content());   // echo: hands the payload back
 *     }
 * }
 * }</pre>
 *
 * <h2>Routing ids</h2>
 * Every peer that completes its handshake gets an unsigned 32-bit routing id, never 0, unique among connected
 * peers. As in libzmq, ids are consecutive from a random start and wrap around, skipping 0 and ids still in use.
 * A peer that reconnects gets a new id. A send to an id no peer has ({@link HostUnreachableException}) fails at
 * once.
 *
 * <h2>Handshakes</h2>
 * At most {@link ZmtpServerOptions#maxHandshakes()} connections are in handshake at once: one more is closed as soon
 * as it is accepted, before it is greeted or costs any cryptography, and counted
 * ({@code zmtp.server.handshakes.refused}). A connection's place is freed when its handshake succeeds, fails, times
 * out or the connection closes.
 *
 * <h2>Sending</h2>
 * Messages are single-part. Each peer may have {@link ZmtpServerOptions#sendHighWaterMark()} messages queued and
 * not yet written to its socket. Sends to a full peer: {@link #send(int, ByteBuf)} blocks until there is room
 * (or its timeout expires: {@link SendTimeoutException}); {@link #trySend(int, ByteBuf)} fails at once with
 * {@link WouldBlockException}; {@link #sendAsync(int, ByteBuf)} fails its future at once with
 * {@link WouldBlockException}. Sends from application threads reach the event loop in batches, with one flush per
 * batch. A message queued to a peer that disconnects before it is written is counted
 * ({@code zmtp.server.messages.undelivered}), fails its {@code sendAsync} future, and is reported to
 * {@link ZmtpServerListener#peerDisconnected}: never dropped silently. Small messages are written in groups of
 * about 16 KiB that share one outcome, so when a connection dies in the middle of a group, all of the group counts
 * as undelivered, including messages of it the kernel had already taken (which may yet arrive).
 *
 * <h2>Receiving</h2>
 * {@link #receive()} takes messages fairly: one per peer in turn. Each peer may have
 * {@link ZmtpServerOptions#receiveHighWaterMark()} messages (or {@link ZmtpServerOptions#receiveHighWaterBytes()}
 * octets) waiting; at that mark its connection is no longer read (TCP pushes back on the peer) until half of them have
 * been received. Nothing is dropped. The messages of a peer whose send queue is full wait until it has drained to the
 * low-water mark: a peer that does not read its replies gets no more requests answered, and a receiver that answers
 * each request never blocks on it. A multipart message is
 * discarded whole and counted ({@code zmtp.server.messages.discarded}). Alternatively, a
 * {@link ZmtpMessageHandler} given to the builder receives every message on a dispatch thread.
 *
 * <h2>Reference counting</h2>
 * Sends take ownership of the payload when they succeed; when a blocking send or {@code trySend} throws, the
 * payload is still the caller's. {@code sendAsync} always takes ownership. Received messages are the receiver's to
 * release.
 *
 * <h2>Thread safety and lifecycle</h2>
 * Every method may be called from any thread, except that blocking sends must not run on the event loop of the peer
 * they wait for. {@link #close()} is idempotent: it stops accepting, waits up to {@link ZmtpServerOptions#linger()}
 * for queued messages to be written, closes every connection and releases what is left; a borrowed
 * {@link EventLoopGroup} is not shut down.
 */
public final class ZmtpServer implements AutoCloseable {

    private static final System.Logger logger = System.getLogger(ZmtpServer.class.getName());
    /**
     * Bounds of the octets a connection may have written and not yet taken by its socket: above the high mark a
     * peer's queued messages wait in its outbox (and count against SNDHWM) until the socket has taken all but the
     * low mark. High enough that a burst of small messages never stalls on it.
     */
    static final WriteBufferWaterMark WRITE_BUFFER_WATER_MARK = new WriteBufferWaterMark(512 * 1024, 1024 * 1024);

    private final ZmtpServerOptions options;
    private final ServerMetrics metrics;
    private final ZmtpServerListener listener;
    private final ZmtpMessageHandler handler;
    private final ZmtpChannelInitializer codec;
    private final EventLoopGroup group;
    private final boolean ownGroup;

    private final RoutingTable<Peer> peers = new RoutingTable<>(peer -> peer.routingId);
    /** Connections whose handshake is under way: accepted, and neither handshaken nor failed nor closed yet. */
    private final HandshakePlaces handshakes;
    private final RoutingIds routingIds;

    private final FairQueue<ZmtpServerMessage> receiveQueue;
    private final ReceiveSpin receiveSpin;

    private final List<Channel> serverChannels = new ArrayList<>();
    private final List<ZmtpEndpoint> endpoints = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean closing;
    private Thread dispatcher;

    private ZmtpServer(Builder b) {
        this.options = b.options;
        this.receiveSpin = new ReceiveSpin(b.options.receiveSpin(), b.options.replySpin());
        this.receiveQueue = new FairQueue<>(new FairQueue.Marks(ZmtpSocketOptions.limit(options.receiveHighWaterMark()),
                ZmtpSocketOptions.limit(options.receiveHighWaterBytes()), options.maxQueuedBytes()), receiveSpin,
                message -> message.content().readableBytes(), ZmtpServerMessage::release, "the server is closed");
        this.metrics = b.metrics;
        this.listener = b.listener;
        this.handler = b.handler;
        this.handshakes = new HandshakePlaces(options.maxHandshakes());
        this.routingIds = b.firstRoutingId == null ? new RoutingIds() : new RoutingIds(b.firstRoutingId);
        this.codec = ZmtpCodecBuilder.forServer(ZmtpSocketType.SERVER).options(options.codecOptions())
                .singleFrameBodies(true).build();
        this.ownGroup = b.group == null;
        this.group = ownGroup ? new MultiThreadIoEventLoopGroup(options.ioThreads(), NettyTransports.ioHandlerFactory())
                : b.group;
        metrics.bindGauges(peers::size, handshakes::taken, receiveQueue::depth);
        metrics.bindMemoryGauges(receiveQueue::bytes, this::sendQueueBytes, receiveQueue::heldInboxes);
    }

    /** Returns a builder. */
    public static Builder builder() {
        return new Builder();
    }

    private void bind(List<String> bindings) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NettyTransports.serverChannelClass(group))
                .option(ChannelOption.SO_BACKLOG, 100)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(channelInitializer());
        for (String binding : bindings) {
            ZmtpEndpoint endpoint = ZmtpEndpoint.parse(binding);
            if (endpoint.transport() != ZmtpTransport.TCP) {
                throw new IllegalArgumentException("cannot bind '" + binding + "': only tcp:// endpoints are "
                        + "supported for now");
            }
            ChannelFuture bound = bootstrap.bind(endpoint.toBindAddress()).awaitUninterruptibly();
            if (!bound.isSuccess()) {
                Throwable cause = bound.cause();
                String message = "cannot bind " + endpoint + ": " + cause.getMessage();
                throw cause instanceof IOException ? new UncheckedIOException(message, (IOException) cause)
                        : new IllegalStateException(message, cause);
            }
            Channel channel = bound.channel();
            serverChannels.add(channel);
            endpoints.add(endpoint.withPort(((InetSocketAddress) channel.localAddress()).getPort()));
        }
    }

    private void startDispatcher() {
        if (handler == null) {
            return;
        }
        dispatcher = new Thread(this::dispatch, "zmtp-server-dispatch");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    private void dispatch() {
        while (true) {
            ZmtpServerMessage message;
            try {
                message = take(-1);
            } catch (InterruptedException | SocketClosedException e) {
                return;
            }
            try {
                handler.onMessage(this, message);
            } catch (Throwable t) {
                metrics.handlerFailed();
                logger.log(System.Logger.Level.WARNING, "message handler failed", t);
            }
        }
    }

    /** Returns the endpoints the server is bound to, with the real port where port 0 was asked. */
    public List<ZmtpEndpoint> endpoints() {
        return Collections.unmodifiableList(endpoints);
    }

    /** Returns the options. */
    public ZmtpServerOptions options() {
        return options;
    }

    /** Returns the number of handshaken peers. */
    public int peerCount() {
        return peers.size();
    }

    /** Returns whether a peer currently has {@code routingId}. */
    public boolean isConnected(int routingId) {
        return peers.containsId(routingId);
    }

    /** Returns whether the receive queue has paused reading from the connected peer {@code routingId}. */
    boolean isReadPaused(int routingId) {
        return peers.get(routingId).inbox.isReadPaused();
    }

    /**
     * Returns a new handler for one connection, to put after the codec in a pipeline of your own. Its sends reach the
     * handlers between it and the codec as {@link io.zmtp.codec.ZmtpMessage}s, one per message. (In the pipeline of
     * {@link #channelInitializer()}, where there are none, a NULL or PLAIN connection's sends are framed in batches
     * by the handler itself and written as bytes.)
     */
    public ServerSocketHandler newSocketHandler() {
        return new ServerSocketHandler(this, false, false);
    }

    /**
     * Returns an initializer that installs the SERVER codec and a {@link ServerSocketHandler}, for any bootstrap. It
     * closes a connection at once, before greeting it, when {@link ZmtpServerOptions#maxHandshakes()} connections
     * are in handshake ({@code zmtp.server.handshakes.refused}).
     */
    public ChannelInitializer<Channel> channelInitializer() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                if (closing) {
                    ch.close();
                    return;
                }
                if (!handshakes.tryTake()) {
                    metrics.handshakeRefused();
                    ch.close();
                    return;
                }
                try {
                    ch.config().setWriteBufferWaterMark(WRITE_BUFFER_WATER_MARK);
                    codec.install(ch.pipeline());
                    // our own pipeline, nothing between the socket handler and the codec: it may frame sends itself
                    ch.pipeline().addLast("zmtp-server", new ServerSocketHandler(ZmtpServer.this, true, true));
                } catch (RuntimeException | Error e) {
                    handshakes.giveBack(); // no socket handler holds the place
                    throw e;
                }
            }
        };
    }

    // ---------------------------------------------------------------- sending

    /** Sends {@code payload} to peer {@code routingId}, waiting as long as it takes for room in its queue. */
    public void send(int routingId, ByteBuf payload) throws InterruptedException {
        send(routingId, payload, -1);
    }

    /**
     * Sends {@code payload} to peer {@code routingId}, waiting at most {@code timeout} for room in its queue.
     *
     * @throws HostUnreachableException if no peer has {@code routingId}, or it leaves while we wait
     * @throws SendTimeoutException if the peer's queue stayed full for {@code timeout}
     */
    public void send(int routingId, ByteBuf payload, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        send(routingId, payload, Math.max(0, timeout.toNanos()));
    }

    /** Sends a copy of {@code payload}, waiting as long as it takes for room. */
    public void send(int routingId, byte[] payload) throws InterruptedException {
        Objects.requireNonNull(payload, "payload");
        Peer peer = peer(routingId);
        send(peer, copyOf(peer, payload), -1);
    }

    /**
     * What a send of {@code payload} queues, so that the caller may reuse the array as soon as the send returns: the
     * array itself where the peer copies it into its batch during the send (a small body framed by the sender), else
     * a buffer over a copy of it.
     */
    private static Object copyOf(Peer peer, byte[] payload) {
        return peer.copiesWhenQueued(payload.length) ? payload : Unpooled.wrappedBuffer(payload.clone());
    }

    private void send(int routingId, ByteBuf payload, long timeoutNanos) throws InterruptedException {
        Objects.requireNonNull(payload, "payload");
        send(peer(routingId), payload, timeoutNanos);
    }

    /** Sends {@code payload}, a buffer or an array as {@link Peer#tryOffer} takes them. */
    private void send(Peer peer, Object payload, long timeoutNanos) throws InterruptedException {
        receiveSpin.sent();
        int routingId = peer.routingId;
        if (!peer.tryOffer(payload, null)) {
            metrics.sendBlocked();
            if (peer.channel.eventLoop().inEventLoop()) {
                throw new IllegalStateException("a blocking send to a full peer cannot wait on the peer's own "
                        + "event loop; use trySend or sendAsync there");
            }
            if (!peer.offer(payload, timeoutNanos)) {
                throw new SendTimeoutException("peer " + Integer.toUnsignedString(routingId) + " kept "
                        + options.sendHighWaterMark() + " messages queued for " + Duration.ofNanos(timeoutNanos));
            }
        }
    }

    /**
     * Sends {@code payload} to peer {@code routingId} if its queue has room now.
     *
     * @throws HostUnreachableException if no peer has {@code routingId}
     * @throws WouldBlockException if the peer already has its high-water mark of messages queued
     */
    public void trySend(int routingId, ByteBuf payload) {
        Objects.requireNonNull(payload, "payload");
        trySend(peer(routingId), payload);
    }

    /** Sends a copy of {@code payload} if the peer's queue has room now; see {@link #trySend(int, ByteBuf)}. */
    public void trySend(int routingId, byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        Peer peer = peer(routingId);
        trySend(peer, copyOf(peer, payload));
    }

    private void trySend(Peer peer, Object payload) {
        receiveSpin.sent();
        if (!peer.tryOffer(payload, null)) {
            metrics.sendBlocked();
            throw new WouldBlockException("peer " + Integer.toUnsignedString(peer.routingId) + " has "
                    + options.sendHighWaterMark() + " messages queued");
        }
    }

    /**
     * Queues {@code payload} for peer {@code routingId} without blocking; the future completes when the message has
     * been written to the peer's socket. It fails with {@link HostUnreachableException} if there is no such peer or
     * the peer leaves first, and with {@link WouldBlockException} if the peer's queue is full now. Always takes
     * ownership of {@code payload}.
     */
    public CompletableFuture<Void> sendAsync(int routingId, ByteBuf payload) {
        Objects.requireNonNull(payload, "payload");
        CompletableFuture<Void> future = new CompletableFuture<>();
        receiveSpin.sent();
        try {
            Peer peer = peer(routingId);
            if (!peer.tryOffer(payload, future)) {
                metrics.sendBlocked();
                throw new WouldBlockException("peer " + Integer.toUnsignedString(routingId) + " has "
                        + options.sendHighWaterMark() + " messages queued");
            }
        } catch (RuntimeException e) {
            ReferenceCountUtil.safeRelease(payload);
            future.completeExceptionally(e);
        }
        return future;
    }

    private Peer peer(int routingId) {
        if (closed.get()) {
            throw new SocketClosedException("the server is closed");
        }
        Peer peer = peers.get(routingId);
        if (peer == null || peer.isClosed()) {
            metrics.sendUnreachable();
            throw new HostUnreachableException(routingId);
        }
        return peer;
    }

    // ---------------------------------------------------------------- receiving

    /**
     * Returns the next message, waiting as long as it takes.
     *
     * @throws SocketClosedException once the server is closed
     * @throws IllegalStateException if the server dispatches to a {@link ZmtpMessageHandler}
     */
    public ZmtpServerMessage receive() throws InterruptedException {
        requireNoHandler();
        return take(-1);
    }

    /** Returns the next message, or {@code null} if none arrives within {@code timeout}. */
    public ZmtpServerMessage receive(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        requireNoHandler();
        return take(Math.max(0, timeout.toNanos()));
    }

    /**
     * Returns the next message if one is waiting now, else null at once.
     *
     * @throws SocketClosedException once the server is closed
     * @throws IllegalStateException if the server dispatches to a {@link ZmtpMessageHandler}
     */
    public ZmtpServerMessage tryReceive() throws InterruptedException {
        requireNoHandler();
        return take(0);
    }

    /**
     * Returns a future of the next message, completed on the I/O thread that delivers it (or at once if one is
     * waiting); it fails with {@link SocketClosedException} if the server closes first. Futures are served in the
     * order they were asked for, before threads parked in {@link #receive()}. Cancelling the future gives up the
     * wait; a message that reached it after all goes back to the front of the queue.
     *
     * @throws IllegalStateException if the server dispatches to a {@link ZmtpMessageHandler}
     */
    public CompletableFuture<ZmtpServerMessage> receiveAsync() {
        requireNoHandler();
        return receiveQueue.takeAsync();
    }

    private void requireNoHandler() {
        if (handler != null) {
            throw new IllegalStateException("this server dispatches messages to its ZmtpMessageHandler");
        }
    }

    private ZmtpServerMessage take(long timeoutNanos) throws InterruptedException {
        return receiveQueue.take(timeoutNanos);
    }

    // ---------------------------------------------------------------- called by ServerSocketHandler

    /**
     * A connection of a pipeline of the application's has started its handshake: it counts in
     * {@code zmtp.server.connections.handshaking}, never refused.
     */
    void handshakeStarted() {
        handshakes.take();
    }

    /** A connection's handshake has ended: it succeeded, failed, timed out or the connection closed. */
    void handshakeEnded() {
        handshakes.giveBack();
    }

    /** Registers a handshaken connection under a new routing id; returns {@code null} if the server is closing. */
    Peer register(Channel channel, io.zmtp.codec.ZmtpMetadata metadata, boolean framesDirect) {
        if (closing) {
            return null;
        }
        Peer peer;
        do {
            peer = new Peer(routingIds.next(peers::containsId), channel, metadata, this, framesDirect);
        } while (!peers.putIfAbsent(peer));
        metrics.handshakeSucceeded();
        listener.peerConnected(peer.routingId, peer.remoteAddress);
        return peer;
    }

    void handshakeFailed(Channel channel, ZmtpHandshakeCompletionEvent event) {
        metrics.handshakeFailed(event.reason());
        listener.handshakeFailed(channel.remoteAddress(), event.reason(), event.cause().getMessage());
    }

    void unregister(Peer peer) {
        peers.remove(peer);
        peer.close();
        listener.peerDisconnected(peer.routingId, peer.remoteAddress, peer.undelivered());
    }

    /**
     * Adds payloads read from {@code peer} to the receive queue, under one acquisition of the receive lock. Parked
     * receivers are woken ({@link ReceiverWakeups}) when {@code endOfRead} or when the peer's reading pauses at
     * RCVHWM; a read loop that ends without a final hand-over calls {@link #wakeReceivers()}. Takes ownership of the
     * payloads.
     */
    void deliver(Peer peer, List<ByteBuf> payloads, boolean endOfRead) {
        int n = payloads.size();
        List<ZmtpServerMessage> messages = new ArrayList<>(n);
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            ByteBuf payload = payloads.get(i);
            bytes += payload.readableBytes();
            messages.add(new ZmtpServerMessage(peer.routingId, payload, peer.metadata));
        }
        metrics.messagesReceived(n, bytes);
        receiveQueue.deliver(peer.inbox, messages, bytes, endOfRead);
    }

    /** Returns a receive-queue inbox for a peer on {@code channel}: its reading pauses through its auto-read. */
    Inbox<ZmtpServerMessage> newInbox(Channel channel) {
        return receiveQueue.newInbox(new FairQueue.Reading() {
            @Override
            public void pause() {
                channel.config().setAutoRead(false);
            }

            @Override
            public void resume() {
                channel.config().setAutoRead(true);
            }
        });
    }

    /** The send queue of {@code peer}, whose messages the receive queue held, has drained. */
    void sendRoomFreed(Peer peer) {
        receiveQueue.sendRoomFreed(peer.inbox);
    }

    /**
     * After a send to {@code peer}: if it takes no writes now, disconnects the peer that holds the most unsent octets
     * among those not reading, should the send queues hold more than {@link ZmtpServerOptions#maxQueuedBytes()}.
     * While a peer takes writes its queue drains, so only a send to one that does not is a moment to look; then
     * every peer's queue is added up. Called outside the peer's locks.
     */
    void checkSendQueueMemory(Peer peer) {
        if (!peer.isWritable()) {
            MemoryShedding.shed(this, peers.values(), options.maxQueuedBytes());
        }
    }

    /** Returns the body octets queued to every peer and not yet written. */
    private long sendQueueBytes() {
        long held = 0;
        for (Peer peer : peers.values()) {
            held += peer.queuedBytes();
        }
        return held;
    }

    /** A peer was disconnected because its unsent messages held too much memory: counts it. */
    void shedForMemory() {
        metrics.connectionError("memory");
    }

    ServerMetrics metrics() {
        return metrics;
    }

    /** Wakes parked receivers for the messages delivered since the last wake-up. */
    void wakeReceivers() {
        receiveQueue.wakeReceivers();
    }

    void connectionError(Throwable cause) {
        String reason;
        if (cause instanceof io.netty.handler.codec.TooLongFrameException) {
            reason = "too-large";
        } else if (cause instanceof io.zmtp.codec.ZmtpHeartbeatTimeoutException) {
            reason = "heartbeat-timeout";
        } else if (cause instanceof io.netty.handler.codec.DecoderException) {
            reason = "protocol";
        } else {
            reason = "io";
        }
        metrics.connectionError(reason);
    }

    void multipartDiscarded(Peer peer) {
        metrics.multipartDiscarded();
        if (logger.isLoggable(System.Logger.Level.DEBUG)) {
            logger.log(System.Logger.Level.DEBUG, "discarded a multipart message from peer "
                    + Integer.toUnsignedString(peer.routingId));
        }
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Closes the server: stops accepting, waits up to the linger for queued messages to be written, closes every
     * connection, releases messages nobody received, and shuts down its own event loops. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closing = true;
        for (Channel channel : serverChannels) {
            channel.close().awaitUninterruptibly();
        }
        long deadline = System.nanoTime() + options.linger().toNanos();
        while (System.nanoTime() < deadline && peers.values().stream().anyMatch(p -> p.queued() > 0)) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Peer peer : peers.values()) {
            peer.channel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
        receiveQueue.close();
        if (dispatcher != null && dispatcher != Thread.currentThread()) {
            dispatcher.interrupt();
            try {
                dispatcher.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (ownGroup) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return "ZmtpServer" + endpoints + (closed.get() ? " (closed)" : "");
    }

    /** Builds and binds a {@link ZmtpServer}. */
    public static final class Builder {
        private final List<String> bindings = new ArrayList<>();
        private ZmtpServerOptions options = ZmtpServerOptions.defaults();
        private EventLoopGroup group;
        private ServerMetrics metrics = ServerMetrics.NOOP;
        private ZmtpServerListener listener = new ZmtpServerListener() {
        };
        private ZmtpMessageHandler handler;
        private Integer firstRoutingId;

        private Builder() {
        }

        /** Starts routing ids at {@code first} instead of a random value; for tests of wrap-around. */
        Builder firstRoutingId(int first) {
            this.firstRoutingId = first;
            return this;
        }

        /** Adds an endpoint to bind, e.g. {@code tcp://127.0.0.1:5555} or {@code tcp://*:0}. */
        public Builder bind(String endpoint) {
            bindings.add(Objects.requireNonNull(endpoint, "endpoint"));
            return this;
        }

        /** Sets the options. */
        public Builder options(ZmtpServerOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** Borrows an event loop group for accepting and serving connections; it is never shut down by the server. */
        public Builder eventLoopGroup(EventLoopGroup group) {
            this.group = Objects.requireNonNull(group, "group");
            return this;
        }

        /** Records {@code zmtp.server.*} meters in {@code registry}. Requires Micrometer on the class path. */
        public Builder meterRegistry(MeterRegistry registry) {
            this.metrics = new MicrometerServerMetrics(registry);
            return this;
        }

        /** Sets the listener of connection events. */
        public Builder listener(ZmtpServerListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Dispatches every message to {@code handler} on a dedicated thread instead of {@link #receive()}. */
        public Builder messageHandler(ZmtpMessageHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Creates the server and binds its endpoints (none: use {@link ZmtpServer#channelInitializer()} in a
         * bootstrap of your own).
         *
         * @throws UncheckedIOException if an endpoint cannot be bound (for instance, the port is in use)
         * @throws IllegalArgumentException if an endpoint is malformed or not tcp
         */
        public ZmtpServer build() {
            ZmtpServer server = new ZmtpServer(this);
            try {
                server.bind(bindings);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            server.startDispatcher();
            return server;
        }
    }
}
