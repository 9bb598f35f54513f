/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.socket.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.IllegalReferenceCountException;
import io.netty.util.internal.PlatformDependent;
import io.zmtp.codec.ZmtpFrameEncoder;
import io.zmtp.codec.ZmtpFrameHeaders;

import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.function.Consumer;

/**
 * A batch buffer of final data frames that application threads frame small bodies into, concurrently and without a
 * lock, for one event loop to write as it is: a send copies its body into the buffer instead of handing a buffer of
 * its own to the event loop.
 *
 * <h2>Protocol</h2>
 * A sender {@linkplain #append claims} the octets of its frame with a compare-and-set on one word that holds the
 * claimed length, the number of claims and a sealed bit; copies the header and body into its claimed region; then
 * commits, adding one frame and its body length to a second word. A batch that has no room for a frame, or that
 * the event loop is about to write, is {@linkplain #seal() sealed}: later claims fail, and the caller starts a new
 * batch. The event loop writes a sealed batch once it is {@linkplain #isComplete() complete}, that is once every
 * claim has been committed; a sender preempted between its claim and its commit delays that batch (and what is
 * queued after it) but never blocks the event loop. Frames appear in claim order, which keeps each sender's
 * messages in the order it sent them.
 *
 * <h2>Memory</h2>
 * One pooled direct buffer of {@value #CAPACITY} octets per batch (direct, so that senders can copy into it by
 * address, without touching the buffer's state); bodies of up to
 * {@link ZmtpFrameEncoder#COPY_THRESHOLD} octets go in.
 *
 * <h2>Reference counting</h2>
 * {@link #append} never takes ownership of the body. The batch owns its buffer until {@link #takeFramed()} hands it
 * to the caller, or {@link #release()} frees it; only call either once the batch is complete, when no sender writes
 * into it any more.
 */
public final class SharedFrameBatch {

    /** The octets of one batch. */
    public static final int CAPACITY = ZmtpFrameEncoder.BATCH_SIZE;

    private static final long SEALED = Long.MIN_VALUE;
    private static final long ONE_FRAME = 1L << 32;
    private static final long OCTETS = 0xFFFF_FFFFL;
    private static final long FRAMES = 0x7FFF_FFFFL;

    private static final AtomicLongFieldUpdater<SharedFrameBatch> CLAIMED =
            AtomicLongFieldUpdater.newUpdater(SharedFrameBatch.class, "claimed");
    private static final AtomicLongFieldUpdater<SharedFrameBatch> COMMITTED =
            AtomicLongFieldUpdater.newUpdater(SharedFrameBatch.class, "committed");

    private final ByteBuf buffer;
    /**
     * The address of {@link #buffer}'s first octet, or 0 where copies cannot go by address: where the buffer has
     * none, or where Netty may not use {@code sun.misc.Unsafe} (its copies by address need it, and from JDK 24 on it
     * is off by default while direct buffers may still report an address).
     */
    private final long address;
    /** {@link #SEALED} | frames claimed << 32 | octets claimed. */
    private volatile long claimed;
    /** Frames committed << 32 | body octets committed. */
    private volatile long committed;

    /** Starts an empty batch in a buffer from {@code alloc}. */
    public SharedFrameBatch(ByteBufAllocator alloc) {
        this.buffer = alloc.directBuffer(CAPACITY, CAPACITY);
        this.address = PlatformDependent.hasUnsafe() && buffer.hasMemoryAddress() ? buffer.memoryAddress() : 0;
    }

    /** Returns whether a body of {@code size} octets is copied into batches like this one (rather than sent alone). */
    public static boolean takes(int size) {
        return size <= ZmtpFrameEncoder.COPY_THRESHOLD;
    }

    /**
     * Frames the readable octets of {@code body} into this batch, without moving its reader index; returns false,
     * having copied nothing, if the batch is sealed or has no room left, in which case it is sealed now. The body must
     * be one that {@link #takes} and stays the caller's. Any thread.
     *
     * @throws IllegalReferenceCountException if {@code body} was released (before anything is claimed)
     */
    public boolean append(ByteBuf body) {
        if (body.refCnt() == 0) {
            throw new IllegalReferenceCountException(0); // copied by address, a freed body would not fail by itself
        }
        int size = body.readableBytes();
        int at = claim(size);
        if (at < 0) {
            return false;
        }
        try {
            copy(writeHeader(at, size), body, size);
        } finally {
            commit(size);
        }
        return true;
    }

    /** As {@link #append(ByteBuf)}, for the octets of {@code body}. */
    public boolean append(byte[] body) {
        int size = body.length;
        int at = claim(size);
        if (at < 0) {
            return false;
        }
        try {
            int to = writeHeader(at, size);
            if (address != 0) {
                PlatformDependent.copyMemory(body, 0, address + to, size);
            } else {
                buffer.nioBuffer(to, size).put(body);
            }
        } finally {
            commit(size);
        }
        return true;
    }

