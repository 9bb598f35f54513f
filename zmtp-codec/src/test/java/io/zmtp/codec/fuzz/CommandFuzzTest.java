/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.ReferenceCountUtil;
import io.zmtp.codec.ZmtpCommand;
import io.zmtp.codec.ZmtpCommands;
import io.zmtp.codec.ZmtpErrorCommand;
import io.zmtp.codec.ZmtpMetadata;
import io.zmtp.codec.ZmtpProtocolException;
import org.junit.jupiter.api.BeforeAll;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Command and metadata parsing (23/ZMTP "Commands", "Connection Metadata"; 37/ZMTP PING and PONG; SUBSCRIBE and
 * CANCEL): {@link ZmtpCommands#decode} and {@link ZmtpMetadata#decode} fed arbitrary bodies. Each either rejects
 * the bytes with a {@link ZmtpProtocolException} or consumes them all, and what it returns encodes back to bytes
 * that decode to the same thing; every buffer is released.
 */
class CommandFuzzTest {

    /** Runs the targets once before any input is timed: loading and instrumenting classes takes more than 1 s. */
    @BeforeAll
    static void warmUp() {
        CommandFuzzTest target = new CommandFuzzTest();
        target.commandBody(PeerBytes.commandBody("READY", PeerBytes.metadata("Socket-Type", "PAIR")));
        target.commandBody(PeerBytes.commandBody("PING", new byte[] {0, 1, 2}));
        target.metadata(PeerBytes.metadata("Socket-Type", "PAIR"));
    }

    @FuzzTest(maxDuration = "30s")
    void commandBody(byte[] body) {
        TrackingAllocator alloc = new TrackingAllocator();
        ByteBuf in = alloc.buffer(body.length).writeBytes(body);
        try {
            ZmtpCommand command = decodeOrNull(in);
            if (command != null) {
                try {
                    assertFalse(in.isReadable(), "decode left octets of the body unread");
                    roundTrip(alloc, command);
                } finally {
                    ReferenceCountUtil.release(command);
                }
            }
            assertEquals(1, in.refCnt(), "the command released the body it was decoded from");
        } finally {
            in.release();
        }
        assertTrue(alloc.unreleased().isEmpty(), () -> "leak: " + alloc.unreleased());
    }

    @FuzzTest(maxDuration = "30s")
    void metadata(byte[] bytes) {
        TrackingAllocator alloc = new TrackingAllocator();
        ByteBuf in = alloc.buffer(bytes.length).writeBytes(bytes);
        try {
            ZmtpMetadata metadata;
            try {
                metadata = ZmtpMetadata.decode(in);
            } catch (ZmtpProtocolException rejected) {
                return;
            }
            assertFalse(in.isReadable(), "decode left octets unread");
            assertEquals(bytes.length, metadata.encodedLength());
            for (String name : metadata.names()) {
                assertNotNull(metadata.get(name.toUpperCase(Locale.ROOT)), name);
            }
            ByteBuf out = alloc.buffer(metadata.encodedLength());
            try {
                metadata.encode(out);
                assertArrayEquals(bytes, ByteBufUtil.getBytes(out), "metadata does not encode back to its bytes");
            } finally {
                out.release();
            }
        } finally {
            in.release();
            assertTrue(alloc.unreleased().isEmpty(), () -> "leak: " + alloc.unreleased());
        }
    }

    private static ZmtpCommand decodeOrNull(ByteBuf body) {
        try {
            return ZmtpCommands.decode(body);
        } catch (ZmtpProtocolException rejected) {
            return null;
        }
    }

    /** Encodes {@code command} as a frame, decodes the frame's body and checks that the same command comes back. */
    private static void roundTrip(TrackingAllocator alloc, ZmtpCommand command) {
        ByteBuf frame = ZmtpCommands.encodeFrame(alloc, command);
        try {
            assertEquals(ZmtpCommands.frameLength(command), frame.readableBytes(), "frame length of " + command);
            frame.skipBytes((frame.getByte(0) & PeerBytes.LONG) != 0 ? 9 : 2);
            ZmtpCommand again = ZmtpCommands.decode(frame);
            try {
                assertEquals(command.getClass(), again.getClass());
                assertEquals(command.name(), again.name());
                if (command instanceof ZmtpErrorCommand) {
                    // a decoded ERROR reason is peer text made safe (PeerText: escaped, and cut past 60 octets):
                    // decoding it again escapes and cuts it again, so what must hold is that it stays printable
                    String reason = ((ZmtpErrorCommand) again).reason();
                    assertTrue(reason.chars().allMatch(c -> c >= 0x20 && c < 0x7f), () -> "unsafe reason " + reason);
                } else {
                    assertArrayEquals(data(alloc, command), data(alloc, again), () -> "data of " + command);
                }
            } finally {
                ReferenceCountUtil.release(again);
            }
        } finally {
            frame.release();
        }
    }

    private static byte[] data(TrackingAllocator alloc, ZmtpCommand command) {
        ByteBuf out = alloc.buffer(command.dataLength());
        try {
            command.writeData(out);
            assertEquals(command.dataLength(), out.readableBytes(), () -> "dataLength of " + command);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }
}
