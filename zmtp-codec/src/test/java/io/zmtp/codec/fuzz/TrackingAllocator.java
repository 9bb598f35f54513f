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
 * <p>Buffers are leak-aware as with any allocator, so Netty's leak detector still watches them. Not thread-safe:
 * one instance per {@link io.netty.channel.embedded.EmbeddedChannel}.
 */
final class TrackingAllocator extends AbstractByteBufAllocator {

    private final List<ByteBuf> buffers = new ArrayList<>();
    private int largestRequest;

    TrackingAllocator() {
        super(false);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return toLeakAwareBuffer(track(new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity), initialCapacity));
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return toLeakAwareBuffer(track(new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity),
                initialCapacity));
    }

    @Override
    public CompositeByteBuf compositeHeapBuffer(int maxNumComponents) {
        return toLeakAwareBuffer((CompositeByteBuf) track(new CompositeByteBuf(this, false, maxNumComponents), 0));
    }

    @Override
    public CompositeByteBuf compositeDirectBuffer(int maxNumComponents) {
        return toLeakAwareBuffer((CompositeByteBuf) track(new CompositeByteBuf(this, true, maxNumComponents), 0));
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
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
        int largest = 0;
        for (ByteBuf buf : buffers) {
            if (buf.refCnt() > 0 && !(buf instanceof CompositeByteBuf)) {
                largest = Math.max(largest, buf.capacity());
            }
        }
        return largest;
    }

    /** Returns the summed capacity of the buffers still referenced, composites left out (their parts count). */
    long liveCapacity() {
        long sum = 0;
        for (ByteBuf buf : buffers) {
            if (buf.refCnt() > 0 && !(buf instanceof CompositeByteBuf)) {
                sum += buf.capacity();
            }
        }
        return sum;
    }

    /** Returns a description of each buffer still referenced; empty when everything was released. */
    List<String> unreleased() {
        List<String> found = new ArrayList<>();
        for (ByteBuf buf : buffers) {
            if (buf.refCnt() > 0) {
                found.add(buf.getClass().getSimpleName() + "(refCnt " + buf.refCnt() + ", capacity "
                        + buf.capacity() + ")");
            }
        }
        return found;
    }
}
