/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static io.zmtp.codec.Wire.bytes;
import static io.zmtp.codec.Wire.concat;
import static io.zmtp.codec.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZmtpFrameEncoderTest {

    private static String encode(Object msg) {
        EmbeddedChannel ch = new EmbeddedChannel(new ZmtpFrameEncoder());
        assertTrue(ch.writeOutbound(msg));
        String out = hex(Wire.drainOutbound(ch));
        assertFalse(ch.finish());
        return out;
    }

    @Test
    void singleFrameMessageUsesTheShortFormUpTo255Octets() {
        assertEquals(hex(bytes("00 05 'hello'")), encode(ZmtpMessage.of(Unpooled.copiedBuffer(bytes("'hello'")))));
        assertEquals(hex(bytes("00 00")), encode(ZmtpMessage.of(Unpooled.EMPTY_BUFFER)));
        byte[] b255 = Wire.repeat(1, 255);
        assertEquals(hex(concat(bytes("00 ff"), b255)), encode(ZmtpMessage.of(Unpooled.copiedBuffer(b255))));
    }

    @Test
    void bodiesAbove255OctetsUseTheLongForm() {
        byte[] b256 = Wire.repeat(2, 256);
        assertEquals(hex(concat(bytes("02 00 00 00 00 00 00 01 00"), b256)),
                encode(ZmtpMessage.of(Unpooled.copiedBuffer(b256))));
        byte[] big = Wire.repeat(3, 70_000);
        assertEquals(hex(concat(bytes("02 00 00 00 00 00 01 11 70"), big)),
                encode(ZmtpMessage.of(Unpooled.copiedBuffer(big))));
    }

    @Test
    void multipartMessagesSetMoreOnAllButTheLastFrame() {
        assertEquals(hex(bytes("01 01 'A' 00 02 'BC'")),
                encode(ZmtpMessage.of(Unpooled.copiedBuffer(bytes("'A'")), Unpooled.copiedBuffer(bytes("'BC'")))));
        byte[] big = Wire.repeat(4, 2000);
        assertEquals(hex(concat(bytes("01 00 03 00 00 00 00 00 00 07 d0"), big, bytes("00 01 'z'"))),
                encode(ZmtpMessage.of(Unpooled.EMPTY_BUFFER, Unpooled.copiedBuffer(big),
                        Unpooled.copiedBuffer(bytes("'z'")))));
    }

    @Test
    void largeBodiesAreSentWithoutCopying() {
        ByteBuf body = Unpooled.directBuffer(4096).writeZero(4096);
        EmbeddedChannel ch = new EmbeddedChannel(new ZmtpFrameEncoder());
        ch.writeOutbound(ZmtpMessage.of(body));
        io.netty.buffer.CompositeByteBuf out = ch.readOutbound();
        assertEquals(2, out.numComponents());
        assertEquals(9, out.component(0).readableBytes());
        assertEquals(body.memoryAddress() == 0 ? -1 : body.memoryAddress(),
                out.component(1).memoryAddress() == 0 ? -1 : out.component(1).memoryAddress());
        out.release();
        assertEquals(0, body.refCnt(), "the encoder released the message");
        assertFalse(ch.finish());
    }

    @Test
    void commandsAreFramedWithTheCommandFlag() {
        assertEquals(hex(bytes("04 07 04 50 49 4e 47 00 0a")), encode(new ZmtpPingCommand(10, new byte[0])));
        assertEquals(hex(bytes("04 0a 04 50 49 4e 47 00 00 4c 4f 4c")), encode(new ZmtpPingCommand(0, bytes("'LOL'"))));
        assertEquals(hex(bytes("04 08 04 50 4f 4e 47 4c 4f 4c")), encode(new ZmtpPongCommand(bytes("'LOL'"))));
        assertEquals(hex(bytes("04 0a 05 'ERROR' 03 '400'")), encode(new ZmtpErrorCommand("400")));
        assertEquals(hex(bytes("04 0b 09 53 55 42 53 43 52 49 42 45 41")),
                encode(new ZmtpSubscribeCommand(Unpooled.copiedBuffer(bytes("'A'")))));
        assertEquals(hex(bytes("04 08 06 'CANCEL' 41")),
                encode(new ZmtpCancelCommand(Unpooled.copiedBuffer(bytes("'A'")))));
        assertEquals(hex(bytes("04 1c 05 'READY' 0b 'Socket-Type' 00 00 00 06 'SERVER'")),
                encode(new ZmtpReadyCommand(ZmtpMetadata.builder().put("Socket-Type", "SERVER").build())));
    }

    @Test
    void commandLongFormIsChosenFromTheWholeBodyNotTheTopic() {
        byte[] topic = Wire.repeat('t', 250);
        String encoded = encode(new ZmtpSubscribeCommand(Unpooled.copiedBuffer(topic)));
        assertEquals(hex(concat(bytes("06 00 00 00 00 00 00 01 04 09 'SUBSCRIBE'"), topic)), encoded);
    }

    @Test
    void singleFramesKeepTheirFlags() {
        assertEquals(hex(bytes("01 01 'x'")), encode(new DefaultZmtpFrame(Unpooled.copiedBuffer(bytes("'x'")), true)));
        assertEquals(hex(bytes("04 05 04 'PONG'")),
                encode(new DefaultZmtpFrame(Unpooled.copiedBuffer(bytes("04 'PONG'")), false, true)));
    }

    @Test
    void rawBuffersPassThroughUnchanged() {
        ByteBuf raw = Unpooled.copiedBuffer(bytes("ff 00"));
        EmbeddedChannel ch = new EmbeddedChannel(new ZmtpFrameEncoder());
        ch.writeOutbound(raw);
        assertSame(raw, ch.readOutbound());
        raw.release();
        assertFalse(ch.finish());
    }

    @Test
    void aMessageThatCannotBeEncodedIsReleasedAndTheWriteFails() {
        ByteBuf released = Unpooled.buffer(4).writeInt(1);
        ZmtpMessage message = ZmtpMessage.of(released);
        released.release(); // a broken message: its content is already gone
        EmbeddedChannel ch = new EmbeddedChannel(new ZmtpFrameEncoder());
        ChannelFuture f = ch.writeAndFlush(message);
        assertFalse(f.isSuccess());
        assertFalse(ch.finish());
    }

    @Test
    void smallWritesBetweenFlushesLeaveInOneBufferWithTheSameBytesAsSeparateWrites() {
        EmbeddedChannel ch = new EmbeddedChannel(new ZmtpFrameEncoder());
        ch.write(ZmtpMessage.of(Unpooled.copiedBuffer(bytes("'hello'"))));
        ch.write(ZmtpMessage.of(Unpooled.copiedBuffer(bytes("'A'")), Unpooled.copiedBuffer(bytes("'BC'"))));
        ch.write(new DefaultZmtpFrame(Unpooled.copiedBuffer(bytes("'x'")), true));
        ch.write(ZmtpMessage.of(Unpooled.EMPTY_BUFFER));
        assertNull(ch.readOutbound(), "nothing is passed on before the flush");
        ch.flush();
        ByteBuf out = ch.readOutbound();
        assertEquals(hex(bytes("00 05 'hello' 01 01 'A' 00 02 'BC' 01 01 'x' 00 00")), hex(bytesOf(out)));
        out.release();
        assertNull(ch.readOutbound(), "one buffer for the whole batch");
        assertFalse(ch.finish());
    }

    @Test
    void aBatchThatWouldOutgrowItsBufferIsPassedOnAndANewOneStarted() {
        EmbeddedChannel ch = new EmbeddedChannel(new ZmtpFrameEncoder());
        byte[] body = Wire.repeat(7, ZmtpFrameEncoder.COPY_THRESHOLD);
        int perBatch = ZmtpFrameEncoder.BATCH_SIZE / (9 + body.length);
        int messages = perBatch + 1;
        for (int i = 0; i < messages; i++) {
            ch.write(ZmtpMessage.of(Unpooled.copiedBuffer(body)));
        }
        ch.flush();
        ByteBuf full = ch.readOutbound();
        assertEquals(perBatch * (9 + body.length), full.readableBytes(), "a full batch is passed on");
        full.release();
        ByteBuf rest = ch.readOutbound();
        assertEquals(hex(concat(bytes("02 00 00 00 00 00 00 04 00"), body)), hex(bytesOf(rest)));
        rest.release();
        assertFalse(ch.finish());
    }

    @Test
    void writesThatAreNotBatchedKeepTheirPlaceAfterTheBatch() {
        EmbeddedChannel ch = new EmbeddedChannel(new ZmtpFrameEncoder());
        byte[] big = Wire.repeat(5, 2000);
        ch.write(ZmtpMessage.of(Unpooled.copiedBuffer(bytes("'a'"))));
        ch.write(ZmtpMessage.of(Unpooled.copiedBuffer(big)));
        ch.write(ZmtpMessage.of(Unpooled.copiedBuffer(bytes("'b'"))));
        ch.write(new ZmtpPingCommand(10, new byte[0]));
        ch.write(ZmtpMessage.of(Unpooled.copiedBuffer(bytes("'c'"))));
        ch.flush();
        assertEquals(hex(concat(bytes("00 01 'a' 02 00 00 00 00 00 00 07 d0"), big,
                bytes("00 01 'b' 04 07 04 50 49 4e 47 00 0a 00 01 'c'"))), hex(Wire.drainOutbound(ch)));
        assertFalse(ch.finish());
    }

    @Test
    void theBatchedWritesPromisesSucceedWhenTheBatchIsWritten() {
        EmbeddedChannel ch = new EmbeddedChannel(new ZmtpFrameEncoder());
        ChannelFuture first = ch.write(ZmtpMessage.of(Unpooled.copiedBuffer(bytes("'a'"))));
        ch.write(ZmtpMessage.of(Unpooled.copiedBuffer(bytes("'b'"))), ch.voidPromise());
        ChannelFuture third = ch.write(ZmtpMessage.of(Unpooled.copiedBuffer(bytes("'c'"))));
        assertFalse(first.isDone());
        assertFalse(third.isDone());
        ch.flush();
        assertTrue(first.isSuccess());
        assertTrue(third.isSuccess());
        assertEquals(hex(bytes("00 01 'a' 00 01 'b' 00 01 'c'")), hex(Wire.drainOutbound(ch)));
        assertFalse(ch.finish());
    }

    @Test
    void theBatchedWritesPromisesFailAndTheBatchIsReleasedWhenTheChannelClosesBeforeTheFlush() {
        EmbeddedChannel ch = new EmbeddedChannel(new ZmtpFrameEncoder());
        ChannelFuture first = ch.write(ZmtpMessage.of(Unpooled.copiedBuffer(bytes("'a'"))));
        ChannelPromise second = ch.newPromise();
        ch.write(ZmtpMessage.of(Unpooled.copiedBuffer(bytes("'b'"))), second);
        ch.close();
        assertTrue(first.isDone());
        assertFalse(first.isSuccess());
        assertFalse(second.isSuccess());
        assertNull(ch.readOutbound());
        assertFalse(ch.finish());
    }

    @Test
    void aMessageThatCannotBeEncodedLeavesTheRestOfTheBatchIntact() {
        ByteBuf released = Unpooled.buffer(4).writeInt(1);
        ZmtpMessage broken = ZmtpMessage.of(Unpooled.copiedBuffer(bytes("'ok'")), released);
        released.release();
        EmbeddedChannel ch = new EmbeddedChannel(new ZmtpFrameEncoder());
        ChannelFuture before = ch.write(ZmtpMessage.of(Unpooled.copiedBuffer(bytes("'a'"))));
        ChannelFuture failed = ch.write(broken);
        ChannelFuture after = ch.write(ZmtpMessage.of(Unpooled.copiedBuffer(bytes("'b'"))));
        ch.flush();
        assertFalse(failed.isSuccess());
        assertInstanceOf(io.netty.util.IllegalReferenceCountException.class, failed.cause());
        assertTrue(before.isSuccess());
        assertTrue(after.isSuccess());
        assertEquals(hex(bytes("00 01 'a' 00 01 'b'")), hex(Wire.drainOutbound(ch)));
        assertFalse(ch.finish());
    }

    @Test
    void removingTheEncoderPassesOnItsBatch() {
        EmbeddedChannel ch = new EmbeddedChannel(new ZmtpFrameEncoder());
        ChannelFuture write = ch.write(ZmtpMessage.of(Unpooled.copiedBuffer(bytes("'a'"))));
        ch.pipeline().removeFirst();
        ch.flush();
        assertTrue(write.isSuccess());
        assertEquals(hex(bytes("00 01 'a'")), hex(Wire.drainOutbound(ch)));
        assertFalse(ch.finish());
    }

    private static byte[] bytesOf(ByteBuf buf) {
        byte[] b = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), b);
        return b;
    }
}
