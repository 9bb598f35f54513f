/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A NULL CLIENT peer's side of an {@link EmbeddedChannel} that runs the server's pipeline: bytes in, frames out. */
final class EmbeddedPeers {

    private EmbeddedPeers() {
    }

    /** Completes a NULL handshake of {@code ch} with a CLIENT peer; discards what the codec wrote. */
    static EmbeddedChannel handshake(EmbeddedChannel ch) {
        ByteBuf greeting = Unpooled.buffer(64);
        greeting.writeByte(0xff).writeZero(8).writeByte(0x7f).writeByte(3).writeByte(1);
        greeting.writeBytes("NULL".getBytes(StandardCharsets.US_ASCII)).writeZero(16);
        greeting.writeByte(0).writeZero(31);
        ch.writeInbound(greeting);
        byte[] ready = ByteBufUtil.decodeHexDump("041c055245414459" + "0b536f636b65742d54797065" + "00000006"
                + ByteBufUtil.hexDump("CLIENT".getBytes(StandardCharsets.US_ASCII)));
        ch.writeInbound(Unpooled.wrappedBuffer(ready));
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ((ByteBuf) o).release(); // our greeting and READY
        }
        return ch;
    }

    /** Feeds {@code ch} one final data frame of {@code size} octets, each {@code fill}, in one read. */
    static void receiveFrame(EmbeddedChannel ch, int size, int fill) {
        ByteBuf frame = Unpooled.buffer(9 + size);
        if (size > 255) {
            frame.writeByte(0x02).writeLong(size);
        } else {
            frame.writeByte(0).writeByte(size);
        }
        for (int i = 0; i < size; i++) {
            frame.writeByte(fill);
        }
        ch.writeInbound(frame);
    }

    /** Reads and releases everything written, and returns the bodies of the data frames in it, in order. */
    static List<byte[]> readFrames(EmbeddedChannel ch) {
        ByteBuf all = Unpooled.buffer();
        try {
            for (Object o; (o = ch.readOutbound()) != null; ) {
                ByteBuf buf = (ByteBuf) o;
                all.writeBytes(buf);
                buf.release();
            }
            List<byte[]> bodies = new ArrayList<>();
            while (all.isReadable()) {
                int flags = all.readUnsignedByte();
                long size = (flags & 0x02) != 0 ? all.readLong() : all.readUnsignedByte();
                byte[] body = new byte[(int) size];
                all.readBytes(body);
                bodies.add(body);
            }
            return bodies;
        } finally {
            all.release();
        }
    }
}
