/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.fuzz;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;

import java.util.ArrayList;
import java.util.List;

/**
 * An unpooled allocator that remembers every buffer it hands out, so that a fuzz target can tell after one input
 * whether each of them was released, and how much memory the buffers still referenced take.
 *
 * <p>In regression runs the buffers are leak-aware as with any allocator, so Netty's leak detector (paranoid in every
 * test JVM) also watches them and records where each was used. While Jazzer fuzzes ({@code JAZZER_FUZZ=1}), they
 * are not: paranoid records on every access cost more than ten times the work of an input, and the check after each
 * input is exact where the detector is not (it reports a leak once the collector finds it, inputs later). Buffers
 * allocated elsewhere stay under the detector in both modes. Not thread-safe: one instance per
 * {@link io.netty.channel.embedded.EmbeddedChannel}.
 */
final class TrackingAllocator extends AbstractByteBufAllocator {

    private static final boolean LEAK_AWARE = !isFuzzing(System.getenv("JAZZER_FUZZ"));

    private final List<ByteBuf> buffers = new ArrayList<>();
    private int largestRequest;

    TrackingAllocator() {
        super(false);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return leakAware(track(new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity), initialCapacity));
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return leakAware(track(new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity), initialCapacity));
    }

    @Override
    public CompositeByteBuf compositeHeapBuffer(int maxNumComponents) {
        CompositeByteBuf buf = new CompositeByteBuf(this, false, maxNumComponents);
        track(buf, 0);
        return LEAK_AWARE ? toLeakAwareBuffer(buf) : buf;
    }

    @Override
    public CompositeByteBuf compositeDirectBuffer(int maxNumComponents) {
        CompositeByteBuf buf = new CompositeByteBuf(this, true, maxNumComponents);
        track(buf, 0);
        return LEAK_AWARE ? toLeakAwareBuffer(buf) : buf;
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    /** Reads {@code JAZZER_FUZZ} as Jazzer does. */
    private static boolean isFuzzing(String value) {
        return value != null && (value.equals("1") || value.equalsIgnoreCase("true") || value.equalsIgnoreCase("yes"));
    }

    private static ByteBuf leakAware(ByteBuf buf) {
        return LEAK_AWARE ? toLeakAwareBuffer(buf) : buf;
    }

    private ByteBuf track(ByteBuf buf, int requested) {
        buffers.add(buf);
        largestRequest = Math.max(largestRequest, requested);
        return buf;
    }

    /** Returns the largest initial capacity asked for so far. */
    int largestRequest() {
        return largestRequest;
    }

    /** Returns the largest capacity among the buffers still referenced (composites count their components). */
    int largestLiveCapacity() {
        forgetReleased();
        int largest = 0;
        for (ByteBuf buf : buffers) {
            if (!(buf instanceof CompositeByteBuf)) {
                largest = Math.max(largest, buf.capacity());
            }
        }
        return largest;
    }

    /** Returns the summed capacity of the buffers still referenced, composites left out (their parts count). */
    long liveCapacity() {
        forgetReleased();
        long sum = 0;
        for (ByteBuf buf : buffers) {
            if (!(buf instanceof CompositeByteBuf)) {
                sum += buf.capacity();
            }
        }
        return sum;
    }

    /** Drops the buffers already released, which cannot come back, so that each check costs what is live. */
    private void forgetReleased() {
        buffers.removeIf(buf -> buf.refCnt() == 0);
    }

    /** Returns a description of each buffer still referenced; empty when everything was released. */
    List<String> unreleased() {
        forgetReleased();
        List<String> found = new ArrayList<>();
        for (ByteBuf buf : buffers) {
            found.add(buf.getClass().getSimpleName() + "(refCnt " + buf.refCnt() + ", capacity "
                    + buf.capacity() + ")");
        }
        return found;
    }
}
