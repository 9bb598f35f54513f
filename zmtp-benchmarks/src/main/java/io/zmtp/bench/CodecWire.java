/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.bench;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.buffer.ByteBuf;
import io.zmtp.codec.ZmtpCodecBuilder;
import io.zmtp.codec.ZmtpSocketType;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Byte vectors for the codec benchmarks, written out from 23/ZMTP as the codec's own tests do. */
final class CodecWire {

    private CodecWire() {
    }

    /** The ZMTP 3.1 NULL greeting, as libzmq sends it. */
    static byte[] nullGreeting() {
        byte[] g = new byte[64];
        g[0] = (byte) 0xFF;
        g[8] = 0x01;
        g[9] = 0x7F;
        g[10] = 3;
        g[11] = 1;
        byte[] name = "NULL".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, g, 12, name.length);
        return g;
    }

    /** A NULL READY command announcing {@code socketType}. */
    static byte[] ready(String socketType) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(5);
        body.writeBytes("READY".getBytes(StandardCharsets.US_ASCII));
        body.write(11);
        body.writeBytes("Socket-Type".getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(new byte[] {0, 0, 0, (byte) socketType.length()});
        body.writeBytes(socketType.getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x04);
        out.write(body.size());
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    /** What a CLIENT peer sends to open a NULL session: greeting and READY. */
    static byte[] clientHello() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(nullGreeting());
        out.writeBytes(ready("CLIENT"));
        return out.toByteArray();
    }

    /** Writes one data frame of {@code size} zero octets, short or long form, with or without MORE. */
    static void writeFrame(ByteBuf out, int size, boolean more) {
        if (size <= 255) {
            out.writeByte(more ? 0x01 : 0x00).writeByte(size);
        } else {
            out.writeByte(more ? 0x03 : 0x02).writeLong(size);
        }
        out.writeZero(size);
    }

    /** A channel with the SERVER codec installed whose NULL handshake with a CLIENT peer is complete. */
    static EmbeddedChannel handshakenServerChannel() {
        EmbeddedChannel channel = new EmbeddedChannel();
        ZmtpCodecBuilder.forServer(ZmtpSocketType.SERVER).build().install(channel.pipeline());
        channel.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(clientHello()));
        for (Object o; (o = channel.readOutbound()) != null; ) {
            io.netty.util.ReferenceCountUtil.release(o);
        }
        for (Object o; (o = channel.readInbound()) != null; ) {
            io.netty.util.ReferenceCountUtil.release(o);
        }
        if (!channel.isActive()) {
            throw new IllegalStateException("handshake failed");
        }
        return channel;
    }
}
