/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server;

import io.zmtp.codec.ZmtpCodecOptions;
import io.zmtp.socket.internal.ReceiveSpin;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable settings of a {@link ZmtpServer}: high-water marks, concurrent handshakes, linger, I/O threads, and the
 * codec options (mechanism, limits, handshake timeout, heartbeats) every connection uses. Create with
 * {@link #builder()}.
 *
 * <h2>Parameters that bound memory</h2>
 * <ul>
 *   <li>{@link #sendHighWaterMark()}: messages queued to one peer and not yet written to its socket (libzmq's
 *       {@code ZMQ_SNDHWM}, default {@value #DEFAULT_HWM}); a send to a full peer blocks or fails, never drops. A
 *       blocked send goes on once the peer's queue has drained to half of the mark (to 1024 below it for marks above
 *       2048), as in libzmq.</li>
 *   <li>{@link #receiveHighWaterMark()}: messages of one peer waiting in the receive queue ({@code ZMQ_RCVHWM},
 *       default {@value #DEFAULT_HWM}); a peer at its mark is no longer read until the application catches up
 *       to half of it.</li>
 *   <li>{@link #sendHighWaterBytes()} and {@link #receiveHighWaterBytes()}: the same marks in body octets (default
 *       {@value #DEFAULT_HIGH_WATER_BYTES} each), since a count of messages bounds no memory when messages are large.
 *       A queue is full at whichever mark it reaches first; one message larger than the mark still passes an empty
 *       queue.</li>
 *   <li>{@link #maxQueuedBytes()}: body octets the whole server holds in its receive queue, and separately in its
 *       peers' send queues (default: an eighth of the JVM's maximum heap, at least 16 MiB, each). Past it in the
 *       receive queue, a peer that delivers is no longer read until the queue drains to half of it. Past it in
 *       the send queues, the peer holding the most unsent octets among those that are not reading is disconnected
 *       (counted as a connection error with reason {@code memory}), since waiting frees nothing.</li>
 *   <li>{@link #maxHandshakes()}: connections whose handshake is under way at once (default
 *       {@value #DEFAULT_MAX_HANDSHAKES}); one more is closed as soon as it is accepted.</li>
 *   <li>The codec limits of {@link #codecOptions()} bound each frame, message and handshake.</li>
 * </ul>
 */
public final class ZmtpServerOptions {

    /** Default send and receive high-water mark, in messages, as libzmq. */
    public static final int DEFAULT_HWM = 1000;
    /**
     * Default {@code maxHandshakes}. A handshake takes a round trip or two, so even a busy server has few under way
     * at once (a thousand connections a second, each handshaken in 10 ms, keep ten); the bound matters when
     * connections stall, each holding a descriptor, a timer and handshake buffers until the handshake timeout. 1024
     * leaves a hundredfold headroom for bursts of honest clients and is no more than the descriptors many systems
     * give a process by default.
     */
    public static final int DEFAULT_MAX_HANDSHAKES = 1024;
    /** Default time {@link ZmtpServer#close()} waits for queued messages to be written. */
    public static final Duration DEFAULT_LINGER = Duration.ofSeconds(5);
    /** Default {@code replySpin}: 20 µs, the shortest spin that took the wait out of a request-reply round trip. */
    public static final Duration DEFAULT_REPLY_SPIN = ReceiveSpin.DEFAULT_REPLY_SPIN;

    /** Default {@code sendHighWaterBytes} and {@code receiveHighWaterBytes}: 16 MiB, one largest default message. */
    public static final long DEFAULT_HIGH_WATER_BYTES = 16L << 20;

    private static final ZmtpServerOptions DEFAULTS = builder().build();

    private final int sendHighWaterMark;
    private final int receiveHighWaterMark;
    private final long sendHighWaterBytes;
    private final long receiveHighWaterBytes;
    private final long maxQueuedBytes;
    private final int maxHandshakes;
    private final Duration linger;
    private final int ioThreads;
    private final Duration receiveSpin;
    private final Duration replySpin;
    private final ZmtpCodecOptions codecOptions;

    private ZmtpServerOptions(Builder b) {
        this.sendHighWaterMark = b.sendHighWaterMark;
        this.receiveHighWaterMark = b.receiveHighWaterMark;
        this.sendHighWaterBytes = b.sendHighWaterBytes;
        this.receiveHighWaterBytes = b.receiveHighWaterBytes;
        this.maxQueuedBytes = b.maxQueuedBytes;
        this.maxHandshakes = b.maxHandshakes;
        this.linger = b.linger;
        this.ioThreads = b.ioThreads;
        this.receiveSpin = b.receiveSpin;
        this.replySpin = b.replySpin;
        this.codecOptions = b.codecOptions;
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

    /** Returns the most messages queued to one peer before sends to it block. */
    public int sendHighWaterMark() {
        return sendHighWaterMark;
    }

    /** Returns the most messages of one peer waiting to be received before the peer stops being read. */
    public int receiveHighWaterMark() {
        return receiveHighWaterMark;
    }

    /** Returns the most body octets queued to one peer before sends to it block (one larger message passes). */
    public long sendHighWaterBytes() {
        return sendHighWaterBytes;
    }

    /** Returns the most body octets of one peer waiting to be received before the peer stops being read. */
    public long receiveHighWaterBytes() {
        return receiveHighWaterBytes;
    }

    /**
     * Returns the most body octets the server holds in its receive queue, and separately in its send queues; see
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

    /** Returns how long a graceful {@link ZmtpServer#close()} waits for queued messages to be written. */
    public Duration linger() {
        return linger;
    }

    /** Returns the number of I/O threads of the event loop group the server creates; 0 means one per core. */
    public int ioThreads() {
        return ioThreads;
    }

    /**
     * Returns how long {@link ZmtpServer#receive()} keeps polling, yielding the processor, when no message is
     * waiting, before it parks the thread; zero (the default) parks at once, unless
     * {@link #replySpin()} applies.
     */
    public Duration receiveSpin() {
        return receiveSpin;
    }

    /**
     * Returns how long {@link ZmtpServer#receive()} (or the thread that feeds a message handler) keeps polling when no
     * message is waiting and the server has sent since the last message it returned, so that a reply is likely on its way (request-reply); the longer of this
     * and {@link #receiveSpin()} applies. Default {@link #DEFAULT_REPLY_SPIN}.
     */
    public Duration replySpin() {
        return replySpin;
    }

    /** Returns the codec options of every connection. */
    public ZmtpCodecOptions codecOptions() {
        return codecOptions;
    }

    @Override
    public String toString() {
        return "ZmtpServerOptions{sndhwm=" + sendHighWaterMark + ", rcvhwm=" + receiveHighWaterMark
                + ", sndhwmBytes=" + sendHighWaterBytes + ", rcvhwmBytes=" + receiveHighWaterBytes
                + ", maxQueuedBytes=" + maxQueuedBytes + ", maxHandshakes=" + maxHandshakes + ", linger=" + linger
                + ", ioThreads=" + ioThreads + ", receiveSpin=" + receiveSpin + ", replySpin=" + replySpin
                + ", codec=" + codecOptions + '}';
    }

    /** Builds {@link ZmtpServerOptions}; every setter validates its argument at once. */
    public static final class Builder {
        private int sendHighWaterMark = DEFAULT_HWM;
        private int receiveHighWaterMark = DEFAULT_HWM;
        private long sendHighWaterBytes = DEFAULT_HIGH_WATER_BYTES;
        private long receiveHighWaterBytes = DEFAULT_HIGH_WATER_BYTES;
        private long maxQueuedBytes = defaultMaxQueuedBytes();
        private int maxHandshakes = DEFAULT_MAX_HANDSHAKES;
        private Duration linger = DEFAULT_LINGER;
        private int ioThreads;
        private Duration receiveSpin = Duration.ZERO;
        private Duration replySpin = DEFAULT_REPLY_SPIN;
        private ZmtpCodecOptions codecOptions = ZmtpCodecOptions.defaults();

        private Builder() {
        }

        private Builder(ZmtpServerOptions o) {
            sendHighWaterMark = o.sendHighWaterMark;
            receiveHighWaterMark = o.receiveHighWaterMark;
            sendHighWaterBytes = o.sendHighWaterBytes;
            receiveHighWaterBytes = o.receiveHighWaterBytes;
            maxQueuedBytes = o.maxQueuedBytes;
            maxHandshakes = o.maxHandshakes;
            linger = o.linger;
            ioThreads = o.ioThreads;
            receiveSpin = o.receiveSpin;
            replySpin = o.replySpin;
            codecOptions = o.codecOptions;
        }

        /** Sets the send high-water mark, at least 1 message. */
        public Builder sendHighWaterMark(int messages) {
            this.sendHighWaterMark = positive(messages, "sendHighWaterMark");
            return this;
        }

        /** Sets the receive high-water mark, at least 1 message. */
        public Builder receiveHighWaterMark(int messages) {
            this.receiveHighWaterMark = positive(messages, "receiveHighWaterMark");
            return this;
        }

        /** Sets the send high-water mark in body octets, at least 1. */
        public Builder sendHighWaterBytes(long bytes) {
            this.sendHighWaterBytes = positive(bytes, "sendHighWaterBytes");
            return this;
        }

        /** Sets the receive high-water mark in body octets, at least 1. */
        public Builder receiveHighWaterBytes(long bytes) {
            this.receiveHighWaterBytes = positive(bytes, "receiveHighWaterBytes");
            return this;
        }

        /** Sets the most body octets the server holds in its receive queue, and in its send queues; at least 1. */
        public Builder maxQueuedBytes(long bytes) {
            this.maxQueuedBytes = positive(bytes, "maxQueuedBytes");
            return this;
        }

        /**
         * Sets the most connections whose handshake may be under way at once, at least 1. Stalled connections hold
         * their places until the handshake timeout: a shorter one frees them sooner.
         */
        public Builder maxHandshakes(int connections) {
            this.maxHandshakes = positive(connections, "maxHandshakes");
            return this;
        }

        /** Sets the linger of a graceful close; {@link Duration#ZERO} closes at once, failing what is queued. */
        public Builder linger(Duration linger) {
            Objects.requireNonNull(linger, "linger");
            if (linger.isNegative()) {
                throw new IllegalArgumentException("linger: " + linger + " (expected: >= 0)");
            }
            this.linger = linger;
            return this;
        }

        /** Sets the I/O threads of the server's own event loop group; 0 (the default) means one per core. */
        public Builder ioThreads(int ioThreads) {
            if (ioThreads < 0) {
                throw new IllegalArgumentException("ioThreads: " + ioThreads + " (expected: >= 0)");
            }
            this.ioThreads = ioThreads;
            return this;
        }

        /**
         * Sets how long a {@code receive()} that finds no message keeps polling, yielding the processor, before it
         * parks, whether or not the socket has sent; zero (the default) leaves only {@link #replySpin}; at most one
         * second. A spin of a few tens of microseconds takes the wake-up of the receiving thread out of each
         * message's path when messages come one at a time, at the cost of a busy thread while it waits; the reply spin
         * does the same for request-reply at a bounded cost, so this one is for receivers that do not send.
         */
        public Builder receiveSpin(Duration receiveSpin) {
            this.receiveSpin = ReceiveSpin.check("receiveSpin", receiveSpin);
            return this;
        }

        /**
         * Sets how long a {@code receive()} that finds no message keeps polling, yielding the processor, before it
         * parks, when the server has sent a message since the last one it received: the pattern of a server that
         * answers requests. The default, {@link #DEFAULT_REPLY_SPIN}, costs at most that much processor
         * time per message sent and nothing on a server that only receives; zero parks at once; at most one second.
         */
        public Builder replySpin(Duration replySpin) {
            this.replySpin = ReceiveSpin.check("replySpin", replySpin);
            return this;
        }

        /** Sets the codec options of every connection. */
        public Builder codecOptions(ZmtpCodecOptions codecOptions) {
            this.codecOptions = Objects.requireNonNull(codecOptions, "codecOptions");
            return this;
        }

        /** Returns the options. */
        public ZmtpServerOptions build() {
            return new ZmtpServerOptions(this);
        }

        private static int positive(int value, String name) {
            return (int) positive((long) value, name);
        }

        private static long positive(long value, String name) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
            }
            return value;
        }
    }
}
