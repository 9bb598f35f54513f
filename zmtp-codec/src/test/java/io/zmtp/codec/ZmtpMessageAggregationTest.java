/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.zmtp.codec.Wire.bytes;
import static io.zmtp.codec.Wire.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins how a handshaken codec pipeline turns frames into messages: single-frame and multipart messages arrive
 * whole and in order, with a command between the frames of a message answered, however the bytes are split into
 * reads; a bare frame decoder passes frames on as frames; the message size limit holds for a message of one frame.
 */
class ZmtpMessageAggregationTest {

    /** single "a"; "b1" MORE, a PING, "b2"; single "c"; a 300-octet single (long form). */
    private static final byte[] STREAM = concat(
            Wire.message(text("a")),
            bytes("01 02 'b1'"),
            bytes("04 07 04 'PING' 00 00"),
            bytes("00 02 'b2'"),
            Wire.message(text("c")),
            Wire.message(Wire.repeat('x', 300)));

    @Test
    void singleAndMultipartMessagesArriveWholeAndInOrderWithACommandBetweenTheirFrames() {
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER).handshake("CLIENT");
        c.feed(STREAM);
        assertMessages(c.messages());
        assertArrayEquals(bytes("04 05 04 'PONG'"), c.written());
        assertFalse(c.finish());
    }

    @Test
    void theSameStreamFedOneOctetAtATimeGivesTheSameMessages() {
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER).handshake("CLIENT");
        for (byte b : STREAM) {
            c.feed(new byte[] {b});
        }
        assertMessages(c.messages());
        assertFalse(c.finish());
    }

    @Test
    void aBareFrameDecoderPassesEveryFrameOnAsAFrame() {
        EmbeddedChannel channel = new EmbeddedChannel(new ZmtpFrameDecoder(ZmtpCodecOptions.defaults()));
        channel.writeInbound(Unpooled.wrappedBuffer(Wire.message(text("a"))));
        Object decoded = channel.readInbound();
        try {
            ZmtpFrame frame = assertInstanceOf(ZmtpFrame.class, decoded);
            assertFalse(frame.isMore());
            assertArrayEquals(text("a"), ByteBufUtil.getBytes(frame.content()));
        } finally {
            io.netty.util.ReferenceCountUtil.release(decoded);
        }
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void aSingleFrameAboveMaxMessageSizeStillClosesTheConnectionUndelivered() {
        ZmtpCodecOptions options = ZmtpCodecOptions.builder().maxMessageSize(100).build();
        CodecChannel c = new CodecChannel(ZmtpSocketType.SERVER, true, options).handshake("CLIENT");
        c.channel.pipeline().fireChannelRead(Unpooled.wrappedBuffer(Wire.message(Wire.repeat('x', 101))));
        assertTrue(c.messages().isEmpty());
        assertFalse(c.channel.isOpen());
        assertThrows(TooLongFrameException.class, c.channel::checkException);
        c.finish();
    }

    private static void assertMessages(List<List<byte[]>> messages) {
        assertEquals(4, messages.size());
        assertEquals(1, messages.get(0).size());
        assertArrayEquals(text("a"), messages.get(0).get(0));
        assertEquals(2, messages.get(1).size());
        assertArrayEquals(text("b1"), messages.get(1).get(0));
        assertArrayEquals(text("b2"), messages.get(1).get(1));
        assertArrayEquals(text("c"), messages.get(2).get(0));
        assertArrayEquals(Wire.repeat('x', 300), messages.get(3).get(0));
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
