/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What a peer puts on the wire, written out from 23/ZMTP and 37/ZMTP independently of the codec: greetings, frames
 * and the commands of the NULL and PLAIN handshakes. The fuzz targets use it for the valid prefixes they send before
 * the fuzzer's bytes, and {@link SeedCorpus} for the seeds.
 */
final class PeerBytes {

    /** Frame flags: MORE, LONG, COMMAND. */
    static final int MORE = 0x01;
    static final int LONG = 0x02;
    static final int COMMAND = 0x04;

    private PeerBytes() {
    }

    /** A greeting announcing ZMTP 3.{@code minor} and {@code mechanism}, as libzmq pads it. */
    static byte[] greeting(String mechanism, boolean asServer, int minor) {
        byte[] g = new byte[64];
        g[0] = (byte) 0xFF;
        g[8] = 0x01;
        g[9] = 0x7F;
        g[10] = 3;
        g[11] = (byte) minor;
        byte[] name = ascii(mechanism);
        System.arraycopy(name, 0, g, 12, name.length);
        g[32] = (byte) (asServer ? 1 : 0);
        return g;
    }

    /** A whole frame with {@code flags} (MORE, COMMAND) around {@code body}, in the short form when it fits. */
    static byte[] frame(int flags, byte[] body) {
        ByteBuffer b;
        if (body.length <= 255) {
            b = ByteBuffer.allocate(2 + body.length).put((byte) flags).put((byte) body.length);
        } else {
            b = ByteBuffer.allocate(9 + body.length).put((byte) (flags | LONG)).putLong(body.length);
        }
        return b.put(body).array();
    }

    /** A command frame: name length, name, data. */
    static byte[] command(String name, byte[] data) {
        return frame(COMMAND, commandBody(name, data));
    }

    /** A command frame body: name length, name, data. */
    static byte[] commandBody(String name, byte[] data) {
        return concat(new byte[] {(byte) name.length()}, ascii(name), data);
    }

    /** Metadata properties in wire form from name and value pairs. */
    static byte[] metadata(String... namesAndValues) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            byte[] name = ascii(namesAndValues[i]);
            byte[] value = namesAndValues[i + 1].getBytes(StandardCharsets.UTF_8);
            out.write(name.length);
            out.writeBytes(name);
            out.writeBytes(ByteBuffer.allocate(4).putInt(value.length).array());
            out.writeBytes(value);
        }
        return out.toByteArray();
    }

    /** A READY command frame announcing {@code socketType}, and any further properties. */
    static byte[] ready(String socketType, String... moreNamesAndValues) {
        return command("READY", concat(metadata("Socket-Type", socketType), metadata(moreNamesAndValues)));
    }

    /** A PLAIN HELLO command frame. */
    static byte[] plainHello(String username, String password) {
        byte[] user = ascii(username);
        byte[] pass = ascii(password);
        return command("HELLO", concat(new byte[] {(byte) user.length}, user, new byte[] {(byte) pass.length}, pass));
    }

    /** The bytes of {@code parts}, one after the other. */
    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
