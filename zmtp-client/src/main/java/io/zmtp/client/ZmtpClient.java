/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.client;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.zmtp.client.internal.ClientPool;
import io.zmtp.codec.transport.ZmtpEndpoint;
import io.zmtp.socket.SendTimeoutException;
import io.zmtp.socket.SocketClosedException;
import io.zmtp.socket.WouldBlockException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A ZeroMQ CLIENT socket (41/CLIENTSERVER) over ZMTP 3.1: connects to one or more SERVER endpoints, sends each
 * message to one of them in round-robin order, and fair-queues what comes back. It behaves like libzmq's CLIENT, so
 * that servers and clients may start in any order and come and go while the application only sends and receives.
 *
 * <pre>{@code
 * try (ZmtpClient client = ZmtpClient.builder().connect("tcp://127.0.0.1:5555").build()) {
 *     client.send("hello".getBytes(StandardCharsets.UTF_8));
 *     byte[] reply = client.receiveBytes(Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <h2>The client pool</h2>
 * Each endpoint has one connection, which connects at once and, after any failure or loss, reconnects by itself
 * after {@link ZmtpClientOptions#reconnectInterval()}, doubling per consecutive failure up to
 * {@link ZmtpClientOptions#reconnectIntervalMax()}, with a jitter of up to a fifth; the delay starts over after a
 * successful handshake. An endpoint whose server does not exist yet keeps retrying quietly (one log line per
 * 30 s). A connection is <em>ready</em> once its handshake is done and while it holds fewer than
 * {@link ZmtpClientOptions#sendHighWaterMark() SNDHWM} messages the kernel has not yet taken. {@code send}
 * round-robins over the ready connections; when there is none (nothing connected yet, or all full) it blocks, up to
 * a timeout after which it throws {@link SendTimeoutException}; {@code trySend} throws {@link WouldBlockException}
 * at once; {@code sendAsync} returns a future.
 *
 * <h2>What "nothing held in process is lost" means</h2>
 * Guaranteed: a message accepted by {@code send} (it returned normally, or the {@code sendAsync} future completed)
 * is written to some server's socket before the client closes, unless the {@linkplain ZmtpClientOptions#linger()
 * linger} of {@code close()} expires first. When a connection dies, every message it held that the kernel had not
 * yet accepted (queued, or written to Netty with the write not complete) goes back to the pool and is queued, in
 * its original order, on the next ready connection; with none ready it waits for the next one to complete a
 * handshake. Messages sent through one connection reach that server in the order they were sent.
 * <p>Not guaranteed: bytes the kernel had accepted for a connection that then died are gone (or may have arrived:
 * the server may or may not have received them; ZMTP has no acknowledgements). A message handed back may reach its
 * new server after messages sent later through that connection. Small messages are written in groups of about
 * 16 KiB that share one outcome, so when a connection dies in the middle of a group, the whole group is handed
 * back, including messages of it that the kernel had already taken: around a connection failure a message may
 * arrive twice (at least once, never silently lost). Counters: {@code zmtp.client.messages.rerouted},
 * {@code zmtp.client.messages.dropped} (linger expired).
 *
 * <h2>Receiving</h2>
 * {@link #receive()} and friends take messages fair-queued across connections; or, with
 * {@link Builder#onMessage(Consumer)}, every message goes to a callback on the event loop instead. A connection
 * that has {@link ZmtpClientOptions#receiveHighWaterMark() RCVHWM} messages waiting stops being read until half
 * were taken: back-pressure, no loss. Only single-part messages exist for CLIENT/SERVER: an inbound multipart
 * message is discarded whole ({@code zmtp.client.messages.discarded}). Messages already received from a server that
 * then disconnects stay receivable.
 *
 * <h2>Heartbeats and failures</h2>
 * With heartbeats on ({@link ZmtpClientOptions.Builder#heartbeat(Duration, Duration)}), a server that stops
 * answering (a frozen process, a black-holed link) is detected: the connection is closed after the timeout and
 * reconnects. Timeouts and lost connections reconnect with the usual backoff. After a protocol error (bad greeting,
 * wrong mechanism or socket type, an ERROR command, an oversized frame) libzmq stops reconnecting that endpoint;
 * this client instead keeps retrying at the longest interval, because a wrong server on a port is often fixed by
 * redeploying it, and reports each failure to the {@link ZmtpClientListener}. Set
 * {@link ZmtpClientOptions.Builder#stopReconnectOnProtocolError(boolean)} for libzmq's behaviour.
 *
 * <h2>Threads and buffers</h2>
 * Every method is thread-safe. Blocking methods throw {@link InterruptedException} when the waiting thread is
 * interrupted. {@link #send(ByteBuf)} takes ownership of the buffer when it returns normally and leaves it with the
 * caller when it throws; {@link #sendAsync(ByteBuf)} always takes ownership (releasing it if the send fails).
 * {@link #receive()} returns a buffer the caller must release. Only {@code tcp://} endpoints are supported for now.
 * A borrowed {@link EventLoopGroup} must use Netty's NIO transport and is never shut down by the client.
 *
 * <h2>Closing</h2>
 * {@link #close()} is idempotent: it refuses new sends at once, fails blocked senders with
 * {@link SocketClosedException}, waits up to the linger for accepted messages to be written, then closes every
 * connection and releases whatever is left. Do not call it from a listener or callback (it cannot wait there).
 */
public final class ZmtpClient implements AutoCloseable {

    private final ZmtpClientOptions options;
    private final ClientPool pool;
    private final long defaultSendTimeoutNanos;

    private ZmtpClient(Builder b) {
        this.options = b.options;
        this.pool = new ClientPool(b.options, b.listener, b.meterRegistry, b.group, b.onMessage);
        this.defaultSendTimeoutNanos = toNanos(b.options.sendTimeout());
        try {
            for (String endpoint : b.endpoints) {
                pool.connect(endpoint);
            }
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** Returns a builder with default options and no endpoint. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the options. */
    public ZmtpClientOptions options() {
        return options;
    }

    // ------------------------------------------------------------------------------------------ endpoints

    /**
     * Adds {@code endpoint} ({@code tcp://host:port}) and starts connecting to it in the background.
     *
     * @return false if the client already had this endpoint
     * @throws io.zmtp.codec.transport.InvalidEndpointException if the endpoint is malformed or not tcp
     * @throws SocketClosedException if the client is closed
     */
    public boolean connect(String endpoint) {
        return pool.connect(endpoint);
    }

    /**
     * Removes {@code endpoint}: its connection closes; messages it still held go to the other connections; messages
     * it received stay receivable.
     *
     * @return false if the client did not have this endpoint
     */
    public boolean disconnect(String endpoint) {
        return pool.disconnect(endpoint);
    }

    /** Returns the endpoints, in the order they were added. */
    public List<ZmtpEndpoint> endpoints() {
        return pool.endpoints();
    }

    /** Returns how many connections have completed their handshake and are up now. */
    public int readyConnections() {
        return pool.readyConnections();
    }

    // ------------------------------------------------------------------------------------------ sending

    /**
     * Sends {@code payload} as one message, blocking up to {@link ZmtpClientOptions#sendTimeout()} while no
     * connection can take it. Takes ownership of {@code payload} when it returns normally.
     *
     * @throws SendTimeoutException if no connection could take it in time
     * @throws SocketClosedException if the client is closed
     */
    public void send(ByteBuf payload) throws InterruptedException {
        pool.send(Objects.requireNonNull(payload, "payload"), defaultSendTimeoutNanos);
    }

    /** As {@link #send(ByteBuf)}, waiting at most {@code timeout} ({@link ZmtpClientOptions#NO_TIMEOUT} = forever). */
    public void send(ByteBuf payload, Duration timeout) throws InterruptedException {
        pool.send(Objects.requireNonNull(payload, "payload"), toNanos(timeout));
    }

    /** Sends a copy of {@code payload}; see {@link #send(ByteBuf)}. */
    public void send(byte[] payload) throws InterruptedException {
        send(payload, defaultSendTimeoutNanos);
    }

    /** Sends a copy of {@code payload}, waiting at most {@code timeout}; see {@link #send(ByteBuf)}. */
    public void send(byte[] payload, Duration timeout) throws InterruptedException {
        send(payload, toNanos(timeout));
    }

    private void send(byte[] payload, long timeoutNanos) throws InterruptedException {
        pool.send(Objects.requireNonNull(payload, "payload"), timeoutNanos);
    }

    /**
     * Sends {@code payload} only if a connection can take it now. Takes ownership when it returns normally.
     *
     * @throws WouldBlockException if no connection is ready and below SNDHWM (libzmq's {@code EAGAIN})
     * @throws SocketClosedException if the client is closed
     */
    public void trySend(ByteBuf payload) {
        try {
            pool.send(Objects.requireNonNull(payload, "payload"), 0);
        } catch (InterruptedException e) {
            throw new AssertionError("a non-blocking send cannot be interrupted", e);
        }
    }

    /** Sends a copy of {@code payload} only if a connection can take it now; see {@link #trySend(ByteBuf)}. */
    public void trySend(byte[] payload) {
        try {
            send(payload, 0);
        } catch (InterruptedException e) {
            throw new AssertionError("a non-blocking send cannot be interrupted", e);
        }
    }

    /**
     * Sends {@code payload} without blocking: the future completes once the message is queued on a connection, or
     * fails with {@link SendTimeoutException} after {@link ZmtpClientOptions#sendTimeout()} or with
     * {@link SocketClosedException}. Sends made this way are queued in order. Always takes ownership of
     * {@code payload}. Dependent stages may run on an event loop thread: do not block in them.
     */
    public CompletableFuture<Void> sendAsync(ByteBuf payload) {
        return pool.sendAsync(Objects.requireNonNull(payload, "payload"), defaultSendTimeoutNanos);
    }

    /** Sends a copy of {@code payload} without blocking; see {@link #sendAsync(ByteBuf)}. */
    public CompletableFuture<Void> sendAsync(byte[] payload) {
        return sendAsync(Unpooled.wrappedBuffer(Objects.requireNonNull(payload, "payload").clone()));
    }

    /** Returns how many accepted messages have not yet been handed to the kernel. */
    public int unsentMessages() {
        return pool.unsentMessages();
    }

    /**
     * Waits until every message accepted so far has been handed to the kernel (not: received by a server), or
     * {@code timeout} passed ({@link ZmtpClientOptions#NO_TIMEOUT} = forever).
     *
     * @return whether nothing is left unsent
     */
    public boolean awaitWritten(Duration timeout) throws InterruptedException {
        return pool.awaitWritten(toNanos(timeout));
    }

    // ------------------------------------------------------------------------------------------ receiving

    /**
     * Returns the next message, waiting as long as it takes. The caller releases the buffer.
     *
     * @throws SocketClosedException if the client is closed
     * @throws IllegalStateException if the client delivers to a callback ({@link Builder#onMessage})
     */
    public ByteBuf receive() throws InterruptedException {
        return pool.receive(-1);
    }

    /** Returns the next message, or null if none arrived within {@code timeout}. The caller releases it. */
    public ByteBuf receive(Duration timeout) throws InterruptedException {
        return pool.receive(toNanos(timeout));
    }

    /**
     * Returns the next message if one is waiting now, else null at once. The caller releases it.
     *
     * @throws SocketClosedException if the client is closed
     * @throws IllegalStateException if the client delivers to a callback ({@link Builder#onMessage})
     */
    public ByteBuf tryReceive() throws InterruptedException {
        return pool.receive(0);
    }

    /**
     * Returns a future of the next message, completed on the I/O thread that delivers it (or at once if one is
     * waiting); it fails with {@link SocketClosedException} if the client closes first. Futures are served in the
     * order they were asked for, before threads parked in {@link #receive()}. Cancelling the future gives up the
     * wait; a message that reached it after all goes back to the front of the queue. The caller releases the buffer.
     *
     * @throws IllegalStateException if the client delivers to a callback ({@link Builder#onMessage})
     */
    public CompletableFuture<ByteBuf> receiveAsync() {
        return pool.receiveAsync();
    }

    /** Returns the next message as a byte array, waiting as long as it takes. */
    public byte[] receiveBytes() throws InterruptedException {
        return toBytes(receive());
    }

    /** Returns the next message as a byte array, or null if none arrived within {@code timeout}. */
    public byte[] receiveBytes(Duration timeout) throws InterruptedException {
        return toBytes(receive(timeout));
    }

    private static byte[] toBytes(ByteBuf buf) {
        if (buf == null) {
            return null;
        }
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    // ------------------------------------------------------------------------------------------ closing

    /** Returns whether {@link #close()} was called. */
    public boolean isClosed() {
        return pool.isClosed();
    }

    /** Closes the client; see the class description. Idempotent. */
    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "ZmtpClient" + endpoints() + (isClosed() ? " (closed)" : "");
    }

    private static long toNanos(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: >= 0)");
        }
        if (timeout.compareTo(Duration.ofDays(365 * 100)) > 0) {
            return -1; // NO_TIMEOUT and anything as long
        }
        return timeout.toNanos();
    }

    /** Builds a {@link ZmtpClient}; {@link #build()} starts connecting to the endpoints given so far. */
    public static final class Builder {
        private ZmtpClientOptions options = ZmtpClientOptions.defaults();
        private final List<String> endpoints = new ArrayList<>();
        private ZmtpClientListener listener = new ZmtpClientListener() {
        };
        private Object meterRegistry;
        private EventLoopGroup group;
        private Consumer<ByteBuf> onMessage;

        private Builder() {
        }

        /** Sets the options. */
        public Builder options(ZmtpClientOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** Adds an endpoint to connect to, such as {@code tcp://127.0.0.1:5555}; may be called many times. */
        public Builder connect(String endpoint) {
            ClientPool.parseEndpoint(endpoint);
            endpoints.add(endpoint);
            return this;
        }

        /** Sets the listener of connection events. */
        public Builder listener(ZmtpClientListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Records the {@code zmtp.client.*} meters in {@code meterRegistry}. Micrometer is an optional dependency:
         * without this call the client never touches a Micrometer class.
         */
        public Builder meterRegistry(MeterRegistry meterRegistry) {
            this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
            return this;
        }

        /** Borrows an event loop group (NIO transport); the client never shuts it down. */
        public Builder eventLoopGroup(EventLoopGroup group) {
            this.group = Objects.requireNonNull(group, "group");
            return this;
        }

        /**
         * Delivers every received message to {@code onMessage} instead of the receive queue. It runs on a Netty
         * event loop thread, must not block, and owns (must release) the buffer. {@code receive} is then
         * unavailable; back-pressure comes from the callback's own speed.
         */
        public Builder onMessage(Consumer<ByteBuf> onMessage) {
            this.onMessage = Objects.requireNonNull(onMessage, "onMessage");
            return this;
        }

        /** Creates the client and starts connecting to the endpoints. */
        public ZmtpClient build() {
            return new ZmtpClient(this);
        }
    }
}
