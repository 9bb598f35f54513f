/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.socket.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.zmtp.codec.ZmtpFrameEncoder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins the batch of a socket that frames its own messages: small bodies are copied in with their headers, of a
 * large body only the header goes in, the batch tells when the next frame no longer fits, and the bodies stay the
 * caller's.
 */
class FrameBatchTest {

    /** Writes through the context of a handler that would only pass the batches on, as the frame encoder's does. */
    private static FramedOutput outputOf(EmbeddedChannel ch) {
        ch.pipeline().addLast(new ChannelOutboundHandlerAdapter());
        return new FramedOutput(ch);
    }

    @Test
    void smallBodiesAreCopiedWithTheirHeadersIntoOneWrite() {
        EmbeddedChannel ch = new EmbeddedChannel();
        FrameBatch batch = new FrameBatch(outputOf(ch));
        assertTrue(batch.isEmpty());
        ByteBuf a = Unpooled.wrappedBuffer(new byte[] {'a'});
        ByteBuf empty = Unpooled.buffer(0);
        assertTrue(batch.append(a));
        assertTrue(batch.append(empty));
        assertEquals(1, a.refCnt(), "the body stays the caller's");
        assertFalse(batch.isEmpty());
        batch.write(ch.voidPromise());
        assertTrue(batch.isEmpty());
        ch.flush();
        ByteBuf out = ch.readOutbound();
        assertEquals("00016100" + "00", ByteBufUtil.hexDump(out));
        out.release();
        a.release();
        empty.release();
        assertFalse(ch.finish());
    }

    @Test
    void ofALargeBodyOnlyTheLongHeaderGoesIn() {
        EmbeddedChannel ch = new EmbeddedChannel();
        FrameBatch batch = new FrameBatch(outputOf(ch));
        int size = ZmtpFrameEncoder.COPY_THRESHOLD + 1;
        ByteBuf large = Unpooled.buffer(size).writeZero(size);
        assertFalse(batch.append(large));
        batch.write(ch.voidPromise());
        ch.flush();
        ByteBuf out = ch.readOutbound();
        assertEquals("02" + "0000000000000401", ByteBufUtil.hexDump(out));
        out.release();
        large.release();
        assertFalse(ch.finish());
    }

    @Test
    void aFullBatchSaysTheNextFrameDoesNotFitAndAnEmptyOneWritesNothing() {
        EmbeddedChannel ch = new EmbeddedChannel();
        FrameBatch batch = new FrameBatch(outputOf(ch));
        ByteBuf body = Unpooled.buffer(1000).writeZero(1000);
        int frames = 0;
        while (batch.fits(1000)) {
            batch.append(body);
            frames++;
        }
        assertEquals(ZmtpFrameEncoder.BATCH_SIZE / (9 + 1000), frames, "1 000 octets take the 9-octet long header");
        batch.write(ch.voidPromise());
        batch.write(ch.voidPromise());
        ch.flush();
        ByteBuf out = ch.readOutbound();
        assertEquals(frames * (9 + 1000), out.readableBytes());
        out.release();
        assertNull(ch.readOutbound(), "an empty batch writes nothing");
        body.release();
        assertFalse(ch.finish());
    }
}
