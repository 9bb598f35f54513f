/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.zmtp.codec.mechanism.ZmtpMechanism;
import io.zmtp.codec.mechanism.ZmtpNullMechanism;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * Immutable settings of one ZMTP connection's codec: security mechanism, limits, handshake timeout, heartbeats,
 * routing id and application metadata. Create with {@link #builder()}, change a copy with {@link #mutate()}.
 *
 * <h2>Parameters that bound memory</h2>
 * <ul>
 *   <li>{@link #maxFrameSize()}: the largest frame body accepted, default {@value #DEFAULT_MAX_FRAME_SIZE} octets
 *       (16 MiB), at most {@code Integer.MAX_VALUE}. libzmq's {@code ZMQ_MAXMSGSIZE} is this limit.</li>
 *   <li>{@link #maxMessageSize()}: the largest sum of frame bodies in one message, default
 *       {@value #DEFAULT_MAX_MESSAGE_SIZE} octets (16 MiB); {@link #UNLIMITED_MESSAGE_SIZE} lifts it (frames stay
 *       bounded by {@link #maxFrameSize()}).</li>
 *   <li>{@link #maxFramesPerMessage()}: default {@value #DEFAULT_MAX_FRAMES_PER_MESSAGE}.</li>
 *   <li>{@link #maxMetadataSize()}: the largest metadata a peer may send in its handshake, default
 *       {@value #DEFAULT_MAX_METADATA_SIZE} octets.</li>
 * </ul>
 * Each limit is checked the moment a frame header is read, before any of the body is buffered; a peer that
 * exceeds one is disconnected.
 *
 * <h2>Time</h2>
 * The handshake must complete within {@link #handshakeTimeout()} (default 30 s, {@link Duration#ZERO} = none).
 * Heartbeats follow libzmq's {@code ZMQ_HEARTBEAT_IVL}, {@code ZMQ_HEARTBEAT_TTL} and
 * {@code ZMQ_HEARTBEAT_TIMEOUT}; see {@link ZmtpCommandHandler}.
 */
public final class ZmtpCodecOptions {

    /** Default {@link #maxFrameSize()}: 16 MiB. */
    public static final int DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024;
    /** Default {@link #maxMessageSize()}: 16 MiB. */
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024;
    /** The {@link #maxMessageSize()} that means "no limit on the sum of a message's frames". */
    public static final long UNLIMITED_MESSAGE_SIZE = Long.MAX_VALUE;
    /** Default {@link #maxFramesPerMessage()}. */
    public static final int DEFAULT_MAX_FRAMES_PER_MESSAGE = 1024;
    /** Default {@link #maxMetadataSize()}: 8 KiB. */
    public static final int DEFAULT_MAX_METADATA_SIZE = 8 * 1024;
    /** Default {@link #handshakeTimeout()}: 30 seconds, as libzmq's {@code ZMQ_HANDSHAKE_IVL}. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);
    /** The longest routing id, in octets. */
    public static final int MAX_ROUTING_ID_LENGTH = 255;
    /** The longest heartbeat TTL the PING command can carry: 6553.5 seconds. */
    public static final Duration MAX_HEARTBEAT_TTL = Duration.ofMillis(6_553_500);

    private static final ZmtpCodecOptions DEFAULTS = new Builder().build();

    private final ZmtpMechanism mechanism;
    private final int maxFrameSize;
    private final long maxMessageSize;
    private final int maxFramesPerMessage;
    private final int maxMetadataSize;
    private final Duration handshakeTimeout;
    private final Duration heartbeatInterval;
    private final Duration heartbeatTtl;
    private final Duration heartbeatTimeout;
    private final byte[] routingId;
    private final ZmtpMetadata metadata;

    private ZmtpCodecOptions(Builder b) {
        this.mechanism = b.mechanism;
        this.maxFrameSize = b.maxFrameSize;
        this.maxMessageSize = b.maxMessageSize;
        this.maxFramesPerMessage = b.maxFramesPerMessage;
        this.maxMetadataSize = b.maxMetadataSize;
        this.handshakeTimeout = b.handshakeTimeout;
        this.heartbeatInterval = b.heartbeatInterval;
        this.heartbeatTtl = b.heartbeatTtl;
        this.heartbeatTimeout = b.heartbeatTimeout;
        this.routingId = b.routingId;
        this.metadata = b.metadata;
    }

    /** Returns the default options: NULL mechanism, default limits, 30 s handshake timeout, no heartbeats. */
    public static ZmtpCodecOptions defaults() {
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

    /** Returns the security mechanism; default {@link ZmtpNullMechanism#INSTANCE}. */
    public ZmtpMechanism mechanism() {
        return mechanism;
    }

    /** Returns the largest frame body accepted, in octets. */
    public int maxFrameSize() {
        return maxFrameSize;
    }

    /** Returns the largest message (sum of its frame bodies) accepted, in octets. */
    public long maxMessageSize() {
        return maxMessageSize;
    }

    /** Returns the largest number of frames in one message. */
    public int maxFramesPerMessage() {
        return maxFramesPerMessage;
    }

    /** Returns the largest handshake metadata a peer may send, in octets. */
    public int maxMetadataSize() {
        return maxMetadataSize;
    }

    /** Returns the time the handshake may take; {@link Duration#ZERO} means no limit. */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** Returns the interval between PINGs on an idle connection; {@link Duration#ZERO} disables heartbeats. */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /**
     * Returns the time-to-live announced in our PINGs: the peer closes the connection when nothing arrives from us
     * for that long. {@link Duration#ZERO} announces none. Sent in tenths of a second (truncated).
     */
    public Duration heartbeatTtl() {
        return heartbeatTtl;
    }

    /**
     * Returns how long to wait for any traffic after sending a PING before closing the connection; the
     * {@link #heartbeatInterval()} unless set.
     */
    public Duration heartbeatTimeout() {
        return heartbeatTimeout != null ? heartbeatTimeout : heartbeatInterval;
    }

    /** Returns a copy of the routing id sent as {@code Identity} by REQ, DEALER and ROUTER sockets; may be empty. */
    public byte[] routingId() {
        return routingId.clone();
    }

    /** Returns the application metadata sent in the handshake besides {@code Socket-Type} and {@code Identity}. */
    public ZmtpMetadata metadata() {
        return metadata;
    }

    /**
     * Returns the full metadata a socket of {@code socketType} sends in its READY command: {@code Socket-Type},
     * {@code Identity} for the socket types that send it, then the application metadata.
     */
    public ZmtpMetadata handshakeMetadata(ZmtpSocketType socketType) {
        ZmtpMetadata.Builder b = ZmtpMetadata.builder().put(ZmtpMetadata.SOCKET_TYPE, socketType.wireName());
        if (socketType.sendsIdentity()) {
            b.put(ZmtpMetadata.IDENTITY, routingId);
        }
        for (String name : metadata.names()) {
            b.put(name, metadata.get(name));
        }
        return b.build();
    }

    @Override
    public String toString() {
        return "ZmtpCodecOptions{mechanism=" + mechanism.name()
                + ", maxFrameSize=" + maxFrameSize
                + ", maxMessageSize=" + (maxMessageSize == UNLIMITED_MESSAGE_SIZE ? "unlimited" : maxMessageSize)
                + ", maxFramesPerMessage=" + maxFramesPerMessage
                + ", maxMetadataSize=" + maxMetadataSize
                + ", handshakeTimeout=" + handshakeTimeout
                + ", heartbeatInterval=" + heartbeatInterval
                + ", heartbeatTtl=" + heartbeatTtl
                + ", heartbeatTimeout=" + heartbeatTimeout()
                + ", routingId=" + routingId.length + " octets"
                + ", metadata=" + metadata + '}';
    }

    /** Builds {@link ZmtpCodecOptions}; every setter validates its argument at once. */
    public static final class Builder {
        private ZmtpMechanism mechanism = ZmtpNullMechanism.INSTANCE;
        private int maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
        private long maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private int maxFramesPerMessage = DEFAULT_MAX_FRAMES_PER_MESSAGE;
        private int maxMetadataSize = DEFAULT_MAX_METADATA_SIZE;
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
        private Duration heartbeatInterval = Duration.ZERO;
        private Duration heartbeatTtl = Duration.ZERO;
        private Duration heartbeatTimeout;
        private byte[] routingId = new byte[0];
        private ZmtpMetadata metadata = ZmtpMetadata.empty();

        private Builder() {
        }

        private Builder(ZmtpCodecOptions o) {
            mechanism = o.mechanism;
            maxFrameSize = o.maxFrameSize;
            maxMessageSize = o.maxMessageSize;
            maxFramesPerMessage = o.maxFramesPerMessage;
            maxMetadataSize = o.maxMetadataSize;
            handshakeTimeout = o.handshakeTimeout;
            heartbeatInterval = o.heartbeatInterval;
            heartbeatTtl = o.heartbeatTtl;
            heartbeatTimeout = o.heartbeatTimeout;
            routingId = o.routingId;
            metadata = o.metadata;
        }

        /** Sets the security mechanism. */
        public Builder mechanism(ZmtpMechanism mechanism) {
            this.mechanism = Objects.requireNonNull(mechanism, "mechanism");
            return this;
        }

        /** Sets the largest frame body accepted, 1 to {@code Integer.MAX_VALUE} octets. */
        public Builder maxFrameSize(int maxFrameSize) {
            if (maxFrameSize <= 0) {
                throw new IllegalArgumentException("maxFrameSize: " + maxFrameSize + " (expected: > 0)");
            }
            this.maxFrameSize = maxFrameSize;
            return this;
        }

        /** Sets the largest message accepted, at least 1 octet; {@link #UNLIMITED_MESSAGE_SIZE} for no limit. */
        public Builder maxMessageSize(long maxMessageSize) {
            if (maxMessageSize <= 0) {
                throw new IllegalArgumentException("maxMessageSize: " + maxMessageSize + " (expected: > 0)");
            }
            this.maxMessageSize = maxMessageSize;
            return this;
        }

        /** Sets the largest number of frames in one message, at least 1. */
        public Builder maxFramesPerMessage(int maxFramesPerMessage) {
            if (maxFramesPerMessage <= 0) {
                throw new IllegalArgumentException("maxFramesPerMessage: " + maxFramesPerMessage
                        + " (expected: > 0)");
            }
            this.maxFramesPerMessage = maxFramesPerMessage;
            return this;
        }

        /** Sets the largest handshake metadata a peer may send, 64 octets to 16 MiB. */
        public Builder maxMetadataSize(int maxMetadataSize) {
            if (maxMetadataSize < 64 || maxMetadataSize > 16 * 1024 * 1024) {
                throw new IllegalArgumentException("maxMetadataSize: " + maxMetadataSize
                        + " (expected: 64..16777216)");
            }
            this.maxMetadataSize = maxMetadataSize;
            return this;
        }

        /** Sets the time the handshake may take; {@link Duration#ZERO} for no limit. */
        public Builder handshakeTimeout(Duration handshakeTimeout) {
            this.handshakeTimeout = nonNegative(handshakeTimeout, "handshakeTimeout");
            return this;
        }

        /** Sets the PING interval; {@link Duration#ZERO} (the default) disables heartbeats. */
        public Builder heartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = nonNegative(heartbeatInterval, "heartbeatInterval");
            return this;
        }

        /**
         * Sets the TTL announced in our PINGs, {@link Duration#ZERO} to {@link #MAX_HEARTBEAT_TTL}. libzmq peers
         * mis-handle TTLs above 65.5 s (libzmq issue 4226): keep it at or below that towards them.
         */
        public Builder heartbeatTtl(Duration heartbeatTtl) {
            nonNegative(heartbeatTtl, "heartbeatTtl");
            if (heartbeatTtl.compareTo(MAX_HEARTBEAT_TTL) > 0) {
                throw new IllegalArgumentException("heartbeatTtl: " + heartbeatTtl + " (expected: <= "
                        + MAX_HEARTBEAT_TTL + ")");
            }
            this.heartbeatTtl = heartbeatTtl;
            return this;
        }

        /** Sets how long to wait for traffic after a PING; {@code null} means "the heartbeat interval". */
        public Builder heartbeatTimeout(Duration heartbeatTimeout) {
            if (heartbeatTimeout != null) {
                nonNegative(heartbeatTimeout, "heartbeatTimeout");
                if (heartbeatTimeout.isZero()) {
                    throw new IllegalArgumentException("heartbeatTimeout: " + heartbeatTimeout + " (expected: > 0)");
                }
            }
            this.heartbeatTimeout = heartbeatTimeout;
            return this;
        }

        /**
         * Sets the routing id sent as {@code Identity} by REQ, DEALER and ROUTER sockets: 0 to 255 octets, and a
         * non-empty id must not start with a zero octet (37/ZMTP reserves those for generated ids).
         */
        public Builder routingId(byte[] routingId) {
            Objects.requireNonNull(routingId, "routingId");
            if (routingId.length > MAX_ROUTING_ID_LENGTH) {
                throw new IllegalArgumentException("routingId: " + routingId.length + " octets (expected: <= 255)");
            }
            if (routingId.length > 0 && routingId[0] == 0) {
                throw new IllegalArgumentException("routingId: starts with a zero octet (reserved by ZMTP 3.1)");
            }
            this.routingId = Arrays.copyOf(routingId, routingId.length);
            return this;
        }

        /**
         * Sets the application metadata sent in the handshake. It must not contain {@code Socket-Type} or
         * {@code Identity}, which the codec sets itself; libzmq peers expose only names that start with
         * {@code X-}.
         */
        public Builder metadata(ZmtpMetadata metadata) {
            Objects.requireNonNull(metadata, "metadata");
            for (String reserved : new String[] {ZmtpMetadata.SOCKET_TYPE, ZmtpMetadata.IDENTITY}) {
                if (metadata.contains(reserved)) {
                    throw new IllegalArgumentException("metadata: '" + reserved + "' is set by the codec");
                }
            }
            this.metadata = metadata;
            return this;
        }

        /** Returns the options. */
        public ZmtpCodecOptions build() {
            return new ZmtpCodecOptions(this);
        }

        private static Duration nonNegative(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + ": " + d + " (expected: >= 0)");
            }
            return d;
        }
    }
}
