/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.fuzz;

import io.zmtp.codec.ZmtpCodecOptions;
import io.zmtp.codec.ZmtpFrameEncoder;
import io.zmtp.codec.ZmtpHandshakeHandler;
import io.zmtp.codec.mechanism.ZmtpMechanism;

import java.time.Duration;

/**
 * How a fuzz target sets up one connection, chosen by the first octet of its input: the codec limits (always
 * small, so that exceeding one is observable), whether heartbeats run, how the peer's bytes are cut into reads and
 * how much room each read buffer keeps in front of its first octet (where the frame decoder moves a split frame).
 *
 * <pre>
 * octet 0: bits 0-2 read size   0 = everything in one read, then 1, 2, 3, 8, 64, 512, 4096 octets
 *          bits 3-4 headroom    0, 8, 100, 1024 octets
 *          bits 5-7 limits      see {@link #LIMITS}
 * </pre>
 */
final class FuzzProfile {

    private static final int[] READ_SIZES = {Integer.MAX_VALUE, 1, 2, 3, 8, 64, 512, 4096};
    private static final int[] HEADROOMS = {0, 8, 100, 1024};

    /** Max frame, max message, max frames per message, max metadata, heartbeat interval (ms, 0 = none). */
    private static final long[][] LIMITS = {
        {4096, 4096, 16, 256, 0},
        {255, 1000, 4, 64, 0},
        {1, 1, 1, 64, 0},
        {40_000, 65_536, 4, 1024, 0},
        {4096, ZmtpCodecOptions.UNLIMITED_MESSAGE_SIZE, 64, 8192, 1000},
        {4096, 8192, 2, 256, 300},
        {64, 64, 64, 64, 0},
        {65_536, 65_536, 1024, 64, 0},
    };

    /** How far the clock moves after each read: heartbeats and their timeouts fire while the peer talks. */
    static final Duration TICK = Duration.ofMillis(250);

    final int readSize;
    final int headroom;
    final int maxFrameSize;
    final long maxMessageSize;
    final int maxFramesPerMessage;
    final int maxMetadataSize;
    final Duration heartbeatInterval;

    private FuzzProfile(int selector) {
        readSize = READ_SIZES[selector & 7];
        headroom = HEADROOMS[(selector >>> 3) & 3];
        long[] limits = LIMITS[(selector >>> 5) & 7];
        maxFrameSize = (int) limits[0];
        maxMessageSize = limits[1];
        maxFramesPerMessage = (int) limits[2];
        maxMetadataSize = (int) limits[3];
        heartbeatInterval = Duration.ofMillis(limits[4]);
    }

    /** Returns the profile that {@code selector} (an input's first octet) picks. */
    static FuzzProfile of(int selector) {
        return new FuzzProfile(selector);
    }

    /** Returns codec options with this profile's limits and heartbeats, and {@code mechanism}. */
    ZmtpCodecOptions options(ZmtpMechanism mechanism) {
        ZmtpCodecOptions.Builder b = ZmtpCodecOptions.builder()
                .mechanism(mechanism)
                .maxFrameSize(maxFrameSize)
                .maxMessageSize(maxMessageSize)
                .maxFramesPerMessage(maxFramesPerMessage)
                .maxMetadataSize(maxMetadataSize)
                .handshakeTimeout(Duration.ofSeconds(5));
        if (!heartbeatInterval.isZero()) {
            b.heartbeatInterval(heartbeatInterval).heartbeatTtl(heartbeatInterval.multipliedBy(3));
        }
        return b.build();
    }

    /**
     * Returns the largest buffer the codec may need for one read of a peer's bytes: the longest unit it must see
     * whole (a frame after the handshake, a command during it, either in a header and with a mechanism's frame
     * codec overhead), plus the read that completed it and its headroom, doubled for the growth policy of
     * Netty's buffers, for reads of at most {@code readLength} octets; and no less than the encoder's batch of our
     * own writes. A buffer beyond this was sized by something other than the limits.
     */
    long largestBufferBound(int readLength) {
        long unit = 9 + Math.max(maxFrameSize + 64L,
                maxMetadataSize + (long) ZmtpHandshakeHandler.HANDSHAKE_COMMAND_OVERHEAD);
        return Math.max(ZmtpFrameEncoder.BATCH_SIZE, 2 * Long.highestOneBit(2 * (unit + readLength + headroom)));
    }

    /**
     * Returns the most memory the buffers still referenced may take between reads: each frame of the message being
     * assembled may pin the buffer it was read into, and one more unit may be in assembly.
     */
    long liveMemoryBound(int readLength) {
        return (maxFramesPerMessage + 2L) * largestBufferBound(readLength);
    }

    @Override
    public String toString() {
        return "FuzzProfile{reads of " + (readSize == Integer.MAX_VALUE ? "everything" : readSize + " octets")
                + ", headroom " + headroom + ", maxFrameSize " + maxFrameSize + ", maxMessageSize " + maxMessageSize
                + ", maxFramesPerMessage " + maxFramesPerMessage + ", maxMetadataSize " + maxMetadataSize
                + ", heartbeats " + heartbeatInterval + "}";
    }
}
