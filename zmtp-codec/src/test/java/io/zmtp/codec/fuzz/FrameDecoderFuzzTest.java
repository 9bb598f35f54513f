/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zmtp.codec.ZmtpSocketType;
import io.zmtp.codec.mechanism.ZmtpNullMechanism;
import org.junit.jupiter.api.BeforeAll;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The frame decoder, command handler and message aggregator after a completed NULL handshake, fed arbitrary frames
 * (23/ZMTP "Framing"). Besides the checks of {@link FuzzedConnection}, the messages delivered are compared with
 * those a plain reading of the bytes finds before the first command frame or error.
 *
 * <p>Input: {@link FuzzInput}; the prefix is a NULL greeting and a READY from a DEALER (our side is a ROUTER), sent
 * in the same reads as what follows; choice bit 0 makes the peer speak ZMTP 3.0, bit 1 makes us the connecting side.
 */
class FrameDecoderFuzzTest {

    /** Runs the targets once before any input is timed: loading and instrumenting classes takes more than 1 s. */
    @BeforeAll
    static void warmUp() {
        new FrameDecoderFuzzTest().framesAfterHandshake(PeerBytes.concat(new byte[] {0, (byte) 0x80},
                PeerBytes.frame(PeerBytes.MORE, new byte[1]), PeerBytes.frame(0, new byte[300]),
                PeerBytes.command("PING", new byte[2]), new byte[] {0x08}));
    }

    @FuzzTest(maxDuration = "30s")
    void framesAfterHandshake(byte[] bytes) {
        FuzzInput input = FuzzInput.of(bytes);
        boolean server = (input.choice & 2) == 0;
        FuzzedConnection connection = new FuzzedConnection(input.profile, ZmtpSocketType.ROUTER, server,
                ZmtpNullMechanism.INSTANCE);
        int minor = (input.choice & 1) == 0 ? 1 : 0;
        byte[] prefix = input.prefix ? PeerBytes.concat(PeerBytes.greeting("NULL", !server, minor),
                PeerBytes.ready("DEALER", "Identity", "")) : new byte[0];
        connection.receive(PeerBytes.concat(prefix, input.wire));
        connection.checkHandshake(ZmtpSocketType.ROUTER);
        if (input.prefix) {
            assertTrue(connection.handshake() != null && connection.handshake().isSuccess(),
                    () -> "a valid handshake failed: " + connection.handshake());
            List<List<byte[]>> expected = leadingMessages(input.wire, input.profile);
            List<List<byte[]>> delivered = connection.messages();
            for (int i = 0; i < Math.min(expected.size(), delivered.size()); i++) {
                assertFramesEqual(expected.get(i), delivered.get(i), i);
            }
            if (connection.isOpen()) {
                assertTrue(delivered.size() >= expected.size(),
                        () -> delivered.size() + " messages delivered, " + expected.size() + " in the bytes");
            }
        }
        connection.finish();
    }

    private static void assertFramesEqual(List<byte[]> expected, List<byte[]> actual, int index) {
        assertEquals(expected.size(), actual.size(), "frames of message " + index);
        for (int f = 0; f < expected.size(); f++) {
            assertArrayEquals(expected.get(f), actual.get(f), "frame " + f + " of message " + index);
        }
    }

    /**
     * Returns the whole messages in {@code wire} before its first command frame, its first malformed frame or the
     * first frame beyond a limit of {@code profile}, read straight from 23/ZMTP.
     */
    static List<List<byte[]>> leadingMessages(byte[] wire, FuzzProfile profile) {
        List<List<byte[]>> messages = new ArrayList<>();
        List<byte[]> frames = new ArrayList<>();
        long messageSize = 0;
        ByteBuffer in = ByteBuffer.wrap(wire);
        while (in.remaining() >= 2) {
            int flags = in.get(in.position()) & 0xFF;
            boolean longSize = (flags & PeerBytes.LONG) != 0;
            if ((flags & ~7) != 0 || (flags & PeerBytes.COMMAND) != 0 || in.remaining() < (longSize ? 9 : 2)) {
                break;
            }
            long size = longSize ? in.getLong(in.position() + 1) : in.get(in.position() + 1) & 0xFF;
            messageSize += size;
            if (size < 0 || size > profile.maxFrameSize || frames.size() + 1 > profile.maxFramesPerMessage
                    || messageSize > profile.maxMessageSize || in.remaining() - (longSize ? 9 : 2) < size) {
                break;
            }
            in.position(in.position() + (longSize ? 9 : 2));
            byte[] body = Arrays.copyOfRange(wire, in.position(), in.position() + (int) size);
            in.position(in.position() + (int) size);
            frames.add(body);
            if ((flags & PeerBytes.MORE) == 0) {
                messages.add(frames);
                frames = new ArrayList<>();
                messageSize = 0;
            }
        }
        return messages;
    }
}
