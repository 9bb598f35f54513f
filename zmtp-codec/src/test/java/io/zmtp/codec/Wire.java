/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Byte vectors for tests, written out by hand from 23/ZMTP and 37/ZMTP, independent of the code under test. */
final class Wire {

    private Wire() {
    }

    /** Parses hex octets; spaces are ignored and {@code 'text'} stands for the ASCII octets of text. */
    static byte[] bytes(String spec) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < spec.length()) {
            char c = spec.charAt(i);
            if (c == ' ') {
                i++;
            } else if (c == '\'') {
                int end = spec.indexOf('\'', i + 1);
                out.writeBytes(spec.substring(i + 1, end).getBytes(StandardCharsets.US_ASCII));
                i = end + 1;
            } else {
                out.write(Integer.parseInt(spec.substring(i, i + 2), 16));
                i += 2;
            }
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] repeat(int value, int count) {
        byte[] b = new byte[count];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }

    /** A ZMTP 3.x greeting with the given version and mechanism, padding as libzmq sends it. */
    static byte[] greeting(int major, int minor, String mechanism) {
        byte[] g = new byte[64];
        g[0] = (byte) 0xFF;
        g[8] = 0x01;
        g[9] = 0x7F;
        g[10] = (byte) major;
        g[11] = (byte) minor;
        byte[] name = mechanism.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, g, 12, name.length);
        return g;
    }

    /** The 3.1 NULL greeting that libzmq 4.3.5 sends. */
    static byte[] nullGreeting() {
        return greeting(3, 1, "NULL");
    }

    /** A NULL READY command frame announcing {@code socketType} and nothing else. */
    static byte[] ready(String socketType) {
        byte[] property = concat(bytes("0b 'Socket-Type' 00 00 00"), new byte[] {(byte) socketType.length()},
                socketType.getBytes(StandardCharsets.US_ASCII));
        byte[] body = concat(bytes("05 'READY'"), property);
        return concat(new byte[] {0x04, (byte) body.length}, body);
    }

    /** A single-frame message, short or long form. */
    static byte[] message(byte[] body) {
        if (body.length <= 255) {
            return concat(new byte[] {0x00, (byte) body.length}, body);
        }
        ByteBuf header = Unpooled.buffer(9).writeByte(0x02).writeLong(body.length);
        return concat(ByteBufUtil.getBytes(header), body);
    }

    /** Reads and releases everything the channel has written so far, as one array. */
    static byte[] drainOutbound(EmbeddedChannel channel) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object o; (o = channel.readOutbound()) != null; ) {
            ByteBuf buf = (ByteBuf) o;
            try {
                out.writeBytes(ByteBufUtil.getBytes(buf));
            } finally {
                buf.release();
            }
        }
        return out.toByteArray();
    }

    static String hex(byte[] b) {
        return ByteBufUtil.hexDump(b);
    }
}