    /** Returns the offset of the claimed region for a frame with a body of {@code size} octets, or -1. */
    private int claim(int size) {
        int length = ZmtpFrameHeaders.headerLength(size) + size;
        for (;;) {
            long c = claimed;
            if (c < 0) {
                return -1;
            }
            int at = (int) (c & OCTETS);
            if (at + length > CAPACITY) {
                seal();
                return -1;
            }
            if (CLAIMED.compareAndSet(this, c, c + ONE_FRAME + length)) {
                return at;
            }
        }
    }

    /**
     * Copies {@code size} readable octets of {@code body} to {@code to}. Never through {@code buffer}'s own
     * {@code setBytes(int, ByteBuf, ...)}: that may use the buffer's internal NIO buffer, whose position other senders
     * move at the same time. By address where both sides have one, else through a view of the region of its own.
     */
    private void copy(int to, ByteBuf body, int size) {
        int from = body.readerIndex();
        if (address != 0) {
            if (body.hasMemoryAddress()) {
                PlatformDependent.copyMemory(body.memoryAddress() + from, address + to, size);
                return;
            }
            if (body.hasArray()) {
                PlatformDependent.copyMemory(body.array(), body.arrayOffset() + from, address + to, size);
                return;
            }
        }
        body.getBytes(from, buffer.nioBuffer(to, size));
    }

    /**
     * Writes the header of a final data frame at {@code at}; returns where its body starts. Absolute single-value
     * writes touch no state of the buffer but its memory, so senders may make them at the same time.
     */
    private int writeHeader(int at, int size) {
        if (size > 255) {
            buffer.setByte(at, ZmtpFrameHeaders.LAST | ZmtpFrameHeaders.LONG);
            buffer.setLong(at + 1, size);
            return at + 9;
        }
        buffer.setByte(at, ZmtpFrameHeaders.LAST);
        buffer.setByte(at + 1, size);
        return at + 2;
    }

    private void commit(int size) {
        COMMITTED.addAndGet(this, ONE_FRAME + size);
    }

    /** Stops further claims; what was claimed before stays. Idempotent. Any thread. */
    public void seal() {
        for (;;) {
            long c = claimed;
            if (c < 0 || CLAIMED.compareAndSet(this, c, c | SEALED)) {
                return;
            }
        }
    }

    /** Returns whether the batch is sealed and every claimed frame has been copied in. Any thread. */
    public boolean isComplete() {
        long c = claimed;
        return c < 0 && frames(committed) == frames(c);
    }

    /** Returns the octets claimed so far. */
    public int claimedOctets() {
        return (int) (claimed & OCTETS);
    }

    /** Returns how many frames are in the batch; only meaningful once it is {@linkplain #isComplete() complete}. */
    public int frames() {
        return frames(committed);
    }

    /** Returns the body octets of the frames in the batch; only meaningful once it is complete. */
    public long bodyBytes() {
        return committed & OCTETS;
    }

    private static int frames(long word) {
        return (int) ((word >>> 32) & FRAMES);
    }

    /**
     * Hands the buffer, its readable octets being the batch's frames, to the caller, who then owns it. Call once, on
     * the consuming thread, once the batch is {@linkplain #isComplete() complete}.
     */
    public ByteBuf takeFramed() {
        return buffer.writerIndex((int) (claimed & OCTETS));
    }

    /** Frees the buffer; call instead of {@link #takeFramed()}, once the batch is complete. */
    public void release() {
        buffer.release();
    }

    /**
     * Passes a copy of each body framed in {@code framed} (as {@link #takeFramed()} returns it, or any run of final
     * data frames) to {@code sink}, in order, in new buffers from {@code alloc} that {@code sink} then owns; for a
     * batch that cannot be written where it was meant to go. Reads without moving {@code framed}'s reader index and
     * does not release it.
     */
    public static void forEachBody(ByteBuf framed, ByteBufAllocator alloc, Consumer<ByteBuf> sink) {
        forEachUnwrittenBody(framed, 0, alloc, sink);
    }

    /**
     * As {@link #forEachBody}, for a batch a channel wrote in part before it failed: skips the frames that lie wholly
     * within the first {@code written} readable octets of {@code framed} (they went out whole) and passes a copy of
     * each later body, the one cut off included, to {@code sink}.
     */
    public static void forEachUnwrittenBody(ByteBuf framed, long written, ByteBufAllocator alloc,
                                            Consumer<ByteBuf> sink) {
        int start = framed.readerIndex();
        int i = start;
        int end = framed.writerIndex();
        while (i < end) {
            int flags = framed.getUnsignedByte(i);
            int size;
            if ((flags & ZmtpFrameHeaders.LONG) != 0) {
                size = (int) framed.getLong(i + 1);
                i += 9;
            } else {
                size = framed.getUnsignedByte(i + 1);
                i += 2;
            }
            if (i + size - start > written) {
                ByteBuf body = alloc.buffer(size, size);
                body.writeBytes(framed, i, size);
                sink.accept(body);
            }
            i += size;
        }
    }
}
