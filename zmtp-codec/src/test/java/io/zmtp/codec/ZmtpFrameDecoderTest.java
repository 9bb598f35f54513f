/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.zmtp.codec.internal.HeadroomRecvByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.zmtp.codec.Wire.bytes;
import static io.zmtp.codec.Wire.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZmtpFrameDecoderTest {

    private final List<Throwable> exceptions = new ArrayList<>();

    private EmbeddedChannel decoder(ZmtpCodecOptions options) {
        return new EmbeddedChannel(new ZmtpFrameDecoder(options), new ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                exceptions.add(cause);
            }
        });
    }

    private EmbeddedChannel decoder() {
        return decoder(ZmtpCodecOptions.defaults());
    }

    private static void assertFrame(Object decoded, boolean more, boolean command, byte[] body) {
        ZmtpFrame frame = assertInstanceOf(ZmtpFrame.class, decoded);
        try {
            assertEquals(more, frame.isMore(), "MORE");
            assertEquals(command, frame.isCommand(), "COMMAND");
            assertArrayEquals(body, ByteBufUtil.getBytes(frame.content()));
        } finally {
            frame.release();
        }
    }

    @Test
    void decodesShortFramesWithEveryValidFlagCombination() {
        EmbeddedChannel ch = decoder();
        ch.writeInbound(Unpooled.copiedBuffer(bytes("00 05 'hello' 01 01 'A' 00 02 'BC' 04 07 04 'PING' 00 0a 00 00")));
        assertFrame(ch.readInbound(), false, false, bytes("'hello'"));
        assertFrame(ch.readInbound(), true, false, bytes("'A'"));
        assertFrame(ch.readInbound(), false, false, bytes("'BC'"));
        assertFrame(ch.readInbound(), false, true, bytes("04 'PING' 00 0a"));
        assertFrame(ch.readInbound(), false, false, new byte[0]);
        assertFalse(ch.finish());
    }

    @Test
    void decodesLongFramesIncludingALongFormCarryingASmallSize() {
        byte[] body = Wire.repeat(0x5a, 300);
        EmbeddedChannel ch = decoder();
        ch.writeInbound(Unpooled.copiedBuffer(concat(bytes("02 00 00 00 00 00 00 01 2c"), body,
                bytes("03 00 00 00 00 00 00 00 01 'x' 06 00 00 00 00 00 00 00 05 04 'PONG'"))));
        assertFrame(ch.readInbound(), false, false, body);
        assertFrame(ch.readInbound(), true, false, bytes("'x'"));
        assertFrame(ch.readInbound(), false, true, bytes("04 'PONG'"));
        assertFalse(ch.finish());
    }

    @Test
    void decodedBodiesAreSlicesOfTheInboundBufferNotCopies() {
        EmbeddedChannel ch = decoder();
        ByteBuf in = Unpooled.copiedBuffer(bytes("00 03 'abc'"));
        ch.writeInbound(in);
        ZmtpFrame frame = ch.readInbound();
        assertTrue(frame.content().unwrap() != null, "a derived buffer: " + frame.content());
        frame.release();
        assertFalse(ch.finish());
    }

    @Test
    void aLargeBodyArrivingInManyReadsIsGatheredWithoutCopyingWhileAnEarlierFrameIsStillHeld() {
        byte[] body = new byte[64 * 1024];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31);
        }
        byte[] header = bytes("02 00 00 00 00 00 01 00 00");
        EmbeddedChannel ch = decoder();
        // An earlier small frame whose slice the application still holds, then the large frame's header.
        ch.writeInbound(Unpooled.wrappedBuffer(concat(bytes("00 02 'hi'"), header, Arrays.copyOf(body, 1000))));
        ZmtpFrame held = ch.readInbound();
        List<ByteBuf> reads = new ArrayList<>();
        for (int offset = 1000; offset < body.length; offset += 7000) {
            ByteBuf read = Unpooled.wrappedBuffer(Arrays.copyOfRange(body, offset, Math.min(body.length,
                    offset + 7000)));
            reads.add(read);
            ch.writeInbound(read.retain());
        }
        ch.writeInbound(Unpooled.wrappedBuffer(bytes("00 01 'z'")));

        ZmtpFrame large = ch.readInbound();
        try {
            assertArrayEquals(body, ByteBufUtil.getBytes(large.content()));
            // The reads were appended, not copied: each still backs part of the body.
            assertTrue(reads.stream().allMatch(read -> read.refCnt() > 1), "a read was copied and released");
        } finally {
            large.release();
        }
        reads.forEach(ByteBuf::release);
        assertFrame(held, false, false, bytes("'hi'"));
        assertFrame(ch.readInbound(), false, false, bytes("'z'"));
        assertTrue(reads.stream().allMatch(read -> read.refCnt() == 0), "every read released");
        assertFalse(ch.finish());
    }

    @Test
    void aFrameSplitByTheEndOfAReadMovesIntoTheRoomAtTheFrontOfTheNextReadInsteadOfTheReadBeingCopied() {
        assertSame(SplitFrame.NEXT_READ, decodeSplitFrameWithRoomInTheNextRead(16),
                "the body is a slice of the next read, not of a copy");
    }

    @Test
    void aSplitFrameLongerThanTheRoomAtTheFrontOfTheNextReadIsMergedWithIt() {
        assertSame(SplitFrame.COPY, decodeSplitFrameWithRoomInTheNextRead(3));
    }

    /** Where the body of a frame split by the end of a read ends up. */
    private enum SplitFrame { NEXT_READ, COPY }

    /**
     * Decodes 'hi' whole, then the header and two octets of 'hello' (four octets), with 'hi' still held by the
     * application, so that the first read is shared and nothing can be appended to it; then the rest of 'hello' and
     * 'z' in a read buffer with {@code room} octets free at its front. Checks every frame and buffer.
     */
    private SplitFrame decodeSplitFrameWithRoomInTheNextRead(int room) {
        EmbeddedChannel ch = decoder();
        ch.writeInbound(Unpooled.copiedBuffer(bytes("00 02 'hi' 00 05 'he'")));
        ZmtpFrame held = ch.readInbound();
        ByteBuf next = Unpooled.buffer(room + 6).setIndex(room, room).writeBytes(bytes("'llo' 00 01 'z'"));
        ch.writeInbound(next);

        ZmtpFrame hello = ch.readInbound();
        SplitFrame where;
        try {
            assertArrayEquals(bytes("'hello'"), ByteBufUtil.getBytes(hello.content()));
            where = hello.content().unwrap() == next ? SplitFrame.NEXT_READ : SplitFrame.COPY;
        } finally {
            hello.release();
        }
        assertFrame(ch.readInbound(), false, false, bytes("'z'"));
        assertFrame(held, false, false, bytes("'hi'"));
        assertEquals(0, next.refCnt(), "every read released");
        assertFalse(ch.finish());
        return where;
    }

    @Test
    void afterEachReadTheDecoderReservesRoomForItsSplitFrameAtTheFrontOfTheNextReadBuffer() {
        EmbeddedChannel ch = new EmbeddedChannel();
        HeadroomRecvByteBufAllocator.install(ch);
        ch.pipeline().addLast(new ZmtpFrameDecoder(ZmtpCodecOptions.defaults()));
        RecvByteBufAllocator.ExtendedHandle reads =
                (RecvByteBufAllocator.ExtendedHandle) ch.config().getRecvByteBufAllocator().newHandle();

        ch.writeInbound(Unpooled.copiedBuffer(bytes("00 02 'hi' 00 05 'he'")));
        assertFrame(ch.readInbound(), false, false, bytes("'hi'"));
        assertEquals(4, readerIndexOfNextReadBuffer(reads), "the split frame's header and two octets");

        ch.writeInbound(Unpooled.copiedBuffer(bytes("'llo'")));
        assertFrame(ch.readInbound(), false, false, bytes("'hello'"));
        assertEquals(0, readerIndexOfNextReadBuffer(reads), "nothing split");

        // The header of a large body and a part of it: gathered in a composite buffer, for which no room is kept.
        ch.writeInbound(Unpooled.copiedBuffer(concat(bytes("02 00 00 00 00 00 00 80 00"), new byte[100])));
        assertEquals(0, readerIndexOfNextReadBuffer(reads), "a large body is gathered, not moved");
        ch.writeInbound(Unpooled.copiedBuffer(new byte[0x8000 - 100]));
        assertFrame(ch.readInbound(), false, false, new byte[0x8000]);
        assertFalse(ch.finish());
    }

    private static int readerIndexOfNextReadBuffer(RecvByteBufAllocator.ExtendedHandle reads) {
        ByteBuf buf = reads.allocate(UnpooledByteBufAllocator.DEFAULT);
        try {
            return buf.readerIndex();
        } finally {
            buf.release();
        }
    }

    @Test
    void everySplitOfAFrameSequenceDecodesTheSameFrames() {
        byte[] input = concat(bytes("01 01 'A' 02 00 00 00 00 00 00 01 00"), Wire.repeat(7, 256), bytes("04 00"));
        for (int split = 0; split <= input.length; split++) {
            EmbeddedChannel ch = decoder();
            ch.writeInbound(Unpooled.copiedBuffer(Arrays.copyOfRange(input, 0, split)));
            ch.writeInbound(Unpooled.copiedBuffer(Arrays.copyOfRange(input, split, input.length)));
            assertFrame(ch.readInbound(), true, false, bytes("'A'"));
            assertFrame(ch.readInbound(), false, false, Wire.repeat(7, 256));
            assertFrame(ch.readInbound(), false, true, new byte[0]);
            assertNull(ch.readInbound());
            assertFalse(ch.finish());
        }
    }

    /**
     * A decoder that batches single-frame bodies, and a handler after it that writes what it gets, in the order it
     * gets it, to {@code events}, and releases it (a batch's bodies one by one).
     */
    private static EmbeddedChannel decoderWithBatches(List<String> events) {
        return new EmbeddedChannel(new ZmtpFrameDecoder(ZmtpCodecOptions.defaults(), true),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        if (msg instanceof ZmtpBodyBatch) {
                            List<String> bodies = new ArrayList<>();
                            ((ZmtpBodyBatch) msg).takeAll(body -> {
                                bodies.add(body.toString(java.nio.charset.StandardCharsets.US_ASCII));
                                body.release();
                            });
                            events.add("bodies " + String.join(" ", bodies));
                            return;
                        }
                        ZmtpFrame frame = (ZmtpFrame) msg;
                        events.add((frame.isCommand() ? "command " : frame.isMore() ? "frame+ " : "frame ")
                                + frame.content().toString(java.nio.charset.StandardCharsets.US_ASCII));
                        frame.release();
                    }
                });
    }

    @Test
    void singleFrameBodiesPassOnInBatchesAndEverythingElseAsFramesInTheOrderTheyArrived() {
        // A, a command, a two-frame message B1 B2, C, D: at every split of the bytes over two reads
        byte[] input = bytes("00 01 'A' 04 01 'p' 01 02 'B1' 00 02 'B2' 00 01 'C' 00 01 'D'");
        for (int split = 0; split <= input.length; split++) {
            List<String> events = new ArrayList<>();
            EmbeddedChannel ch = decoderWithBatches(events);
            ch.writeInbound(Unpooled.copiedBuffer(Arrays.copyOfRange(input, 0, split)));
            ch.writeInbound(Unpooled.copiedBuffer(Arrays.copyOfRange(input, split, input.length)));
            List<String> flat = new ArrayList<>();
            for (String e : events) {
                if (e.startsWith("bodies ")) {
                    for (String body : e.substring(7).split(" ")) {
                        flat.add("body " + body);
                    }
                } else {
                    flat.add(e);
                }
            }
            assertEquals(List.of("body A", "command p", "frame+ B1", "frame B2", "body C", "body D"), flat,
                    "split at " + split);
            assertFalse(ch.finish());
        }
    }

    @Test
    void theBodiesOfOneReadBetweenTwoFramesShareOneBatch() {
        List<String> events = new ArrayList<>();
        EmbeddedChannel ch = decoderWithBatches(events);
        ch.writeInbound(Unpooled.copiedBuffer(bytes("00 01 'A' 00 01 'B' 04 01 'p' 00 01 'C' 00 01 'D' 00 01 'E'")));
        assertEquals(List.of("bodies A B", "command p", "bodies C D E"), events);
        assertFalse(ch.finish());
    }

    @Test
    void aLongRunOfBodiesInOneReadPassesOnInBatchesOfAtMostMaxBatch() {
        List<Integer> sizes = new ArrayList<>();
        EmbeddedChannel ch = new EmbeddedChannel(new ZmtpFrameDecoder(ZmtpCodecOptions.defaults(), true),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ZmtpBodyBatch batch = (ZmtpBodyBatch) msg;
                        sizes.add(batch.size());
                        batch.takeAll(ByteBuf::release);
                    }
                });
        ByteBuf read = Unpooled.buffer();
        for (int i = 0; i < 150; i++) {
            read.writeByte(0).writeByte(1).writeByte(i);
        }
        ch.writeInbound(read);
        assertEquals(List.of(ZmtpFrameDecoder.MAX_BATCH, ZmtpFrameDecoder.MAX_BATCH, 150 - 2 * ZmtpFrameDecoder.MAX_BATCH),
                sizes);
        assertFalse(ch.finish());
    }

    @Test
    void bodiesTheReceiverLeavesInABatchAreReleasedWhenItIsReused() {
        List<ByteBuf> seen = new ArrayList<>();
        EmbeddedChannel ch = new EmbeddedChannel(new ZmtpFrameDecoder(ZmtpCodecOptions.defaults(), true),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ((ZmtpBodyBatch) msg).takeAll(body -> {
                            seen.add(body);
                            if (seen.size() > 1) {
                                body.release();
                            }
                        });
                    }
                });
        ch.writeInbound(Unpooled.copiedBuffer(bytes("00 01 'A'")));
        ByteBuf first = seen.get(0);
        assertEquals(1, first.refCnt(), "taken: the receiver owns it");
        first.release();
        EmbeddedChannel ignoring = new EmbeddedChannel(new ZmtpFrameDecoder(ZmtpCodecOptions.defaults(), true),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        // takes nothing
                    }
                });
        ByteBuf read = Unpooled.copiedBuffer(bytes("00 01 'A' 00 01 'B'"));
        read.retain();
        ignoring.writeInbound(read);
        ignoring.writeInbound(Unpooled.copiedBuffer(bytes("00 01 'C'")));
        assertEquals(1, read.refCnt(), "the bodies left in the first batch were released at the next read");
        read.release();
        assertFalse(ignoring.finish());
        assertFalse(ch.finish());
    }

    @Test
    void withReadingTurnedOffBatchesPassedOnDoNotMakeTheDecoderAskForMoreReads() {
        List<String> events = new ArrayList<>();
        EmbeddedChannel ch = decoderWithBatches(events);
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        ch.pipeline().addFirst(new io.netty.channel.ChannelOutboundHandlerAdapter() {
            @Override
            public void read(ChannelHandlerContext ctx) {
                reads.incrementAndGet();
                ctx.read();
            }
        });
        ch.config().setAutoRead(false); // a receiver at its high-water mark
        reads.set(0);
        ch.writeInbound(Unpooled.copiedBuffer(bytes("00 01 'A' 00 01 'B'")));
        assertEquals(List.of("bodies A B"), events);
        assertEquals(0, reads.get(), "no read asked for: the bodies were whole messages");
        ch.writeInbound(Unpooled.copiedBuffer(bytes("00 05 'C'"))); // an incomplete frame: one more read is due
        assertEquals(1, reads.get());
        assertFalse(ch.finish());
    }

    @Test
    void reservedFlagBitsAreAProtocolErrorThatClosesTheConnection() {
        for (int flag = 0x08; flag <= 0x80; flag <<= 1) {
            exceptions.clear();
            EmbeddedChannel ch = decoder();
            ch.writeInbound(Unpooled.copiedBuffer(new byte[] {(byte) flag, 0x01, 'x'}));
            assertNull(ch.readInbound());
            assertFalse(ch.isOpen());
            assertEquals(1, exceptions.size());
            ZmtpProtocolException e = assertInstanceOf(ZmtpProtocolException.class, exceptions.get(0));
            assertTrue(e.getMessage().contains("reserved bits"), e.getMessage());
            assertFalse(ch.finish());
        }
    }

    @Test
    void aCommandFrameWithMoreIsAProtocolError() {
        EmbeddedChannel ch = decoder();
        ch.writeInbound(Unpooled.copiedBuffer(bytes("05 01 00")));
        assertFalse(ch.isOpen());
        assertTrue(exceptions.get(0).getMessage().contains("command frame with the MORE flag"));
        assertFalse(ch.finish());
    }

    @Test
    void aSizeWithTheTopBitSetIsRejectedWithoutAllocating() {
        EmbeddedChannel ch = decoder();
        ch.writeInbound(Unpooled.copiedBuffer(bytes("02 80 00 00 00 00 00 00 00")));
        assertFalse(ch.isOpen());
        TooLongFrameException e = assertInstanceOf(TooLongFrameException.class, exceptions.get(0));
        assertTrue(e.getMessage().contains("9223372036854775808"), e.getMessage());
        assertFalse(ch.finish());
    }

    @Test
    void aFrameAboveMaxFrameSizeIsRejectedAsSoonAsItsHeaderArrives() {
        EmbeddedChannel ch = decoder(ZmtpCodecOptions.builder().maxFrameSize(1000).build());
        ch.writeInbound(Unpooled.copiedBuffer(bytes("00 05 'hello' 02 00 00 00 00 00 00 03 e9")));
        assertFrame(ch.readInbound(), false, false, bytes("'hello'"));
        assertFalse(ch.isOpen());
        TooLongFrameException e = assertInstanceOf(TooLongFrameException.class, exceptions.get(0));
        assertTrue(e.getMessage().contains("1001 octets exceeds the limit of 1000"), e.getMessage());
        assertFalse(ch.finish());
    }

    @Test
    void aFrameOfExactlyMaxFrameSizeIsAccepted() {
        EmbeddedChannel ch = decoder(ZmtpCodecOptions.builder().maxFrameSize(300).build());
        ch.writeInbound(Unpooled.copiedBuffer(concat(bytes("02 00 00 00 00 00 00 01 2c"), Wire.repeat(1, 300))));
        assertFrame(ch.readInbound(), false, false, Wire.repeat(1, 300));
        assertTrue(ch.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void aMessageAboveMaxMessageSizeIsRejectedWhenTheOffendingHeaderArrives() {
        EmbeddedChannel ch = decoder(ZmtpCodecOptions.builder().maxMessageSize(10).build());
        ch.writeInbound(Unpooled.copiedBuffer(bytes("01 06 'abcdef' 00 05")));
        assertFrame(ch.readInbound(), true, false, bytes("'abcdef'"));
        assertFalse(ch.isOpen());
        assertTrue(exceptions.get(0).getMessage().contains("exceeds maxMessageSize 10"), exceptions.toString());
        assertFalse(ch.finish());
    }

    @Test
    void messageSizeIsCountedPerMessage() {
        EmbeddedChannel ch = decoder(ZmtpCodecOptions.builder().maxMessageSize(10).build());
        ch.writeInbound(Unpooled.copiedBuffer(bytes("01 05 'abcde' 00 05 'fghij' 00 0a 'klmnopqrst'")));
        assertFrame(ch.readInbound(), true, false, bytes("'abcde'"));
        assertFrame(ch.readInbound(), false, false, bytes("'fghij'"));
        assertFrame(ch.readInbound(), false, false, bytes("'klmnopqrst'"));
        assertTrue(ch.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void tooManyFramesInOneMessageAreRejected() {
        EmbeddedChannel ch = decoder(ZmtpCodecOptions.builder().maxFramesPerMessage(2).build());
        ch.writeInbound(Unpooled.copiedBuffer(bytes("01 00 01 00 00 00")));
        assertFrame(ch.readInbound(), true, false, new byte[0]);
        assertFrame(ch.readInbound(), true, false, new byte[0]);
        assertNull(ch.readInbound());
        assertFalse(ch.isOpen());
        assertTrue(exceptions.get(0).getMessage().contains("more than maxFramesPerMessage 2"));
        assertFalse(ch.finish());
    }

    @Test
    void bytesAfterAnErrorAreDiscarded() {
        EmbeddedChannel ch = decoder();
        ch.writeInbound(Unpooled.copiedBuffer(bytes("10 00 00 03 'abc'")));
        assertNull(ch.readInbound());
        assertEquals(1, exceptions.size());
        assertFalse(ch.finish());
    }
}
