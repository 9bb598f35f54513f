/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.socket.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.util.IllegalReferenceCountException;
import io.zmtp.codec.ZmtpFrameEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins the batch that senders frame small messages into concurrently: the octets are the encoder's, a sealed or full
 * batch takes nothing more, it is complete only once sealed and every claimed frame is copied in, frames from many
 * threads all arrive and each thread's in its own order, and a batch splits back into its bodies.
 */
@Timeout(30)
class SharedFrameBatchTest {

    @Test
    void framesAreFinalDataFramesInTheShortFormUpTo255OctetsAndTheLongFormAbove() {
        SharedFrameBatch batch = new SharedFrameBatch(ByteBufAllocator.DEFAULT);
        ByteBuf a = Unpooled.wrappedBuffer(new byte[] {'x', 'a'}).skipBytes(1);
        assertTrue(batch.append(a));
        assertEquals(1, a.readerIndex(), "the reader index of the body does not move");
        assertEquals(1, a.refCnt(), "the body stays the caller's");
        assertTrue(batch.append(new byte[0]));
        assertTrue(batch.append(new byte[256]));
        assertFalse(batch.isComplete(), "not complete before it is sealed");
        batch.seal();
        assertTrue(batch.isComplete());
        assertEquals(3, batch.frames());
        assertEquals(1 + 0 + 256, batch.bodyBytes());
        ByteBuf framed = batch.takeFramed();
        assertEquals("0001" + "61" + "0000" + "02" + "0000000000000100" + "00".repeat(256),
                ByteBufUtil.hexDump(framed));
        framed.release();
        a.release();
    }

    @Test
    void aSealedBatchTakesNothingAndAFullOneSealsItself() {
        SharedFrameBatch sealed = new SharedFrameBatch(ByteBufAllocator.DEFAULT);
        sealed.seal();
        sealed.seal();
        assertFalse(sealed.append(new byte[1]));
        assertTrue(sealed.isComplete());
        assertEquals(0, sealed.frames(), "an empty sealed batch is complete and holds nothing");
        sealed.release();

        SharedFrameBatch full = new SharedFrameBatch(ByteBufAllocator.DEFAULT);
        byte[] body = new byte[ZmtpFrameEncoder.COPY_THRESHOLD];
        int frames = 0;
        while (full.append(body)) {
            frames++;
        }
        assertEquals(SharedFrameBatch.CAPACITY / (9 + body.length), frames);
        assertTrue(full.isComplete(), "the frame that did not fit sealed the batch");
        assertFalse(full.append(new byte[0]), "not even an empty body goes into a sealed batch");
        assertEquals(frames * (9 + body.length), full.takeFramed().readableBytes());
        full.release();
    }

    @Test
    void aReleasedBodyIsRefusedBeforeAnythingIsClaimed() {
        SharedFrameBatch batch = new SharedFrameBatch(ByteBufAllocator.DEFAULT);
        ByteBuf released = Unpooled.buffer(4).writeInt(7);
        released.release();
        assertThrows(IllegalReferenceCountException.class, () -> batch.append(released));
        batch.seal();
        assertTrue(batch.isComplete(), "no claim is left waiting for a commit");
        assertEquals(0, batch.frames());
        batch.release();
    }

    @Test
    void onlyBodiesUpToTheCopyThresholdAreTaken() {
        assertTrue(SharedFrameBatch.takes(0));
        assertTrue(SharedFrameBatch.takes(ZmtpFrameEncoder.COPY_THRESHOLD));
        assertFalse(SharedFrameBatch.takes(ZmtpFrameEncoder.COPY_THRESHOLD + 1));
    }

