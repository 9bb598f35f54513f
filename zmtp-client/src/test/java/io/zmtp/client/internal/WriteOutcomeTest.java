/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.client.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelProgressivePromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.zmtp.socket.internal.SharedFrameBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins what a write's outcome makes of the channel's progress: when the channel fails part-way through a buffer,
 * the messages whose frames went out whole count as written and only the others are handed back, in order.
 */
class WriteOutcomeTest {

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final Recorder connection = new Recorder();

    @AfterEach
    void finish() {
        connection.handedBack.forEach(ByteBuf::release);
        assertFalse(channel.finish());
    }

    @Test
    void aGroupFramedIntoOneBufferHandsBackOnlyTheMessagesWhoseFramesDidNotGoOutWhole() {
        // frames of 2 + 1, 9 + 300 and 2 + 5 octets: they end at 3, 312 and 319
        ByteBuf[] messages = {body(1, 1), body(2, 300), body(3, 5)};
        long[] written = {0, 2, 3, 311, 312, 318};
        int[] whole = {0, 0, 1, 1, 2, 2};
        for (int w = 0; w < written.length; w++) {
            Recorder recorder = new Recorder();
            WriteGroup group = new WriteGroup(recorder, 1);
            for (ByteBuf m : messages) {
                group.add(m.retain());
            }
            ChannelProgressivePromise promise = group.newBatchPromise(channel);
            assertTrue(promise.tryProgress(written[w], 319));
            promise.setFailure(new ClosedChannelException());
            String what = written[w] + " octets written";
            assertTrue(recorder.failed, what);
            assertEquals(whole[w], recorder.writtenMessages, what);
            assertEquals(whole[w] == 0 ? 0 : whole[w] == 1 ? 1 : 301, recorder.writtenBytes, what);
            assertEquals(firstOctets(3 - whole[w], 3), firstOctets(recorder.handedBack), what);
            recorder.handedBack.forEach(ByteBuf::release);
        }
        for (ByteBuf m : messages) {
            assertEquals(1, m.refCnt(), "the messages written were released, the others handed back");
            m.release();
        }
    }

    @Test
    void aGroupWrittenWholeReleasesItsMessagesAndCountsThemWritten() {
        ByteBuf a = body(1, 10);
        ByteBuf b = body(2, 20);
        WriteGroup group = new WriteGroup(connection, 10);
        group.add(a);
        group.add(b);
        group.newBatchPromise(channel).setSuccess();
        assertEquals(0, a.refCnt());
        assertEquals(0, b.refCnt());
        assertEquals(2, connection.writtenMessages);
        assertEquals(30, connection.writtenBytes);
        assertFalse(connection.failed);
    }

    @Test
    void aGroupWhoseOctetsAreNotItsOwnIsHandedBackWholeWhateverTheProgress() {
        ByteBuf a = body(1, 10);
        ByteBuf b = body(2, 10);
        WriteGroup group = new WriteGroup(connection, 10);
        group.add(a);
        group.add(b);
        ChannelProgressivePromise promise = group.newPromise(channel);
        assertTrue(promise.tryProgress(100, 200));
        promise.setFailure(new ClosedChannelException());
        assertEquals(0, connection.writtenMessages);
        assertEquals(List.of(1, 2), firstOctets(connection.handedBack));
    }

    @Test
    void aSharedBatchWrittenInPartHandsBackCopiesOfTheBodiesThatDidNotGoOutWholeAndFreesItsBuffer() {
        SharedFrameBatch batch = new SharedFrameBatch(ByteBufAllocator.DEFAULT);
        for (int i = 1; i <= 4; i++) {
            byte[] body = new byte[i * 100]; // frames of 102, 202, 309 and 409 octets
            body[0] = (byte) i;
            assertTrue(batch.append(body));
        }
        batch.seal();
        ByteBuf framed = batch.takeFramed();
        SharedBatchWrite outcome = new SharedBatchWrite(connection, framed, batch.frames(), batch.bodyBytes());
        ChannelProgressivePromise promise = outcome.newPromise(channel);
        assertTrue(promise.tryProgress(305, framed.readableBytes())); // the first two frames, one octet of the third
        promise.setFailure(new ClosedChannelException());
        assertTrue(connection.failed);
        assertEquals(2, connection.writtenMessages);
        assertEquals(300, connection.writtenBytes);
        assertEquals(List.of(3, 4), firstOctets(connection.handedBack));
        assertEquals(0, framed.refCnt());
    }

    @Test
    void aSharedBatchWrittenWholeCountsEveryMessageWrittenAndFreesItsBuffer() {
        SharedFrameBatch batch = new SharedFrameBatch(ByteBufAllocator.DEFAULT);
        assertTrue(batch.append(new byte[] {1}));
        assertTrue(batch.append(new byte[] {2, 2}));
        batch.seal();
        ByteBuf framed = batch.takeFramed();
        new SharedBatchWrite(connection, framed, batch.frames(), batch.bodyBytes()).newPromise(channel).setSuccess();
        assertEquals(2, connection.writtenMessages);
        assertEquals(3, connection.writtenBytes);
        assertTrue(connection.handedBack.isEmpty());
        assertEquals(0, framed.refCnt());
    }

    /** A body of {@code size} octets whose first octet is {@code first}. */
    private static ByteBuf body(int first, int size) {
        ByteBuf b = Unpooled.buffer(size);
        b.writeByte(first);
        b.writeZero(size - 1);
        return b;
    }

    private static List<Integer> firstOctets(List<ByteBuf> bodies) {
        List<Integer> firsts = new ArrayList<>();
        for (ByteBuf b : bodies) {
            firsts.add((int) b.getByte(b.readerIndex()));
        }
        return firsts;
    }

    /** The last {@code n} of the first octets 1 to {@code of}. */
    private static List<Integer> firstOctets(int n, int of) {
        List<Integer> firsts = new ArrayList<>();
        for (int i = of - n + 1; i <= of; i++) {
            firsts.add(i);
        }
        return firsts;
    }

    private static final class Recorder implements WriteOutcome.Connection {
        int writtenMessages;
        long writtenBytes;
        boolean failed;
        final List<ByteBuf> handedBack = new ArrayList<>();

        @Override
        public void written(int n, long bytes) {
            writtenMessages += n;
            writtenBytes += bytes;
        }

        @Override
        public void writeFailed() {
            failed = true;
        }

        @Override
        public void orphan(ByteBuf msg) {
            handedBack.add(msg);
        }
    }
}
