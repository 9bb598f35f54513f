/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import static io.zmtp.codec.Wire.bytes;
import static io.zmtp.codec.Wire.concat;
import static io.zmtp.codec.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZmtpCommandsTest {

    private static ZmtpCommand decode(String body) {
        ByteBuf buf = Unpooled.copiedBuffer(bytes(body));
        try {
            ZmtpCommand command = ZmtpCommands.decode(buf);
            assertEquals(0, buf.readableBytes(), "the whole body is consumed");
            return command;
        } finally {
            buf.release();
        }
    }

    private static void assertMalformed(String body, String messagePart) {
        ZmtpProtocolException e = assertThrows(ZmtpProtocolException.class, () -> decode(body));
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }

    @Test
    void decodesReadyWithItsMetadata() {
        ZmtpReadyCommand ready = assertInstanceOf(ZmtpReadyCommand.class,
                decode("05 'READY' 0b 'Socket-Type' 00 00 00 06 'DEALER' 08 'Identity' 00 00 00 00"));
        assertEquals("DEALER", ready.metadata().getString(ZmtpMetadata.SOCKET_TYPE));
        assertArrayEquals(new byte[0], ready.metadata().get("identity"));
    }

    @Test
    void decodesErrorWithItsReason() {
        assertEquals("400", assertInstanceOf(ZmtpErrorCommand.class, decode("05 'ERROR' 03 '400'")).reason());
        assertMalformed("05 'ERROR' 05 '40'", "truncated reason");
        assertMalformed("05 'ERROR'", "no reason length");
    }

    @Test
    void decodesPingWithTtlAndContextAndPong() {
        ZmtpPingCommand ping = assertInstanceOf(ZmtpPingCommand.class, decode("04 'PING' 00 0a 'LOL'"));
        assertEquals(10, ping.ttlDeciseconds());
        assertArrayEquals(bytes("'LOL'"), ping.context());
        assertArrayEquals(bytes("'LOL'"), ping.pong().context());
        ZmtpPongCommand pong = assertInstanceOf(ZmtpPongCommand.class, decode("04 'PONG' 'abc'"));
        assertArrayEquals(bytes("'abc'"), pong.context());
    }

    @Test
    void aPingContextLongerThan16OctetsIsCut() {
        ZmtpPingCommand ping = assertInstanceOf(ZmtpPingCommand.class,
                decode("04 'PING' ff ff '0123456789abcdefXYZ'"));
        assertEquals(65535, ping.ttlDeciseconds());
        assertArrayEquals(bytes("'0123456789abcdef'"), ping.context());
    }

    @Test
    void decodesSubscriptionsAsSlicesOfTheBody() {
        ZmtpSubscribeCommand subscribe = assertInstanceOf(ZmtpSubscribeCommand.class, decode("09 'SUBSCRIBE' 'topic'"));
        assertArrayEquals(bytes("'topic'"), ByteBufUtil.getBytes(subscribe.topic()));
        subscribe.release();
        ZmtpCancelCommand cancel = assertInstanceOf(ZmtpCancelCommand.class, decode("06 'CANCEL'"));
        assertEquals(0, cancel.topic().readableBytes(), "an empty topic cancels the match-all subscription");
        cancel.release();
    }

    @Test
    void anyOtherCommandIsRawWithItsNameAndData() {
        ZmtpRawCommand hello = assertInstanceOf(ZmtpRawCommand.class, decode("05 'HELLO' 05 'admin' 06 'secret'"));
        assertEquals("HELLO", hello.name());
        assertTrue(hello.is("HELLO"));
        assertEquals(13, hello.dataLength());
        assertEquals("ZmtpRawCommand(HELLO, 13 octets)", hello.toString(), "toString never shows the data");
        hello.release();
    }

    @Test
    void rejectsMalformedNames() {
        assertMalformed("", "empty command frame");
        assertMalformed("00 'x'", "empty command name");
        assertMalformed("05 'RE'", "truncated name");
        assertMalformed("02 00 41", "non-printable");
    }

    @Test
    void pingWithoutTheTwoTtlOctetsIsMalformed() {
        assertMalformed("04 'PING' 00", "malformed PING");
    }

    @Test
    void encodesWholeFramesThatDecodeBack() {
        ZmtpCommand[] commands = {
            new ZmtpReadyCommand(ZmtpMetadata.builder().put("Socket-Type", "CLIENT").build()),
            new ZmtpErrorCommand("nope"),
            new ZmtpPingCommand(600, bytes("'ctx'")),
            new ZmtpPongCommand(bytes("'ctx'")),
            new ZmtpRawCommand("JOIN", Unpooled.copiedBuffer(bytes("'group'"))),
        };
        for (ZmtpCommand command : commands) {
            ByteBuf frame = ZmtpCommands.encodeFrame(ByteBufAllocator.DEFAULT, command);
            try {
                assertEquals(ZmtpCommands.frameLength(command), frame.readableBytes());
                assertEquals(0x04, frame.readUnsignedByte());
                assertEquals(frame.readableBytes() - 1, frame.readUnsignedByte());
                ZmtpCommand decoded = ZmtpCommands.decode(frame);
                assertEquals(command.name(), decoded.name());
                ByteBuf a = Unpooled.buffer();
                ByteBuf b = Unpooled.buffer();
                command.writeData(a);
                decoded.writeData(b);
                assertEquals(hex(ByteBufUtil.getBytes(a)), hex(ByteBufUtil.getBytes(b)));
                a.release();
                b.release();
                ReferenceCountUtil.release(decoded);
            } finally {
                frame.release();
                ReferenceCountUtil.release(command);
            }
        }
    }

    @Test
    void errorReasonsAreCutTo255PrintableCharacters() {
        ZmtpErrorCommand error = new ZmtpErrorCommand("bad\nthing" + "x".repeat(300));
        assertEquals(255, error.reason().length());
        assertTrue(error.reason().startsWith("bad?thing"), error.reason());
        assertEquals(256, error.dataLength());
    }

    @Test
    void pingArgumentsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new ZmtpPingCommand(65536, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new ZmtpPingCommand(-1, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new ZmtpPingCommand(0, new byte[17]));
        assertThrows(IllegalArgumentException.class, () -> new ZmtpPongCommand(new byte[17]));
        assertThrows(IllegalArgumentException.class,
                () -> new ZmtpRawCommand("has space", Unpooled.EMPTY_BUFFER));
    }

    @Test
    void readyCommandBytesMatchTheSpecificationExample() {
        ZmtpMetadata metadata = ZmtpMetadata.builder().put("Socket-Type", "DEALER").put("Identity", new byte[0]).build();
        ByteBuf frame = ZmtpCommands.encodeFrame(ByteBufAllocator.DEFAULT, new ZmtpReadyCommand(metadata));
        assertEquals(hex(concat(bytes("04 29 05 52 45 41 44 59 0b 53 6f 63 6b 65 74 2d 54 79 70 65 00 00 00 06"),
                bytes("44 45 41 4c 45 52 08 49 64 65 6e 74 69 74 79 00 00 00 00"))), hex(ByteBufUtil.getBytes(frame)));
        frame.release();
    }

    @Test
    void readsTheMisspelledErrorThatLibzmqsPlainMechanismSends() {
        // libzmq's "\x05ERROR" prefix compiles to 5E 'RROR': a 94-octet name length and a 4-octet name.
        ZmtpErrorCommand error = assertInstanceOf(ZmtpErrorCommand.class, decode("5e 'RROR' 03 '400'"));
        assertEquals("400", error.reason());
        assertMalformed("5e 'ABCD' 03 '400'", "truncated name");
    }
}