    @Test
    void framesFromFourThreadsAllArriveEachThreadsInOrderAndTheBatchCompletesOnlyWhenAllAreIn() throws Exception {
        int threads = 4;
        int perThread = 20_000;
        List<SharedFrameBatch> batches = new ArrayList<>(); // in the order they were opened
        Object lock = new Object();
        SharedFrameBatch[] open = {new SharedFrameBatch(ByteBufAllocator.DEFAULT)};
        batches.add(open[0]);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                senders.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        byte[] body = ByteBuffer.allocate(8 + (i % 3) * 100).putInt(thread).putInt(i).array();
                        for (;;) {
                            SharedFrameBatch b;
                            synchronized (lock) {
                                b = open[0];
                            }
                            if (b.append(body)) {
                                break;
                            }
                            synchronized (lock) {
                                if (open[0] == b) {
                                    open[0] = new SharedFrameBatch(ByteBufAllocator.DEFAULT);
                                    batches.add(open[0]);
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : senders) {
                f.get(20, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        open[0].seal();
        int[] next = new int[threads];
        int total = 0;
        for (SharedFrameBatch b : batches) {
            assertTrue(b.isComplete());
            total += b.frames();
            ByteBuf framed = b.takeFramed();
            SharedFrameBatch.forEachBody(framed, ByteBufAllocator.DEFAULT, body -> {
                int thread = body.readInt();
                assertEquals(next[thread], body.readInt(), "thread " + thread + " out of order");
                next[thread]++;
                body.release();
            });
            framed.release();
        }
        assertEquals(threads * perThread, total);
        assertArrayEquals(new int[] {perThread, perThread, perThread, perThread}, next);
    }

    @Test
    void aClaimNotYetCommittedKeepsTheSealedBatchIncomplete() throws Exception {
        SharedFrameBatch batch = new SharedFrameBatch(ByteBufAllocator.DEFAULT);
        CountDownLatch copying = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        // a body whose copy blocks: the claim is made, the commit waits
        ByteBuf slow = new SlowBody(copying, resume);
        Thread sender = new Thread(() -> batch.append(slow));
        sender.start();
        assertTrue(copying.await(10, TimeUnit.SECONDS));
        batch.seal();
        assertFalse(batch.isComplete(), "a sender is still copying");
        resume.countDown();
        sender.join(10_000);
        assertTrue(batch.isComplete());
        assertEquals("000107", ByteBufUtil.hexDump(batch.takeFramed()));
        batch.release();
        slow.release();
    }

    @Test
    void aBatchSplitsBackIntoCopiesOfItsBodies() {
        SharedFrameBatch batch = new SharedFrameBatch(ByteBufAllocator.DEFAULT);
        byte[][] bodies = {{1, 2, 3}, {}, new byte[300], new byte[ZmtpFrameEncoder.COPY_THRESHOLD]};
        bodies[2][299] = 9;
        for (byte[] body : bodies) {
            assertTrue(batch.append(body));
        }
        batch.seal();
        ByteBuf framed = batch.takeFramed();
        List<byte[]> split = new ArrayList<>();
        SharedFrameBatch.forEachBody(framed, ByteBufAllocator.DEFAULT, body -> {
            split.add(ByteBufUtil.getBytes(body));
            body.release();
        });
        assertEquals(0, framed.readerIndex(), "splitting does not move the batch's reader index");
        framed.release();
        assertEquals(bodies.length, split.size());
        for (int i = 0; i < bodies.length; i++) {
            assertArrayEquals(bodies[i], split.get(i), "body " + i);
        }
    }

    @Test
    void aBatchWrittenInPartSplitsBackIntoTheBodiesWhoseFramesDidNotGoOutWhole() {
        SharedFrameBatch batch = new SharedFrameBatch(ByteBufAllocator.DEFAULT);
        byte[][] bodies = {{1}, {2, 2}, new byte[300], {4}};
        bodies[2][0] = 3;
        for (byte[] body : bodies) {
            assertTrue(batch.append(body));
        }
        batch.seal();
        ByteBuf framed = batch.takeFramed();
        // frames end at 3, 7, 316 and 319
        int[] written = {0, 2, 3, 6, 7, 315, 316, 318, 319};
        int[] firstUnwritten = {0, 0, 1, 1, 2, 2, 3, 3, 4};
        for (int w = 0; w < written.length; w++) {
            List<Byte> firsts = new ArrayList<>();
            SharedFrameBatch.forEachUnwrittenBody(framed, written[w], ByteBufAllocator.DEFAULT, body -> {
                firsts.add(body.getByte(0));
                body.release();
            });
            List<Byte> expected = new ArrayList<>();
            for (int i = firstUnwritten[w]; i < bodies.length; i++) {
                expected.add(bodies[i][0]);
            }
            assertEquals(expected, firsts, written[w] + " octets written");
        }
        assertEquals(0, framed.readerIndex());
        framed.release();
    }

    /** A one-octet body (7) whose copy, whichever way the batch reads it, waits until the test lets it go on. */
    private static final class SlowBody extends UnpooledHeapByteBuf {
        private final CountDownLatch copying;
        private final CountDownLatch resume;

        SlowBody(CountDownLatch copying, CountDownLatch resume) {
            super(UnpooledByteBufAllocator.DEFAULT, 1, 1);
            writeByte(7);
            this.copying = copying;
            this.resume = resume;
        }

        @Override
        public boolean hasArray() {
            return false; // so that the batch asks this body to copy itself
        }

        @Override
        public ByteBuf getBytes(int index, ByteBuf dst, int dstIndex, int length) {
            pause();
            return super.getBytes(index, dst, dstIndex, length);
        }

        @Override
        public ByteBuf getBytes(int index, byte[] dst, int dstIndex, int length) {
            pause();
            return super.getBytes(index, dst, dstIndex, length);
        }

        @Override
        public ByteBuf getBytes(int index, java.nio.ByteBuffer dst) {
            pause();
            return super.getBytes(index, dst);
        }

        @Override
        public java.nio.ByteBuffer nioBuffer(int index, int length) {
            pause();
            return super.nioBuffer(index, length);
        }

        @Override
        public java.nio.ByteBuffer[] nioBuffers(int index, int length) {
            pause();
            return super.nioBuffers(index, length);
        }

        @Override
        public java.nio.ByteBuffer internalNioBuffer(int index, int length) {
            pause();
            return super.internalNioBuffer(index, length);
        }

        private void pause() {
            copying.countDown();
            try {
                resume.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
