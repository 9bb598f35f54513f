/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.zmtp.codec.internal.HeadroomRecvByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.zmtp.codec.Wire.bytes;
import static io.zmtp.codec.Wire.concat;
import static io.zmtp.codec.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZmtpHandshakeHandlerTest {

    /** libzmq 4.3.5's NULL greeting, octet for octet (ZMTP-NOTES 1.1). */
    private static final byte[] LIBZMQ_NULL_GREETING = bytes(
            "ff 00 00 00 00 00 00 00 01 7f 03 01 4e 55 4c 4c"
            + "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
            + "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
            + "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00");

    private static final byte[] READY_CLIENT = bytes("04 1c 05 'READY' 0b 'Socket-Type' 00 00 00 06 'CLIENT'");
    private static final byte[] READY_SERVER = bytes("04 1c 05 'READY' 0b 'Socket-Type' 00 00 00 06 'SERVER'");

    @Test
    void writesTheSameGreetingAsLibzmqThenReadyOnlyAfterThePeersGreeting() {
        CodecChannel c = CodecChannel.client(ZmtpSocketType.CLIENT);
        assertEquals(hex(LIBZMQ_NULL_GREETING), hex(c.written()));
        c.feed(Wire.nullGreeting());
        assertEquals(hex(READY_CLIENT), hex(c.written()));
        assertFalse(c.finish());
    }

    @Test
    void serverSendsReadyAsSoonAsTheGreetingsAreExchangedWithoutWaitingForTheClientsReady() {
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER);
        c.written();
        c.feed(Wire.nullGreeting());
        assertEquals(hex(READY_SERVER), hex(c.written()));
        assertNull(c.recorder.handshake());
        c.feed(READY_CLIENT);
        ZmtpHandshakeCompletionEvent event = c.recorder.handshake();
        assertTrue(event.isSuccess());
        assertEquals(ZmtpSocketType.CLIENT, event.peerSocketType());
        assertEquals(ZmtpProtocolVersion.ZMTP_3_1, event.version());
        assertEquals("NULL", event.mechanism());
        assertEquals("CLIENT", event.peerMetadata().getString("socket-type"));
        assertFalse(c.finish());
    }

    @Test
    void dealerSendsItsEmptyIdentityAsInTheSpecificationsWorkedExample() {
        CodecChannel c = CodecChannel.client(ZmtpSocketType.DEALER);
        c.written();
        c.feed(Wire.nullGreeting());
        assertEquals(hex(bytes("04 29 05 52 45 41 44 59 0b 53 6f 63 6b 65 74 2d 54 79 70 65 00 00 00 06"
                + "44 45 41 4c 45 52 08 49 64 65 6e 74 69 74 79 00 00 00 00")), hex(c.written()));
        assertFalse(c.finish());
    }

    @Test
    void readyCarriesIdentityAndApplicationMetadata() {
        ZmtpCodecOptions options = ZmtpCodecOptions.builder()
                .routingId("id".getBytes(StandardCharsets.US_ASCII))
                .metadata(ZmtpMetadata.builder().put("X-App", "demo").build())
                .build();
        CodecChannel c = new CodecChannel(ZmtpSocketType.ROUTER, false, options);
        c.written();
        c.feed(Wire.nullGreeting());
        assertEquals(hex(bytes("04 39 05 'READY' 0b 'Socket-Type' 00 00 00 06 'ROUTER'"
                + "08 'Identity' 00 00 00 02 'id' 05 'X-App' 00 00 00 04 'demo'")), hex(c.written()));
        assertFalse(c.finish());
    }

    @Test
    void aZmtp30PeerIsSpokenToWithZmtp30Rules() {
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER);
        c.feed(concat(Wire.greeting(3, 0, "NULL"), READY_CLIENT));
        assertEquals(ZmtpProtocolVersion.ZMTP_3_0, c.recorder.handshake().version());
        assertFalse(c.finish());
    }

    @Test
    void acceptsNewerMajorVersionsAndUninterpretedPaddingAndAsServerOctet() {
        byte[] greeting = Wire.greeting(4, 7, "NULL");
        for (int i = 1; i <= 8; i++) {
            greeting[i] = (byte) (0x10 + i);
        }
        greeting[32] = 1;
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER);
        c.feed(concat(greeting, READY_CLIENT));
        assertEquals(ZmtpProtocolVersion.ZMTP_3_1, c.recorder.handshake().version());
        assertTrue(c.recorder.handshake().isSuccess());
        assertFalse(c.finish());
    }

    @Test
    void handshakeAndThreeMessagesSurviveEverySplitIntoTwoReads() {
        byte[] input = handshakeAndThreeMessages();
        for (int split = 0; split <= input.length; split++) {
            CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER);
            c.feed(java.util.Arrays.copyOfRange(input, 0, split));
            c.feed(java.util.Arrays.copyOfRange(input, split, input.length));
            assertThreeMessages(c, "split at " + split);
        }
    }

    @Test
    void handshakeAndThreeMessagesSurviveArrivingOneOctetAtATime() {
        byte[] input = handshakeAndThreeMessages();
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER);
        for (byte b : input) {
            c.feed(new byte[] {b});
        }
        assertThreeMessages(c, "byte by byte");
    }

    private static byte[] handshakeAndThreeMessages() {
        byte[] big = new byte[300];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        return concat(Wire.nullGreeting(), READY_CLIENT,
                Wire.message(bytes("'hello'")),
                bytes("01 01 'A' 00 02 'BC'"),
                Wire.message(big));
    }

    private static void assertThreeMessages(CodecChannel c, String what) {
        ZmtpHandshakeCompletionEvent event = c.recorder.handshake();
        assertNotNull(event, what);
        assertTrue(event.isSuccess(), what);
        List<List<byte[]>> messages = c.messages();
        assertEquals(3, messages.size(), what);
        assertArrayEquals(bytes("'hello'"), messages.get(0).get(0), what);
        assertEquals(2, messages.get(1).size(), what);
        assertArrayEquals(bytes("'A'"), messages.get(1).get(0), what);
        assertArrayEquals(bytes("'BC'"), messages.get(1).get(1), what);
        assertEquals(300, messages.get(2).get(0).length, what);
        assertEquals((byte) 299, messages.get(2).get(0)[299], what);
        assertTrue(c.recorder.exceptions.isEmpty(), what + ": " + c.recorder.exceptions);
        c.written();
        assertFalse(c.finish(), what);
    }

    @Test
    void rejectsABadFirstSignatureOctetBeforeTheRestArrives() {
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER);
        c.written();
        c.feed(bytes("01"));
        assertFailed(c, ZmtpHandshakeFailureReason.PROTOCOL, "bad greeting signature");
        assertEquals(0, c.written().length, "no ERROR before the peer's greeting was read");
        assertFalse(c.finish());
    }

    @Test
    void rejectsABadTenthSignatureOctetBeforeTheRestArrives() {
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER);
        c.feed(bytes("ff 00 00 00 00 00 00 00 01"));
        assertNull(c.recorder.handshake());
        c.feed(bytes("00"));
        assertFailed(c, ZmtpHandshakeFailureReason.PROTOCOL, "octet 9");
        assertFalse(c.finish());
    }

    @Test
    void rejectsAZmtp20GreetingAsSoonAsTheRevisionOctetArrives() {
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER);
        c.feed(bytes("ff 00 00 00 00 00 00 00 01 7f 01"));
        assertFailed(c, ZmtpHandshakeFailureReason.VERSION, "ZMTP 1.0/2.0 peers are not supported");
        assertFalse(c.finish());
    }

    @Test
    void rejectsAZmtp10IdentityFrame() {
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER);
        c.feed(bytes("01 00"));
        assertFailed(c, ZmtpHandshakeFailureReason.PROTOCOL, "ZMTP 1.0 peers are not supported");
        assertFalse(c.finish());
    }

    @Test
    void mechanismMismatchSendsErrorAndCloses() {
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER);
        c.written();
        c.feed(concat(Wire.greeting(3, 1, "PLAIN"), READY_CLIENT));
        assertFailed(c, ZmtpHandshakeFailureReason.MECHANISM, "peer uses 'PLAIN', we use 'NULL'");
        assertEquals(hex(errorCommand("mechanism mismatch: peer uses 'PLAIN', we use 'NULL'")), hex(c.written()));
        assertFalse(c.finish());
    }

    @Test
    void mechanismNamesMustMatchOnAllTwentyOctets() {
        byte[] greeting = Wire.nullGreeting();
        greeting[16] = 'X';
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER);
        c.feed(greeting);
        assertFailed(c, ZmtpHandshakeFailureReason.MECHANISM, "mechanism mismatch");
        assertFalse(c.finish());
    }

    @Test
    void aMechanismNameThatDiffersAfterANulShowsTheDifferenceEscaped() {
        byte[] greeting = Wire.nullGreeting();
        greeting[17] = 'X';
        greeting[19] = '\n';
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER);
        c.written();
        c.feed(greeting);
        String expected = "mechanism mismatch: peer uses 'NULL\\x00X\\x00\\n', we use 'NULL'";
        assertFailed(c, ZmtpHandshakeFailureReason.MECHANISM, expected);
        assertEquals(hex(errorCommand(expected)), hex(c.written()));
        assertFalse(c.finish());
    }

    @Test
    void incompatibleSocketTypeSendsErrorWithAReasonAndCloses() {
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER);
        c.feed(Wire.nullGreeting());
        c.written();
        c.feed(Wire.ready("DEALER"));
        assertFailed(c, ZmtpHandshakeFailureReason.SOCKET_TYPE, "a SERVER socket cannot talk to a DEALER peer");
        assertEquals(hex(errorCommand("incompatible Socket-Type: SERVER does not accept DEALER")), hex(c.written()));
        assertFalse(c.finish());
    }

    @Test
    void readyWithoutSocketTypeIsRefused() {
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER);
        c.feed(concat(Wire.nullGreeting(), bytes("04 06 05 'READY'")));
        assertFailed(c, ZmtpHandshakeFailureReason.SOCKET_TYPE, "no Socket-Type");
        assertFalse(c.finish());
    }

    @Test
    void socketTypeNamesAreMatchedCaseSensitivelyAsLibzmqDoes() {
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER);
        c.feed(concat(Wire.nullGreeting(), Wire.ready("client")));
        assertFailed(c, ZmtpHandshakeFailureReason.SOCKET_TYPE, "unknown Socket-Type 'client'");
        assertFalse(c.finish());
    }

    @Test
    void truncatedCommandIsAProtocolError() {
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER);
        c.feed(concat(Wire.nullGreeting(), bytes("04 03 05 'RE'")));
        assertFailed(c, ZmtpHandshakeFailureReason.PROTOCOL, "truncated name");
        assertFalse(c.finish());
    }

    @Test
    void truncatedMetadataIsAProtocolError() {
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER);
        c.feed(concat(Wire.nullGreeting(), bytes("04 18 05 'READY' 0b 'Socket-Type' 00 00 00 06 'CL'")));
        assertFailed(c, ZmtpHandshakeFailureReason.PROTOCOL, "declares a 6-octet value");
        assertFalse(c.finish());
    }

    @Test
    void messageFrameDuringTheHandshakeIsAProtocolError() {
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER);
        c.feed(concat(Wire.nullGreeting(), Wire.message(bytes("'early'"))));
        assertFailed(c, ZmtpHandshakeFailureReason.PROTOCOL, "before the handshake completed");
        assertFalse(c.finish());
    }

    @Test
    void unexpectedCommandDuringTheNullHandshakeIsAProtocolError() {
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER);
        c.feed(concat(Wire.nullGreeting(), bytes("04 06 05 'HELLO'")));
        assertFailed(c, ZmtpHandshakeFailureReason.PROTOCOL, "unexpected HELLO command");
        assertFalse(c.finish());
    }

    @Test
    void errorFromThePeerFailsTheHandshake() {
        CodecChannel c = CodecChannel.client(ZmtpSocketType.CLIENT);
        c.feed(concat(Wire.nullGreeting(), bytes("04 0a 05 'ERROR' 03 '400'")));
        assertFailed(c, ZmtpHandshakeFailureReason.AUTHENTICATION, "peer sent ERROR: 400");
        c.written();
        assertFalse(c.finish());
    }

    @Test
    void oversizedMetadataIsRefusedWhenTheFrameHeaderArrivesWithoutBufferingTheBody() {
        ZmtpCodecOptions options = ZmtpCodecOptions.builder().maxMetadataSize(1024).build();
        CodecChannel c = new CodecChannel(ZmtpSocketType.SERVER, true, options);
        // A READY announcing 2^31 octets: only the 9-octet header is sent.
        c.feed(concat(Wire.nullGreeting(), bytes("06 00 00 00 00 80 00 00 00")));
        assertFailed(c, ZmtpHandshakeFailureReason.PROTOCOL, "exceeds the limit of 2048");
        assertFalse(c.finish());
    }

    @Test
    void metadataJustAboveTheLimitIsRefused() {
        ZmtpCodecOptions options = ZmtpCodecOptions.builder().maxMetadataSize(1024).build();
        CodecChannel c = new CodecChannel(ZmtpSocketType.SERVER, true, options);
        byte[] value = Wire.repeat('v', 1024);
        byte[] metadata = concat(bytes("0b 'Socket-Type' 00 00 00 06 'CLIENT' 05 'X-Big' 00 00 04 00"), value);
        byte[] body = concat(bytes("05 'READY'"), metadata);
        c.feed(concat(Wire.nullGreeting(), bytes("06 00 00 00 00 00 00"), new byte[] {(byte) (body.length >> 8),
                (byte) body.length}, body));
        assertFailed(c, ZmtpHandshakeFailureReason.PROTOCOL, "exceeds maxMetadataSize 1024");
        assertFalse(c.finish());
    }

    @Test
    void handshakeThatNeverFinishesTimesOut() {
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER);
        c.feed(Wire.nullGreeting());
        c.channel.advanceTimeBy(29_999, TimeUnit.MILLISECONDS);
        c.channel.runScheduledPendingTasks();
        assertNull(c.recorder.handshake());
        assertTrue(c.channel.isOpen());
        c.channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        c.channel.runScheduledPendingTasks();
        assertFailed(c, ZmtpHandshakeFailureReason.TIMEOUT, "did not complete within PT30S");
        c.written();
        assertFalse(c.finish());
    }

    @Test
    void handshakeTimeoutIsConfigurableAndZeroMeansNone() {
        CodecChannel c = new CodecChannel(ZmtpSocketType.SERVER, true,
                ZmtpCodecOptions.builder().handshakeTimeout(Duration.ZERO).build());
        c.channel.advanceTimeBy(1, TimeUnit.DAYS);
        c.channel.runScheduledPendingTasks();
        assertTrue(c.channel.isOpen());
        assertNull(c.recorder.handshake());
        c.written();
        c.finish();
    }

    @Test
    void successfulHandshakeCancelsTheTimeout() {
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER).handshake("CLIENT");
        c.channel.advanceTimeBy(1, TimeUnit.HOURS);
        c.channel.runScheduledPendingTasks();
        assertTrue(c.channel.isOpen());
        assertFalse(c.finish());
    }

    @Test
    void connectionClosedDuringTheHandshakeReportsClosed() {
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER);
        c.feed(concat(Wire.nullGreeting(), bytes("04 1c 05 'READY'")));
        c.channel.close();
        assertFailed(c, ZmtpHandshakeFailureReason.CLOSED, "closed before the handshake completed");
        c.written();
        assertFalse(c.finish());
    }

    @Test
    void aReadCarryingTheHandshakeAndAMessageIsReleasedWhenTheConnectionClosesRightAfter() {
        // The frame decoder takes over what is left of the read; the start of a next frame stays in its cumulation.
        byte[][] tails = {new byte[0], bytes("00"), bytes("00 05 'ab'")};
        for (byte[] tail : tails) {
            CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER);
            ByteBuf read = Unpooled.directBuffer().writeBytes(
                    concat(Wire.nullGreeting(), READY_CLIENT, Wire.message(bytes("'hi'")), tail));
            c.channel.writeInbound(read);
            assertEquals(1, c.messages().size());
            c.channel.close();
            assertEquals(0, read.refCnt(), "a read ending with " + tail.length + " octets of a next frame");
            c.written();
            assertFalse(c.finish());
        }
    }

    @Test
    void bytesAfterAFailureAreDiscardedAndOnlyOneEventIsFired() {
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER);
        c.feed(concat(Wire.greeting(3, 1, "CURVE"), READY_CLIENT, Wire.message(bytes("'late'"))));
        assertFailed(c, ZmtpHandshakeFailureReason.MECHANISM, "mechanism mismatch");
        assertEquals(0, c.messages().size());
        c.written();
        assertFalse(c.finish());
    }

    @Test
    void handshakeHandlerReplacesItselfWithTheFrameDecoder() {
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER).handshake("CLIENT");
        EmbeddedChannel ch = c.channel;
        assertNull(ch.pipeline().get(ZmtpHandshakeHandler.class));
        assertNotNull(ch.pipeline().get(ZmtpHandshakeHandler.FRAME_DECODER_NAME));
        assertEquals(List.of(ZmtpChannelInitializer.ENCODER_NAME, ZmtpHandshakeHandler.FRAME_DECODER_NAME,
                ZmtpChannelInitializer.COMMAND_HANDLER_NAME, ZmtpChannelInitializer.AGGREGATOR_NAME),
                ch.pipeline().names().subList(0, 4));
        assertFalse(c.finish());
    }

    @Test
    void theInstalledCodecHasItsReadBuffersKeepRoomForASplitFrameInFrontOfTheNextRead() {
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER).handshake("CLIENT");
        HeadroomRecvByteBufAllocator readBuffers = HeadroomRecvByteBufAllocator.of(c.channel);
        assertNotNull(readBuffers, "install() wrapped the channel's allocator of read buffers");
        RecvByteBufAllocator.ExtendedHandle reads = (RecvByteBufAllocator.ExtendedHandle) readBuffers.newHandle();

        c.feed(bytes("00 02 'hi' 00 05 'he'"));
        ByteBuf next = reads.allocate(c.channel.alloc());
        int room = next.readerIndex();
        c.channel.writeInbound(next.writeBytes(bytes("'llo'")));
        assertEquals(4, room, "room for the split frame");
        List<String> bodies = c.messages().stream()
                .map(frames -> new String(frames.get(0), StandardCharsets.US_ASCII)).toList();
        assertEquals(List.of("hi", "hello"), bodies);
        assertFalse(c.finish());
    }

    static byte[] errorCommand(String reason) {
        byte[] body = concat(bytes("05 'ERROR'"), new byte[] {(byte) reason.length()},
                reason.getBytes(StandardCharsets.US_ASCII));
        return concat(new byte[] {0x04, (byte) body.length}, body);
    }

    private static void assertFailed(CodecChannel c, ZmtpHandshakeFailureReason reason, String messagePart) {
        ZmtpHandshakeCompletionEvent event = c.recorder.handshake();
        assertNotNull(event, "no handshake completion event");
        assertFalse(event.isSuccess());
        assertEquals(reason, event.reason(), event.toString());
        assertTrue(event.cause().getMessage().contains(messagePart), event.cause().getMessage());
        assertFalse(c.channel.isOpen(), "the connection is closed");
        assertTrue(c.messages().isEmpty(), "no message is delivered");
    }
}
