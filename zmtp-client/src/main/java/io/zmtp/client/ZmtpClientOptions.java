/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.client;

import io.zmtp.socket.ZmtpSocketOptions;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * Immutable settings of a {@link ZmtpClient}: those every socket shares ({@link ZmtpSocketOptions}: high-water marks,
 * linger, spins, I/O threads, and the codec options of every connection) and the client's own reconnect policy and
 * timeouts. Create with {@link #builder()}, change a copy with {@link #mutate()}. Defaults mirror libzmq where that is
 * safe.
 *
 * <h2>Parameters that bound memory</h2>
 * The shared marks ({@link ZmtpSocketOptions}). A send goes only to a connection below its send high-water mark;
 * when every connection is at it, sends block until one has drained to half of it.
 *
 * <h2>Time</h2>
 * Every time is a {@link Duration}. {@link #NO_TIMEOUT} means "wait as long as it takes".
 */
public final class ZmtpClientOptions extends ZmtpSocketOptions {

    /** Default {@link #sendHighWaterMark()}: {@link #DEFAULT_HWM}. */
    public static final int DEFAULT_SEND_HIGH_WATER_MARK = DEFAULT_HWM;
    /** Default {@link #receiveHighWaterMark()}: {@link #DEFAULT_HWM}. */
    public static final int DEFAULT_RECEIVE_HIGH_WATER_MARK = DEFAULT_HWM;
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
    /** Default {@link #ioThreads()} of the event loop group the client creates when none is given: 1. */
    public static final int DEFAULT_IO_THREADS = 1;

    private static final ZmtpClientOptions DEFAULTS = new Builder().build();

    private final Duration reconnectInterval;
    private final Duration reconnectIntervalMax;
    private final Duration connectTimeout;
    private final Duration sendTimeout;
    private final boolean stopReconnectOnProtocolError;

    private ZmtpClientOptions(Builder b) {
        super(b);
        this.reconnectInterval = b.reconnectInterval;
        this.reconnectIntervalMax = b.reconnectIntervalMax;
        this.connectTimeout = b.connectTimeout;
        this.sendTimeout = b.sendTimeout;
        this.stopReconnectOnProtocolError = b.stopReconnectOnProtocolError;
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

    /**
     * Returns whether an endpoint stops reconnecting after a protocol error, as libzmq does. When false (the
     * default) it keeps retrying at the {@link #reconnectIntervalMax() longest interval}; see {@link ZmtpClient}.
     */
    public boolean stopReconnectOnProtocolError() {
        return stopReconnectOnProtocolError;
    }

    @Override
    public String toString() {
        return "ZmtpClientOptions{" + sharedToString()
                + ", reconnectInterval=" + reconnectInterval
                + ", reconnectIntervalMax=" + reconnectIntervalMax
                + ", connectTimeout=" + connectTimeout
                + ", sendTimeout=" + (NO_TIMEOUT.equals(sendTimeout) ? "none" : sendTimeout)
                + ", stopReconnectOnProtocolError=" + stopReconnectOnProtocolError + '}';
    }

    /** Builds {@link ZmtpClientOptions}; every setter validates its argument at once. */
    public static final class Builder extends ZmtpSocketOptions.Builder<Builder> {
        private Duration reconnectInterval = DEFAULT_RECONNECT_INTERVAL;
        private Duration reconnectIntervalMax = DEFAULT_RECONNECT_INTERVAL_MAX;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration sendTimeout = DEFAULT_SEND_TIMEOUT;
        private boolean stopReconnectOnProtocolError;

        private Builder() {
            super(DEFAULT_IO_THREADS);
        }

        private Builder(ZmtpClientOptions o) {
            super(o);
            reconnectInterval = o.reconnectInterval;
            reconnectIntervalMax = o.reconnectIntervalMax;
            connectTimeout = o.connectTimeout;
            sendTimeout = o.sendTimeout;
            stopReconnectOnProtocolError = o.stopReconnectOnProtocolError;
        }

        @Override
        protected Builder self() {
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

        /** Sets whether an endpoint stops reconnecting after a protocol error (libzmq's behaviour). */
        public Builder stopReconnectOnProtocolError(boolean stopReconnectOnProtocolError) {
            this.stopReconnectOnProtocolError = stopReconnectOnProtocolError;
            return this;
        }

        /** Returns the options. */
        public ZmtpClientOptions build() {
            if (reconnectIntervalMax.compareTo(reconnectInterval) < 0) {
                reconnectIntervalMax = reconnectInterval;
            }
            return new ZmtpClientOptions(this);
        }
    }
}
