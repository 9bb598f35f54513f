/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.socket;

import io.zmtp.codec.ZmtpCodecOptions;
import io.zmtp.socket.internal.ReceiveSpin;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings every socket shares, with one meaning for each: high-water marks, linger, receive spins, I/O threads,
 * and the {@link ZmtpCodecOptions} of every connection. Each socket's options class extends it with what only that
 * socket has; its builder extends {@link Builder}.
 *
 * <h2>Parameters that bound memory</h2>
 * <ul>
 *   <li>{@link #sendHighWaterMark()} (libzmq's {@code ZMQ_SNDHWM}, default {@value #DEFAULT_HWM}): messages one
 *       connection holds that the kernel has not taken yet. A send to a full connection blocks, fails fast or waits,
 *       never drops; a blocked send goes on once the queue has drained to half of the mark (to 1024 below it for
 *       marks above 2048), as in libzmq.</li>
 *   <li>{@link #receiveHighWaterMark()} ({@code ZMQ_RCVHWM}, default {@value #DEFAULT_HWM}) and
 *       {@link #receiveHighWaterBytes()} (default {@value #DEFAULT_HIGH_WATER_BYTES} octets): received messages of
 *       one connection waiting to be taken. At either mark the connection stops being read (TCP pushes back on the
 *       peer) until half of both were taken; messages already decoded from the last read still arrive.</li>
 *   <li>The codec limits of {@link #codecOptions()}: frame size, message size, frames per message.</li>
 * </ul>
 * A mark of 0 means "no limit", as in libzmq.
 */
public abstract class ZmtpSocketOptions {

    /** Default send and receive high-water mark: 1000 messages per connection, as libzmq. */
    public static final int DEFAULT_HWM = 1000;
    /** Default {@link #receiveHighWaterBytes()}: 16 MiB, one largest default message. */
    public static final long DEFAULT_HIGH_WATER_BYTES = 16L << 20;
    /** Default {@link #linger()}: 5 s for queued messages to be written when the socket closes. */
    public static final Duration DEFAULT_LINGER = Duration.ofSeconds(5);
    /** Default {@code replySpin}: 20 µs, the shortest spin that took the wait out of a request-reply round trip. */
    public static final Duration DEFAULT_REPLY_SPIN = ReceiveSpin.DEFAULT_REPLY_SPIN;

    private final int sendHighWaterMark;
    private final int receiveHighWaterMark;
    private final long receiveHighWaterBytes;
    private final Duration linger;
    private final int ioThreads;
    private final Duration receiveSpin;
    private final Duration replySpin;
    private final ZmtpCodecOptions codecOptions;

    /** Takes the shared settings from {@code b}. */
    protected ZmtpSocketOptions(Builder<?> b) {
        this.sendHighWaterMark = b.sendHighWaterMark;
        this.receiveHighWaterMark = b.receiveHighWaterMark;
        this.receiveHighWaterBytes = b.receiveHighWaterBytes;
        this.linger = b.linger;
        this.ioThreads = b.ioThreads;
        this.receiveSpin = b.receiveSpin;
        this.replySpin = b.replySpin;
        this.codecOptions = b.codecOptions;
    }

    /** Returns the most messages one connection holds before the kernel took them; 0 = no limit. */
    public int sendHighWaterMark() {
        return sendHighWaterMark;
    }

    /** Returns the most received messages of one connection waiting to be taken; 0 = no limit. */
    public int receiveHighWaterMark() {
        return receiveHighWaterMark;
    }

    /** Returns the most received message octets of one connection waiting to be taken; 0 = no limit. */
    public long receiveHighWaterBytes() {
        return receiveHighWaterBytes;
    }

    /** Returns how long a graceful {@code close()} waits for queued messages to be written. */
    public Duration linger() {
        return linger;
    }

    /** Returns the I/O threads of the event loop group the socket creates when given none; 0 = Netty's default. */
    public int ioThreads() {
        return ioThreads;
    }

    /**
     * Returns how long a receive that finds no message keeps polling, yielding the processor, before it parks the
     * thread; zero (the default) parks at once, unless {@link #replySpin()} applies.
     */
    public Duration receiveSpin() {
        return receiveSpin;
    }

    /**
     * Returns how long a receive that finds no message keeps polling when the socket has sent since the last message
     * it returned, so that a reply is likely on its way (request-reply); the longer of this and
     * {@link #receiveSpin()} applies. Default {@link #DEFAULT_REPLY_SPIN}.
     */
    public Duration replySpin() {
        return replySpin;
    }

    /** Returns the codec options of every connection. */
    public ZmtpCodecOptions codecOptions() {
        return codecOptions;
    }

    /** Returns {@code mark}, or {@link Integer#MAX_VALUE} for 0 ("no limit"). */
    public static int limit(int mark) {
        return mark == 0 ? Integer.MAX_VALUE : mark;
    }

    /** Returns {@code mark}, or {@link Long#MAX_VALUE} for 0 ("no limit"). */
    public static long limit(long mark) {
        return mark == 0 ? Long.MAX_VALUE : mark;
    }

    /** The shared settings for a subclass's {@code toString()}, without braces. */
    protected String sharedToString() {
        return "sndhwm=" + sendHighWaterMark + ", rcvhwm=" + receiveHighWaterMark + ", rcvhwmBytes="
                + receiveHighWaterBytes + ", linger=" + linger + ", ioThreads=" + ioThreads + ", receiveSpin="
                + receiveSpin + ", replySpin=" + replySpin + ", codec=" + codecOptions;
    }

    /**
     * Builds the shared settings; every setter validates its argument at once.
     *
     * @param <B> the socket's own builder
     */
    public abstract static class Builder<B extends Builder<B>> {
        private int sendHighWaterMark = DEFAULT_HWM;
        private int receiveHighWaterMark = DEFAULT_HWM;
        private long receiveHighWaterBytes = DEFAULT_HIGH_WATER_BYTES;
        private Duration linger = DEFAULT_LINGER;
        private int ioThreads;
        private Duration receiveSpin = Duration.ZERO;
        private Duration replySpin = DEFAULT_REPLY_SPIN;
        private ZmtpCodecOptions codecOptions = ZmtpCodecOptions.defaults();

        /** Starts from the defaults, with {@code ioThreads} I/O threads (0 = Netty's default, two per core). */
        protected Builder(int ioThreads) {
            this.ioThreads = ioThreads;
        }

        /** Starts from {@code o}'s shared settings. */
        protected Builder(ZmtpSocketOptions o) {
            sendHighWaterMark = o.sendHighWaterMark;
            receiveHighWaterMark = o.receiveHighWaterMark;
            receiveHighWaterBytes = o.receiveHighWaterBytes;
            linger = o.linger;
            ioThreads = o.ioThreads;
            receiveSpin = o.receiveSpin;
            replySpin = o.replySpin;
            codecOptions = o.codecOptions;
        }

        /** Returns this builder as the socket's own. */
        protected abstract B self();

        /** Sets the send high-water mark in messages per connection, 0 for no limit. */
        public B sendHighWaterMark(int messages) {
            this.sendHighWaterMark = (int) nonNegative(messages, "sendHighWaterMark");
            return self();
        }

        /** Sets the receive high-water mark in messages per connection, 0 for no limit. */
        public B receiveHighWaterMark(int messages) {
            this.receiveHighWaterMark = (int) nonNegative(messages, "receiveHighWaterMark");
            return self();
        }

        /** Sets the receive high-water mark in message octets per connection, 0 for no limit. */
        public B receiveHighWaterBytes(long bytes) {
            this.receiveHighWaterBytes = nonNegative(bytes, "receiveHighWaterBytes");
            return self();
        }

        /** Sets the linger of a graceful close; {@link Duration#ZERO} closes at once, failing what is queued. */
        public B linger(Duration linger) {
            this.linger = nonNegative(linger, "linger");
            return self();
        }

        /** Sets the I/O threads of the socket's own event loop group; 0 means Netty's default, two per core. */
        public B ioThreads(int ioThreads) {
            this.ioThreads = (int) nonNegative(ioThreads, "ioThreads");
            return self();
        }

        /**
         * Sets how long a receive that finds no message keeps polling, yielding the processor, before it parks,
         * whether or not the socket has sent; zero (the default) leaves only {@link #replySpin}; at most one second.
         * A spin of a few tens of microseconds takes the wake-up of the receiving thread out of each message's path
         * when messages come one at a time, at the cost of a busy thread while it waits; the reply spin does the same
         * for request-reply at a bounded cost, so this one is for receivers that do not send.
         */
        public B receiveSpin(Duration receiveSpin) {
            this.receiveSpin = ReceiveSpin.check("receiveSpin", receiveSpin);
            return self();
        }

        /**
         * Sets how long a receive that finds no message keeps polling, yielding the processor, before it parks,
         * when the socket has sent a message since the last one it received: the pattern of request-reply. The
         * default, {@link #DEFAULT_REPLY_SPIN}, costs at most that much processor time per message sent and nothing
         * on a socket that only receives; zero parks at once; at most one second.
         */
        public B replySpin(Duration replySpin) {
            this.replySpin = ReceiveSpin.check("replySpin", replySpin);
            return self();
        }

        /** Sets the codec options of every connection. */
        public B codecOptions(ZmtpCodecOptions codecOptions) {
            this.codecOptions = Objects.requireNonNull(codecOptions, "codecOptions");
            return self();
        }

        /** Shorthand: sets the codec's handshake timeout ({@link Duration#ZERO} = none). */
        public B handshakeTimeout(Duration handshakeTimeout) {
            this.codecOptions = codecOptions.mutate().handshakeTimeout(handshakeTimeout).build();
            return self();
        }

        /**
         * Shorthand: turns heartbeats on. A PING goes out every {@code interval} on an idle connection; when nothing
         * arrives within {@code timeout} of a PING the connection is closed. The PINGs announce {@code timeout} as
         * their TTL to the peer (capped at 65.5 s for libzmq's sake).
         */
        public B heartbeat(Duration interval, Duration timeout) {
            Duration ttl = timeout.compareTo(Duration.ofMillis(65_500)) > 0 ? Duration.ofMillis(65_500) : timeout;
            this.codecOptions = codecOptions.mutate().heartbeatInterval(positive(interval, "interval"))
                    .heartbeatTimeout(positive(timeout, "timeout")).heartbeatTtl(ttl).build();
            return self();
        }

        /** Returns {@code value} if it is at least 0, else throws naming the option. */
        protected static long nonNegative(long value, String name) {
            if (value < 0) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0)");
            }
            return value;
        }

        /** Returns {@code value} if it is more than 0, else throws naming the option. */
        protected static long positive(long value, String name) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
            }
            return value;
        }

        /** Returns {@code d} if it is not negative, else throws naming the option. */
        protected static Duration nonNegative(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + ": " + d + " (expected: >= 0)");
            }
            return d;
        }

        /** Returns {@code d} if it is more than zero, else throws naming the option. */
        protected static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
            }
            return d;
        }
    }
}
