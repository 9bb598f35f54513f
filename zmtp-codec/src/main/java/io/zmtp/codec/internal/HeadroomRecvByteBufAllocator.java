/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;
import io.zmtp.codec.ZmtpFrameHeaders;

import java.util.Objects;

/**
 * The read buffers of one channel, as its former {@link RecvByteBufAllocator} sizes them, with room kept free at the
 * front of each when the channel's decoder asks for it: a decoder whose last read ended in a split frame
 * {@linkplain #reserveHeadroom reserves} the split frame's length, so that it can move the split frame in front of
 * the next read's first octet instead of copying the whole next read behind it (what
 * {@code ByteToMessageDecoder}'s merging does whenever earlier bodies still share the buffer).
 *
 * <p>Buffers keep the capacity the delegate guesses, which matters to pooled allocators (whose classes of sizes end
 * at powers of two); the transport reads into what the headroom leaves, and the delegate is told of every read as if
 * it had filled the headroom too, so that it sizes the next buffers as it would without it (the transport, asking,
 * is given the octets it read and asked for itself). A headroom is at most {@value #MAX_HEADROOM} octets and at most
 * a quarter of the buffer; a larger reservation leaves the buffer whole.
 *
 * <p>One instance per channel ({@link #install}), used on its event loop only.
 */
public final class HeadroomRecvByteBufAllocator implements RecvByteBufAllocator {

    /** The longest split frame moved to the front of the next read: the frame of a 4 KiB body, header included. */
    public static final int MAX_HEADROOM = 4096 + ZmtpFrameHeaders.MAX_HEADER_LENGTH;

    private final RecvByteBufAllocator delegate;
    /** The headroom the next read buffers keep free. */
    private int reserved;

    private HeadroomRecvByteBufAllocator(RecvByteBufAllocator delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * Wraps {@code channel}'s allocator of read buffers in one of these, unless it already is one; returns it. Call
     * before the channel's first read (from a {@code ChannelInitializer}): a transport keeps the handle it made at
     * its first read, and a channel that read before simply keeps no headroom.
     */
    public static HeadroomRecvByteBufAllocator install(Channel channel) {
        ChannelConfig config = channel.config();
        RecvByteBufAllocator current = config.getRecvByteBufAllocator();
        if (current instanceof HeadroomRecvByteBufAllocator) {
            return (HeadroomRecvByteBufAllocator) current;
        }
        HeadroomRecvByteBufAllocator headroom = new HeadroomRecvByteBufAllocator(current);
        config.setRecvByteBufAllocator(headroom);
        return headroom;
    }

    /** Returns the channel's allocator if it is one of these, else null. */
    public static HeadroomRecvByteBufAllocator of(Channel channel) {
        RecvByteBufAllocator current = channel.config().getRecvByteBufAllocator();
        return current instanceof HeadroomRecvByteBufAllocator ? (HeadroomRecvByteBufAllocator) current : null;
    }

    /**
     * Keeps {@code octets} free at the front of the read buffers from now on (0: none), if that is at most
     * {@value #MAX_HEADROOM}; else none. On the channel's event loop.
     */
    public void reserveHeadroom(int octets) {
        reserved = octets <= MAX_HEADROOM ? octets : 0;
    }

    @Override
    @SuppressWarnings("deprecation") // Handle: the type RecvByteBufAllocator's own method returns
    public Handle newHandle() {
        Handle handle = delegate.newHandle();
        if (!(handle instanceof ExtendedHandle)) {
            return handle; // the epoll transport needs an extended handle: a plain one is left as it is, without room
        }
        return new HeadroomHandle((ExtendedHandle) handle);
    }

    /**
     * The delegate's handle, with the reserved room at the front of each buffer it allocates: Netty's delegating
     * handle, with the allocation and the byte counts changed, and the extended handle's check passed on.
     */
    private final class HeadroomHandle extends DelegatingHandle implements ExtendedHandle {

        private final ExtendedHandle extended;
        /** The headroom of the buffer allocated last, which the transport reads into next. */
        private int headroom;

        HeadroomHandle(ExtendedHandle delegate) {
            super(delegate);
            this.extended = delegate;
        }

        @Override
        public ByteBuf allocate(ByteBufAllocator alloc) {
            int capacity = guess();
            int room = reserved;
            headroom = room <= capacity >>> 2 ? room : 0;
            ByteBuf buf = alloc.ioBuffer(capacity);
            return headroom == 0 ? buf : buf.setIndex(headroom, headroom);
        }

        @Override
        public void lastBytesRead(int bytes) {
            super.lastBytesRead(bytes > 0 ? bytes + headroom : bytes);
        }

        @Override
        public int lastBytesRead() {
            int bytes = super.lastBytesRead();
            return bytes > 0 ? bytes - headroom : bytes;
        }

        @Override
        public void attemptedBytesRead(int bytes) {
            super.attemptedBytesRead(bytes + headroom);
        }

        @Override
        public int attemptedBytesRead() {
            return super.attemptedBytesRead() - headroom;
        }

        @Override
        public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
            return extended.continueReading(maybeMoreDataSupplier);
        }
    }
}
