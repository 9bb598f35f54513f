/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.Iterator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DefaultZmtpMessageTest {

    @Test
    void aSingleFrameMessageShowsItsContentAsOneFinalDataFrame() {
        ByteBuf content = Unpooled.copiedBuffer(new byte[] {1, 2, 3});
        ZmtpMessage message = ZmtpMessage.of(content);
        assertEquals(1, message.frameCount());
        assertFalse(message.isMultipart());
        assertSame(content, message.content(0));
        assertEquals(3, message.contentLength());
        ZmtpFrame frame = message.frame(0);
        assertSame(content, frame.content());
        assertFalse(frame.isMore());
        assertFalse(frame.isCommand());
        assertSame(frame, message.frame(0), "one frame for the message's life");
        Iterator<ZmtpFrame> frames = message.iterator();
        assertSame(frame, frames.next());
        assertFalse(frames.hasNext());
        assertThrows(IndexOutOfBoundsException.class, () -> message.frame(1));
        assertThrows(IndexOutOfBoundsException.class, () -> message.content(-1));
        assertEquals("DefaultZmtpMessage(1 frame: 3 octets)", message.toString());
        assertTrue(message.release());
        assertEquals(0, content.refCnt(), "releasing the message releases its content");
    }

    @Test
    void aSingleFrameMessageWhoseFrameWasNeverAskedForReleasesItsContent() {
        ByteBuf content = Unpooled.directBuffer(4).writeInt(7);
        ZmtpMessage message = ZmtpMessage.of(content);
        message.retain();
        assertFalse(message.release());
        assertEquals(1, content.refCnt(), "one reference count for the whole message");
        assertTrue(message.release());
        assertEquals(0, content.refCnt());
    }

    @Test
    void aSingleFrameMessageCountsWithItsContentAsAByteBufHolderDoes() {
        ByteBuf content = Unpooled.directBuffer(1).writeByte(1);
        ZmtpMessage message = ZmtpMessage.of(content);
        content.retain();
        assertEquals(2, message.refCnt());
        message.retain();
        assertEquals(3, content.refCnt());
        assertFalse(content.release(2));
        assertTrue(message.release());
        assertEquals(0, content.refCnt());
    }

    @Test
    void aMultipartMessageCountsForItselfAndReleasesEveryFrameAtZero() {
        ByteBuf first = Unpooled.directBuffer(1).writeByte(1);
        ByteBuf second = Unpooled.directBuffer(1).writeByte(2);
        ZmtpMessage message = ZmtpMessage.of(first, second);
        message.retain();
        assertEquals(2, message.refCnt());
        assertEquals(1, first.refCnt());
        assertFalse(message.release());
        assertTrue(message.release());
        assertEquals(0, first.refCnt());
        assertEquals(0, second.refCnt());
    }

    @Test
    void takingTheContentOfASingleFrameMessageHandsOverTheReferenceWithoutTouchingTheCount() {
        ByteBuf content = Unpooled.directBuffer(1).writeByte(1);
        ZmtpMessage message = ZmtpMessage.of(content);
        assertSame(content, DefaultZmtpMessage.takeContent(message));
        assertEquals(1, content.refCnt());
        assertTrue(content.release());
        assertEquals(0, message.refCnt(), "the message went with its content");

        ZmtpFrame frame = new DefaultZmtpFrame(Unpooled.directBuffer(1).writeByte(2));
        ByteBuf fromFrame = DefaultZmtpMessage.takeContent(new DefaultZmtpMessage(frame));
        assertSame(frame.content(), fromFrame);
        assertEquals(1, fromFrame.refCnt());
        assertTrue(fromFrame.release());
    }

    @Test
    void takingTheContentOfAMultipartMessageIsRefusedAndLeavesItAlone() {
        ZmtpMessage message = ZmtpMessage.of(Unpooled.directBuffer(1).writeByte(1),
                Unpooled.directBuffer(1).writeByte(2));
        assertThrows(IllegalArgumentException.class, () -> DefaultZmtpMessage.takeContent(message));
        assertEquals(1, message.refCnt());
        assertTrue(message.release());
    }

    @Test
    void aMessageBuiltFromAFrameKeepsThatFrame() {
        ZmtpFrame frame = new DefaultZmtpFrame(Unpooled.copiedBuffer(new byte[] {9}));
        ZmtpMessage message = new DefaultZmtpMessage(frame);
        assertSame(frame, message.frame(0));
        assertSame(frame.content(), message.content(0));
        assertTrue(message.release());
        assertEquals(0, frame.refCnt());
    }

    @Test
    void multipartMessagesSetMoreOnAllButTheLastFrame() {
        ZmtpMessage message = ZmtpMessage.of(Unpooled.copiedBuffer(new byte[] {1}), Unpooled.copiedBuffer(new byte[2]));
        assertEquals(2, message.frameCount());
        assertTrue(message.frame(0).isMore());
        assertFalse(message.frame(1).isMore());
        assertEquals(2, message.content(1).readableBytes());
        assertEquals(3, message.contentLength());
        assertEquals("DefaultZmtpMessage(2 frames: 1, 2 octets)", message.toString());
        assertTrue(message.release());
    }
}
