/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server;

import io.zmtp.socket.ZmtpSocketOptions;

/**
 * Immutable settings of a {@link ZmtpServer}: those every socket shares ({@link ZmtpSocketOptions}: high-water
 * marks, linger, spins, I/O threads, codec options) and the server's own bounds on memory and handshakes. Create with
 * {@link #builder()}, change a copy with {@link #mutate()}.
 *
 * <h2>Parameters that bound memory</h2>
 * Besides the shared marks ({@link ZmtpSocketOptions}):
 * <ul>
 *   <li>{@link #sendHighWaterBytes()}: the send high-water mark in message octets (default
 *       {@value #DEFAULT_HIGH_WATER_BYTES}), since a count of messages bounds no memory when messages are large. A
 *       queue is full at whichever mark it reaches first; one message larger than the mark still passes an empty
 *       queue.</li>
 *   <li>{@link #maxQueuedBytes()}: message octets the whole server holds in its receive queue, and separately in its
 *       peers' send queues (default: an eighth of the JVM's maximum heap, at least 16 MiB, each). Past it in the
 *       receive queue, a peer that delivers is no longer read until the queue drains to half of it. Past it in the
 *       send queues, the peer holding the most unsent octets among those that are not reading is disconnected
 *       (counted as a connection error with reason {@code memory}), since waiting frees nothing.</li>
 *   <li>{@link #maxHandshakes()}: connections whose handshake is under way at once (default
 *       {@value #DEFAULT_MAX_HANDSHAKES}); one more is closed as soon as it is accepted.</li>
 * </ul>
 * The server's own event loop group has Netty's default number of I/O threads (two per core) unless
 * {@link Builder#ioThreads} says otherwise.
 */
public final class ZmtpServerOptions extends ZmtpSocketOptions {

    /**
     * Default {@code maxHandshakes}. A handshake takes a round trip or two, so even a busy server has few under way
     * at once (a thousand connections a second, each handshaken in 10 ms, keep ten); the bound matters when
     * connections stall, each holding a descriptor, a timer and handshake buffers until the handshake timeout. 1024
     * leaves a hundredfold headroom for bursts of honest clients and is no more than the descriptors many systems
     * give a process by default.
     */
    public static final int DEFAULT_MAX_HANDSHAKES = 1024;

    private static final ZmtpServerOptions DEFAULTS = builder().build();

    private final long sendHighWaterBytes;
    private final long maxQueuedBytes;
    private final int maxHandshakes;

    private ZmtpServerOptions(Builder b) {
        super(b);
        this.sendHighWaterBytes = b.sendHighWaterBytes;
        this.maxQueuedBytes = b.maxQueuedBytes;
        this.maxHandshakes = b.maxHandshakes;
    }

    /** Returns the default options. */
    public static ZmtpServerOptions defaults() {
        return DEFAULTS;
    }

    /** Returns a builder that starts from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder that starts from these options. */
    public Builder mutate() {
        return new Builder(this);
    }

    /** Returns the most message octets queued to one peer before sends to it block (one larger message passes). */
    public long sendHighWaterBytes() {
        return sendHighWaterBytes;
    }

    /**
     * Returns the most message octets the server holds in its receive queue, and separately in its send queues; see
     * "Parameters that bound memory" above.
     */
    public long maxQueuedBytes() {
        return maxQueuedBytes;
    }

    /** The default {@link #maxQueuedBytes()}: an eighth of the JVM's maximum heap, at least 16 MiB. */
    static long defaultMaxQueuedBytes() {
        return Math.max(16L << 20, Runtime.getRuntime().maxMemory() / 8);
    }

    /**
     * Returns the most connections whose handshake may be under way at once; a connection accepted beyond it is
     * closed before it is greeted. A connection's place is freed when its handshake succeeds, fails, times out or
     * the connection closes.
     */
    public int maxHandshakes() {
        return maxHandshakes;
    }

    @Override
    public String toString() {
        return "ZmtpServerOptions{" + sharedToString() + ", sndhwmBytes=" + sendHighWaterBytes + ", maxQueuedBytes="
                + maxQueuedBytes + ", maxHandshakes=" + maxHandshakes + '}';
    }

    /** Builds {@link ZmtpServerOptions}; every setter validates its argument at once. */
    public static final class Builder extends ZmtpSocketOptions.Builder<Builder> {
        private long sendHighWaterBytes = DEFAULT_HIGH_WATER_BYTES;
        private long maxQueuedBytes = defaultMaxQueuedBytes();
        private int maxHandshakes = DEFAULT_MAX_HANDSHAKES;

        private Builder() {
            super(0);
        }

        private Builder(ZmtpServerOptions o) {
            super(o);
            sendHighWaterBytes = o.sendHighWaterBytes;
            maxQueuedBytes = o.maxQueuedBytes;
            maxHandshakes = o.maxHandshakes;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Sets the send high-water mark in message octets per peer, 0 for no limit. */
        public Builder sendHighWaterBytes(long bytes) {
            this.sendHighWaterBytes = nonNegative(bytes, "sendHighWaterBytes");
            return this;
        }

        /**
         * Sets the most message octets the server holds in its receive queue, and in its send queues; at least 1.
         */
        public Builder maxQueuedBytes(long bytes) {
            this.maxQueuedBytes = positive(bytes, "maxQueuedBytes");
            return this;
        }

        /**
         * Sets the most connections whose handshake may be under way at once, at least 1. Stalled connections hold
         * their places until the handshake timeout: a shorter one frees them sooner.
         */
        public Builder maxHandshakes(int connections) {
            this.maxHandshakes = (int) positive(connections, "maxHandshakes");
            return this;
        }

        /** Returns the options. */
        public ZmtpServerOptions build() {
            return new ZmtpServerOptions(this);
        }
    }
}
