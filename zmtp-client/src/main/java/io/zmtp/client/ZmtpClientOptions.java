/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.client;

import io.zmtp.codec.ZmtpCodecOptions;
import io.zmtp.socket.internal.ReceiveSpin;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Immutable settings of a {@link ZmtpClient}: queue limits, reconnect policy, timeouts, and the
 * {@link ZmtpCodecOptions} of every connection (limits, handshake timeout, heartbeats, mechanism). Create with
 * {@link #builder()}, change a copy with {@link #mutate()}. Defaults mirror libzmq where that is safe.
 *
 * <h2>Parameters that bound memory</h2>
 * <ul>
 *   <li>{@link #sendHighWaterMark()} (libzmq {@code ZMQ_SNDHWM}, default {@value #DEFAULT_SEND_HIGH_WATER_MARK}):
 *       messages a connection may hold that have not yet been handed to the kernel. A send goes only to a
 *       connection below it; when every connection is at it, sends block until one has drained to half of it (to
 *       1024 below it for marks above 2048), as libzmq's do.</li>
 *   <li>{@link #receiveHighWaterMark()} (libzmq {@code ZMQ_RCVHWM}, default
 *       {@value #DEFAULT_RECEIVE_HIGH_WATER_MARK}): received messages of one connection waiting for
 *       {@code receive}. At the mark the connection stops reading its socket until half of them were taken
 *       (back-pressure through TCP, never a drop). Messages already decoded from the last read still arrive, so
 *       the mark can be passed by one read's worth.</li>
 *   <li>The codec limits of {@link #codecOptions()}: frame size, message size, frames per message.</li>
 * </ul>
 * A high-water mark of 0 means "no limit", as in libzmq.
 *
 * <h2>Time</h2>
 * Every time is a {@link Duration}. {@link #NO_TIMEOUT} means "wait as long as it takes".
 */
public final class ZmtpClientOptions {

    /** Default {@link #sendHighWaterMark()}: 1000 messages per connection, as libzmq. */
    public static final int DEFAULT_SEND_HIGH_WATER_MARK = 1000;
    /** Default {@link #receiveHighWaterMark()}: 1000 messages per connection, as libzmq. */
    public static final int DEFAULT_RECEIVE_HIGH_WATER_MARK = 1000;
    /** Default {@link #reconnectInterval()}: 100 ms, as libzmq's {@code ZMQ_RECONNECT_IVL}. */
    public static final Duration DEFAULT_RECONNECT_INTERVAL = Duration.ofMillis(100);
    /** Default {@link #reconnectIntervalMax()}: 30 s. */
    public static final Duration DEFAULT_RECONNECT_INTERVAL_MAX = Duration.ofSeconds(30);
    /** Default {@link #connectTimeout()}: 10 s for one TCP connect attempt. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** The timeout that means "never give up waiting". */
    public static final Duration NO_TIMEOUT = ChronoUnit.FOREVER.getDuration();
    /** Default {@link #sendTimeout()}: {@link #NO_TIMEOUT}, as libzmq's {@code ZMQ_SNDTIMEO} of -1. */
    public static final Duration DEFAULT_SEND_TIMEOUT = NO_TIMEOUT;
    /** Default {@link #linger()}: 1 s for queued messages to be written when the client closes. */
    public static final Duration DEFAULT_LINGER = Duration.ofSeconds(1);
    /** Default {@code replySpin}: 20 µs, the shortest spin that took the wait out of a request-reply round trip. */
    public static final Duration DEFAULT_REPLY_SPIN = ReceiveSpin.DEFAULT_REPLY_SPIN;
    /** Default {@link #ioThreads()} of the event loop group the client creates when none is given: 1. */
    public static final int DEFAULT_IO_THREADS = 1;

    private static final ZmtpClientOptions DEFAULTS = new Builder().build();

    private final int sendHighWaterMark;
    private final int receiveHighWaterMark;
    private final Duration reconnectInterval;
    private final Duration reconnectIntervalMax;
    private final Duration connectTimeout;
    private final Duration sendTimeout;
    private final Duration linger;
    private final Duration receiveSpin;
    private final Duration replySpin;
    private final boolean stopReconnectOnProtocolError;
    private final int ioThreads;
    private final ZmtpCodecOptions codecOptions;

    private ZmtpClientOptions(Builder b) {
        this.sendHighWaterMark = b.sendHighWaterMark;
        this.receiveHighWaterMark = b.receiveHighWaterMark;
        this.reconnectInterval = b.reconnectInterval;
        this.reconnectIntervalMax = b.reconnectIntervalMax;
        this.connectTimeout = b.connectTimeout;
        this.sendTimeout = b.sendTimeout;
        this.linger = b.linger;
        this.receiveSpin = b.receiveSpin;
        this.replySpin = b.replySpin;
        this.stopReconnectOnProtocolError = b.stopReconnectOnProtocolError;
        this.ioThreads = b.ioThreads;
        this.codecOptions = b.codecOptions;
    }

    /** Returns the default options. */
    public static ZmtpClientOptions defaults() {
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

    /** Returns the most messages one connection holds before the kernel took them; 0 = no limit. */
    public int sendHighWaterMark() {
        return sendHighWaterMark;
    }

    /** Returns the most received messages one connection holds for {@code receive}; 0 = no limit. */
    public int receiveHighWaterMark() {
        return receiveHighWaterMark;
    }

    /** Returns the first reconnect delay; it doubles after each failed attempt up to {@link #reconnectIntervalMax()}. */
    public Duration reconnectInterval() {
        return reconnectInterval;
    }

    /** Returns the longest reconnect delay. */
    public Duration reconnectIntervalMax() {
        return reconnectIntervalMax;
    }

    /** Returns how long one TCP connect attempt may take. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Returns how long {@code send} without an explicit timeout blocks; {@link #NO_TIMEOUT} = forever. */
    public Duration sendTimeout() {
        return sendTimeout;
    }

    /** Returns how long {@code close()} waits for queued messages to be written; {@link Duration#ZERO} = not at all. */
    public Duration linger() {
        return linger;
    }

    /**
     * Returns how long {@code receive} keeps polling, yielding the processor, when no message is waiting, before it
     * parks the thread; zero (the default) parks at once, unless {@link #replySpin()}
     * applies.
     */
    public Duration receiveSpin() {
        return receiveSpin;
    }

    /**
     * Returns how long {@code receive} keeps polling when no message is waiting and the client has sent since the
     * last message it returned, so that a reply is likely on its way (request-reply); the longer of this and
     * {@link #receiveSpin()} applies. Default {@link #DEFAULT_REPLY_SPIN}.
     */
    public Duration replySpin() {
        return replySpin;
    }

    /**
     * Returns whether an endpoint stops reconnecting after a protocol error, as libzmq does. When false (the
     * default) it keeps retrying at the {@link #reconnectIntervalMax() longest interval}; see {@link ZmtpClient}.
     */
    public boolean stopReconnectOnProtocolError() {
        return stopReconnectOnProtocolError;
    }

    /** Returns the number of event loop threads the client creates when it is given no event loop group. */
    public int ioThreads() {
        return ioThreads;
    }

    /** Returns the codec options of every connection: limits, handshake timeout, heartbeats, mechanism. */
    public ZmtpCodecOptions codecOptions() {
        return codecOptions;
    }

    @Override
    public String toString() {
        return "ZmtpClientOptions{sendHighWaterMark=" + sendHighWaterMark
                + ", receiveHighWaterMark=" + receiveHighWaterMark
                + ", reconnectInterval=" + reconnectInterval
                + ", reconnectIntervalMax=" + reconnectIntervalMax
                + ", connectTimeout=" + connectTimeout
                + ", sendTimeout=" + (NO_TIMEOUT.equals(sendTimeout) ? "none" : sendTimeout)
                + ", linger=" + linger
                + ", receiveSpin=" + receiveSpin
                + ", replySpin=" + replySpin
                + ", stopReconnectOnProtocolError=" + stopReconnectOnProtocolError
                + ", ioThreads=" + ioThreads
                + ", codecOptions=" + codecOptions + '}';
    }

    /** Builds {@link ZmtpClientOptions}; every setter validates its argument at once. */
    public static final class Builder {
        private int sendHighWaterMark = DEFAULT_SEND_HIGH_WATER_MARK;
        private int receiveHighWaterMark = DEFAULT_RECEIVE_HIGH_WATER_MARK;
        private Duration reconnectInterval = DEFAULT_RECONNECT_INTERVAL;
        private Duration reconnectIntervalMax = DEFAULT_RECONNECT_INTERVAL_MAX;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration sendTimeout = DEFAULT_SEND_TIMEOUT;
        private Duration linger = DEFAULT_LINGER;
        private Duration receiveSpin = Duration.ZERO;
        private Duration replySpin = DEFAULT_REPLY_SPIN;
        private boolean stopReconnectOnProtocolError;
        private int ioThreads = DEFAULT_IO_THREADS;
        private ZmtpCodecOptions codecOptions = ZmtpCodecOptions.defaults();

        private Builder() {
        }

        private Builder(ZmtpClientOptions o) {
            sendHighWaterMark = o.sendHighWaterMark;
            receiveHighWaterMark = o.receiveHighWaterMark;
            reconnectInterval = o.reconnectInterval;
            reconnectIntervalMax = o.reconnectIntervalMax;
            connectTimeout = o.connectTimeout;
            sendTimeout = o.sendTimeout;
            linger = o.linger;
            receiveSpin = o.receiveSpin;
            replySpin = o.replySpin;
            stopReconnectOnProtocolError = o.stopReconnectOnProtocolError;
            ioThreads = o.ioThreads;
            codecOptions = o.codecOptions;
        }

        /** Sets the send high-water mark in messages per connection, 0 for no limit. */
        public Builder sendHighWaterMark(int sendHighWaterMark) {
            this.sendHighWaterMark = nonNegative(sendHighWaterMark, "sendHighWaterMark");
            return this;
        }

        /** Sets the receive high-water mark in messages per connection, 0 for no limit. */
        public Builder receiveHighWaterMark(int receiveHighWaterMark) {
            this.receiveHighWaterMark = nonNegative(receiveHighWaterMark, "receiveHighWaterMark");
            return this;
        }

        /** Sets the first reconnect delay, more than zero. */
        public Builder reconnectInterval(Duration reconnectInterval) {
            this.reconnectInterval = positive(reconnectInterval, "reconnectInterval");
            return this;
        }

        /** Sets the longest reconnect delay, more than zero; a value below the interval is raised to it. */
        public Builder reconnectIntervalMax(Duration reconnectIntervalMax) {
            this.reconnectIntervalMax = positive(reconnectIntervalMax, "reconnectIntervalMax");
            return this;
        }

        /** Sets how long one TCP connect attempt may take, 1 ms to 24 days. */
        public Builder connectTimeout(Duration connectTimeout) {
            positive(connectTimeout, "connectTimeout");
            if (connectTimeout.toMillis() < 1 || connectTimeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("connectTimeout: " + connectTimeout
                        + " (expected: 1 ms to " + Integer.MAX_VALUE + " ms)");
            }
            this.connectTimeout = connectTimeout;
            return this;
        }

        /** Sets how long a {@code send} without an explicit timeout blocks; {@link #NO_TIMEOUT} for forever. */
        public Builder sendTimeout(Duration sendTimeout) {
            this.sendTimeout = nonNegative(sendTimeout, "sendTimeout");
            return this;
        }

        /** Sets how long {@code close()} waits for queued messages to be written; {@link Duration#ZERO} for not. */
        public Builder linger(Duration linger) {
            this.linger = nonNegative(linger, "linger");
            return this;
        }

        /**
         * Sets how long a {@code receive} that finds no message keeps polling, yielding the processor, before it
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
         * Sets how long a {@code receive} that finds no message keeps polling, yielding the processor, before it
         * parks, when the client has sent a message since the last one it received: the pattern of a client that
         * awaits the reply to its request. The default, {@link #DEFAULT_REPLY_SPIN}, costs at most that
         * much processor time per message sent and nothing on a client that only receives; zero parks at once; at
         * most one second.
         */
        public Builder replySpin(Duration replySpin) {
            this.replySpin = ReceiveSpin.check("replySpin", replySpin);
            return this;
        }

        /** Sets whether an endpoint stops reconnecting after a protocol error (libzmq's behaviour). */
        public Builder stopReconnectOnProtocolError(boolean stopReconnectOnProtocolError) {
            this.stopReconnectOnProtocolError = stopReconnectOnProtocolError;
            return this;
        }

        /** Sets the number of event loop threads the client creates when it is given no group, at least 1. */
        public Builder ioThreads(int ioThreads) {
            if (ioThreads < 1) {
                throw new IllegalArgumentException("ioThreads: " + ioThreads + " (expected: >= 1)");
            }
            this.ioThreads = ioThreads;
            return this;
        }

        /** Sets the codec options of every connection. */
        public Builder codecOptions(ZmtpCodecOptions codecOptions) {
            this.codecOptions = Objects.requireNonNull(codecOptions, "codecOptions");
            return this;
        }

        /** Shorthand: sets the codec's handshake timeout ({@link Duration#ZERO} = none). */
        public Builder handshakeTimeout(Duration handshakeTimeout) {
            this.codecOptions = codecOptions.mutate().handshakeTimeout(handshakeTimeout).build();
            return this;
        }

        /**
         * Shorthand: turns heartbeats on. A PING goes out every {@code interval} on an idle connection; when
         * nothing arrives within {@code timeout} of a PING the connection is closed and reconnects. The PINGs
         * announce {@code timeout} as their TTL to the peer (capped at 65.5 s for libzmq's sake).
         */
        public Builder heartbeat(Duration interval, Duration timeout) {
            Duration ttl = timeout.compareTo(Duration.ofMillis(65_500)) > 0 ? Duration.ofMillis(65_500) : timeout;
            this.codecOptions = codecOptions.mutate().heartbeatInterval(positive(interval, "interval"))
                    .heartbeatTimeout(positive(timeout, "timeout")).heartbeatTtl(ttl).build();
            return this;
        }

        /** Returns the options. */
        public ZmtpClientOptions build() {
            if (reconnectIntervalMax.compareTo(reconnectInterval) < 0) {
                reconnectIntervalMax = reconnectInterval;
            }
            return new ZmtpClientOptions(this);
        }

        private static int nonNegative(int value, String name) {
            if (value < 0) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0)");
            }
            return value;
        }

        private static Duration nonNegative(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + ": " + d + " (expected: >= 0)");
            }
            return d;
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
            }
            return d;
        }
    }
}
