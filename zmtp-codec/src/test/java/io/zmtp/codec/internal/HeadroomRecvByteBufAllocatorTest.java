/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class HeadroomRecvByteBufAllocatorTest {

    private static final ByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

    private static HeadroomRecvByteBufAllocator installed() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setRecvByteBufAllocator(new AdaptiveRecvByteBufAllocator(64, 2048, 65536));
        HeadroomRecvByteBufAllocator headroom = HeadroomRecvByteBufAllocator.install(ch);
        ch.finishAndReleaseAll();
        return headroom;
    }

    @Test
    void theReservedRoomIsKeptFreeAtTheFrontOfBuffersOfTheCapacityTheFormerAllocatorGuesses() {
        HeadroomRecvByteBufAllocator headroom = installed();
        RecvByteBufAllocator.ExtendedHandle reads = extended(headroom);
        headroom.reserveHeadroom(74);
        ByteBuf buf = reads.allocate(ALLOC);
        try {
            assertEquals(2048, buf.capacity(), "the guess, not more");
            assertEquals(74, buf.readerIndex());
            assertEquals(74, buf.writerIndex());
            assertEquals(2048 - 74, buf.writableBytes(), "what the transport reads into");
        } finally {
            buf.release();
        }
    }

    @Test
    void noRoomIsKeptWhenNoneIsReservedOrTheReservationIsTooLarge() {
        HeadroomRecvByteBufAllocator headroom = installed();
        RecvByteBufAllocator.ExtendedHandle reads = extended(headroom);
        assertEquals(0, readerIndexOfNext(reads), "nothing reserved yet");
        headroom.reserveHeadroom(HeadroomRecvByteBufAllocator.MAX_HEADROOM + 1);
        assertEquals(0, readerIndexOfNext(reads), "more than the most ever kept");
        headroom.reserveHeadroom(2048 / 4 + 1);
        assertEquals(0, readerIndexOfNext(reads), "more than a quarter of the buffer");
        headroom.reserveHeadroom(2048 / 4);
        assertEquals(2048 / 4, readerIndexOfNext(reads));
        headroom.reserveHeadroom(0);
        assertEquals(0, readerIndexOfNext(reads));
    }

    @Test
    void theTransportIsToldWhatItReadAndAskedForItself() {
        HeadroomRecvByteBufAllocator headroom = installed();
        RecvByteBufAllocator.ExtendedHandle reads = extended(headroom);
        headroom.reserveHeadroom(100);
        ByteBuf buf = reads.allocate(ALLOC);
        try {
            reads.attemptedBytesRead(buf.writableBytes());
            reads.lastBytesRead(500);
            assertEquals(2048 - 100, reads.attemptedBytesRead());
            assertEquals(500, reads.lastBytesRead());
            reads.lastBytesRead(0);
            assertEquals(0, reads.lastBytesRead());
            reads.lastBytesRead(-1);
            assertEquals(-1, reads.lastBytesRead(), "end of stream");
        } finally {
            buf.release();
        }
    }

    @Test
    void readBuffersAreSizedAsWithoutTheRoom() {
        RecvByteBufAllocator.ExtendedHandle plain = extended(new AdaptiveRecvByteBufAllocator(64, 2048, 65536));
        HeadroomRecvByteBufAllocator headroom = installed();
        RecvByteBufAllocator.ExtendedHandle withRoom = extended(headroom);
        headroom.reserveHeadroom(40);
        // Read loops that fill every buffer, then loops that read a little: the guesses grow and shrink alike.
        int[] fill = {-1, -1, -1, -1, -1, 10, 10, 10, 10};
        List<Integer> plainGuesses = new ArrayList<>();
        List<Integer> guessesWithRoom = new ArrayList<>();
        for (int bytes : fill) {
            plainGuesses.add(readLoop(plain, bytes));
            guessesWithRoom.add(readLoop(withRoom, bytes));
        }
        assertEquals(plainGuesses, guessesWithRoom);
        assertEquals(65536, plainGuesses.get(4), "the fills made the guesses grow");
    }

    /** One read loop of one read of {@code bytes} octets (-1: as many as the buffer takes); returns the next guess. */
    private static int readLoop(RecvByteBufAllocator.ExtendedHandle reads, int bytes) {
        reads.reset(new EmbeddedChannel().config());
        ByteBuf buf = reads.allocate(ALLOC);
        try {
            reads.attemptedBytesRead(buf.writableBytes());
            reads.lastBytesRead(bytes < 0 ? buf.writableBytes() : bytes);
            reads.incMessagesRead(1);
            reads.readComplete();
        } finally {
            buf.release();
        }
        return reads.guess();
    }

    @Test
    void installingWrapsTheChannelsAllocatorOnce() {
        EmbeddedChannel ch = new EmbeddedChannel();
        assertNull(HeadroomRecvByteBufAllocator.of(ch));
        HeadroomRecvByteBufAllocator headroom = HeadroomRecvByteBufAllocator.install(ch);
        assertSame(headroom, ch.config().getRecvByteBufAllocator());
        assertSame(headroom, HeadroomRecvByteBufAllocator.of(ch));
        assertSame(headroom, HeadroomRecvByteBufAllocator.install(ch), "installed once");
        assertInstanceOf(RecvByteBufAllocator.ExtendedHandle.class, extended(headroom),
                "the epoll transport needs an extended handle");
        ch.finishAndReleaseAll();
    }

    /** The allocator's handle, of the type the transports use (the plain one is deprecated). */
    static RecvByteBufAllocator.ExtendedHandle extended(RecvByteBufAllocator allocator) {
        return (RecvByteBufAllocator.ExtendedHandle) allocator.newHandle();
    }

    private static int readerIndexOfNext(RecvByteBufAllocator.ExtendedHandle reads) {
        ByteBuf buf = reads.allocate(ALLOC);
        try {
            return buf.readerIndex();
        } finally {
            buf.release();
        }
    }
}
