/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.zmtp.codec.Wire.bytes;
import static io.zmtp.codec.Wire.concat;
import static io.zmtp.codec.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZmtpCommandHandlerTest {

    private static final byte[] PING_NO_TTL = bytes("04 07 04 'PING' 00 00");

    private static CodecChannel withHeartbeats(Duration interval, Duration ttl, Duration timeout) {
        ZmtpCodecOptions options = ZmtpCodecOptions.builder()
                .heartbeatInterval(interval).heartbeatTtl(ttl).heartbeatTimeout(timeout).build();
        return new CodecChannel(ZmtpSocketType.SERVER, true, options).handshake("CLIENT");
    }

    /** Lets time pass in steps of at most 100 ms, so that timers set by other timers start when they would. */
    private static void advance(CodecChannel c, long millis) {
        for (long left = millis; left > 0; left -= 100) {
            c.channel.advanceTimeBy(Math.min(100, left), TimeUnit.MILLISECONDS);
            c.channel.runScheduledPendingTasks();
        }
    }

    @Test
    void answersPingWithPongEchoingTheContext() {
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER).handshake("CLIENT");
        c.feed(bytes("04 0a 04 50 49 4e 47 00 00 4c 4f 4c"));
        assertEquals(hex(bytes("04 08 04 50 4f 4e 47 4c 4f 4c")), hex(c.written()));
        assertTrue(c.messages().isEmpty(), "commands are not delivered as messages");
        assertFalse(c.finish());
    }

    @Test
    void aPingContextLongerThan16OctetsIsCutTo16InThePong() {
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER).handshake("CLIENT");
        byte[] context = concat(bytes("'LOL'"), Wire.repeat('z', 55));
        c.feed(concat(bytes("04 41 04 'PING' 00 00"), context));
        assertEquals(hex(concat(bytes("04 15 04 'PONG' 'LOL'"), Wire.repeat('z', 13))), hex(c.written()));
        assertFalse(c.finish());
    }

    @Test
    void sendsPingWhenIdleAndClosesWhenNothingArrivesWithinTheTimeout() {
        CodecChannel c = withHeartbeats(Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(3));
        advance(c, 999);
        assertEquals(0, c.written().length);
        advance(c, 1);
        assertEquals(hex(PING_NO_TTL), hex(c.written()));
        advance(c, 2_000);
        assertTrue(c.channel.isOpen(), "the timeout runs from the first unanswered PING");
        assertEquals(hex(concat(PING_NO_TTL, PING_NO_TTL)), hex(c.written()));
        advance(c, 1_000);
        assertFalse(c.channel.isOpen());
        ZmtpHeartbeatTimeoutException e = assertInstanceOf(ZmtpHeartbeatTimeoutException.class,
                c.recorder.exceptions.get(0));
        assertTrue(e.getMessage().contains("heartbeat timeout of PT3S"), e.getMessage());
        assertFalse(c.finish());
    }

    @Test
    void anyInboundTrafficCountsAsASignOfLife() {
        CodecChannel c = withHeartbeats(Duration.ofSeconds(1), Duration.ZERO, null);
        advance(c, 1_000);
        assertEquals(hex(PING_NO_TTL), hex(c.written()));
        advance(c, 900);
        c.feed(Wire.message(bytes("'alive'")));
        advance(c, 500);
        assertTrue(c.channel.isOpen());
        assertEquals(1, c.messages().size());
        c.feed(bytes("04 05 04 'PONG'"));
        advance(c, 10_000);
        assertFalse(c.channel.isOpen(), "silent again after the PONG: closed by the next PING's timeout");
        assertFalse(c.finish());
    }

    @Test
    void batchesOfBodiesCountAsASignOfLife() {
        CodecChannel c = withHeartbeats(Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(3));
        advance(c, 1_000);
        assertEquals(hex(PING_NO_TTL), hex(c.written()));
        advance(c, 2_900);
        ZmtpBodyBatch batch = new ZmtpBodyBatch(); // what a batching decoder passes on
        batch.add(Unpooled.copiedBuffer(bytes("'alive'")));
        c.channel.pipeline().fireChannelRead(batch);
        advance(c, 500);
        assertTrue(c.channel.isOpen(), "the batch answered for the PING");
        assertSame(batch, c.channel.readInbound(), "and passed on");
        batch.releaseAll();
        c.written();
        assertFalse(c.finish());
    }

    @Test
    void messagesPassedOnInBatchesCancelThePeersTtlTimer() {
        CodecChannel c = CodecChannel.serverWithBatches(ZmtpSocketType.SERVER).handshake("CLIENT");
        List<ByteBuf> bodies = new ArrayList<>();
        c.takeBatchesInto(bodies);
        c.feed(bytes("04 07 04 'PING' 00 0a"));
        advance(c, 900);
        c.feed(Wire.message(bytes("'x'")));
        advance(c, 60_000);
        assertTrue(c.channel.isOpen());
        assertEquals(1, bodies.size());
        bodies.forEach(ByteBuf::release);
        assertFalse(c.finish());
    }

    /** The two ways data leaves a handshaken connection. */
    enum Outbound {
        /** A message written through the pipeline, which the encoder frames. */
        THROUGH_THE_PIPELINE,
        /** A buffer of frames the socket encoded itself, which the codec's handlers pass on unchanged. */
        ENCODED_BY_THE_SOCKET
    }

    @ParameterizedTest
    @EnumSource(Outbound.class)
    void skipsThePingWhenTrafficFlowedBothWaysSinceTheLastTick(Outbound way) {
        CodecChannel c = withHeartbeats(Duration.ofSeconds(1), Duration.ZERO, null);
        advance(c, 500);
        c.feed(Wire.message(bytes("'in'")));
        if (way == Outbound.THROUGH_THE_PIPELINE) {
            c.channel.writeAndFlush(ZmtpMessage.of(Unpooled.copiedBuffer(bytes("'out'"))));
        } else {
            c.channel.writeAndFlush(Unpooled.wrappedBuffer(Wire.message(bytes("'out'"))));
        }
        advance(c, 500);
        assertEquals(hex(Wire.message(bytes("'out'"))), hex(c.written()), "no PING after two-way traffic");
        advance(c, 1_000);
        assertEquals(hex(PING_NO_TTL), hex(c.written()), "a PING once the connection is idle");
        c.messages();
        assertFalse(c.finish());
    }

    @Test
    void announcesTheTtlInTenthsOfASecond() {
        CodecChannel c = withHeartbeats(Duration.ofSeconds(1), Duration.ofMillis(1_599), null);
        advance(c, 1_000);
        assertEquals(hex(bytes("04 07 04 'PING' 00 0f")), hex(c.written()));
        assertFalse(c.finish());
    }

    @Test
    void closesWhenNothingArrivesWithinThePeersTtl() {
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER).handshake("CLIENT");
        c.feed(bytes("04 07 04 'PING' 00 0a"));
        c.written();
        advance(c, 999);
        assertTrue(c.channel.isOpen());
        advance(c, 1);
        assertFalse(c.channel.isOpen());
        assertTrue(c.recorder.exceptions.get(0).getMessage().contains("peer's heartbeat TTL of PT1S"));
        assertFalse(c.finish());
    }

    @Test
    void trafficCancelsThePeersTtlTimer() {
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER).handshake("CLIENT");
        c.feed(bytes("04 07 04 'PING' 00 0a"));
        advance(c, 900);
        c.feed(Wire.message(bytes("'x'")));
        advance(c, 60_000);
        assertTrue(c.channel.isOpen());
        c.messages();
        assertFalse(c.finish());
    }

    @Test
    void errorAfterTheHandshakeClosesTheConnection() {
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER).handshake("CLIENT");
        c.feed(bytes("04 0b 05 'ERROR' 04 'gone'"));
        assertFalse(c.channel.isOpen());
        ZmtpProtocolException e = assertInstanceOf(ZmtpProtocolException.class, c.recorder.exceptions.get(0));
        assertEquals("peer sent ERROR: gone", e.getMessage());
        assertFalse(c.finish());
    }

    @Test
    void unknownCommandsAfterTheHandshakeAreIgnoredAsLibzmqDoes() {
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER).handshake("CLIENT");
        c.feed(concat(bytes("04 08 04 'JOIN' 'grp'"), bytes("04 1c 05 'READY' 0b 'Socket-Type' 00 00 00 06 'CLIENT'"),
                Wire.message(bytes("'after'"))));
        assertTrue(c.channel.isOpen());
        assertEquals(1, c.messages().size());
        assertFalse(c.finish());
    }

    @Test
    void malformedCommandAfterTheHandshakeClosesTheConnection() {
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER).handshake("CLIENT");
        c.feed(bytes("04 04 04 'PIN'"));
        assertFalse(c.channel.isOpen());
        assertInstanceOf(ZmtpProtocolException.class, c.recorder.exceptions.get(0));
        assertFalse(c.finish());
    }

    @Test
    void pingWithoutTtlIsMalformed() {
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER).handshake("CLIENT");
        c.feed(bytes("04 05 04 'PING'"));
        assertFalse(c.channel.isOpen());
        assertTrue(c.recorder.exceptions.get(0).getMessage().contains("malformed PING"));
        assertFalse(c.finish());
    }

    @Test
    void subscriptionsPassOnAsTypedCommands() {
        CodecChannel c = new CodecChannel(ZmtpSocketType.XPUB, true, ZmtpCodecOptions.defaults()).handshake("SUB");
        c.feed(bytes("04 0b 09 'SUBSCRIBE' 'A' 04 08 06 'CANCEL' 'A'"));
        ZmtpSubscribeCommand subscribe = c.channel.readInbound();
        assertEquals("A", subscribe.topic().toString(java.nio.charset.StandardCharsets.US_ASCII));
        subscribe.release();
        ZmtpCancelCommand cancel = c.channel.readInbound();
        assertEquals(1, cancel.topic().readableBytes());
        cancel.release();
        assertFalse(c.finish());
    }

    @Test
    void subscriptionsToAZmtp30PeerAreSentAsLegacyMessages() {
        CodecChannel c = new CodecChannel(ZmtpSocketType.SUB, false, ZmtpCodecOptions.defaults());
        c.feed(concat(Wire.greeting(3, 0, "NULL"), Wire.ready("PUB")));
        c.written();
        c.channel.writeAndFlush(new ZmtpSubscribeCommand(Unpooled.copiedBuffer(bytes("'A'"))));
        c.channel.writeAndFlush(new ZmtpCancelCommand(Unpooled.copiedBuffer(bytes("'A'"))));
        assertEquals(hex(bytes("00 02 01 41 00 02 00 41")), hex(c.written()));
        assertFalse(c.finish());
    }

    @Test
    void subscriptionsToAZmtp31PeerAreSentAsCommands() {
        CodecChannel c = new CodecChannel(ZmtpSocketType.SUB, false, ZmtpCodecOptions.defaults()).handshake("PUB");
        c.channel.writeAndFlush(new ZmtpSubscribeCommand(Unpooled.copiedBuffer(bytes("'A'"))));
        assertEquals(hex(bytes("04 0b 09 53 55 42 53 43 52 49 42 45 41")), hex(c.written()));
        assertFalse(c.finish());
    }

    @Test
    void writesBeforeTheHandshakeAreHeldAndSentInOrderAfterReady() {
        CodecChannel c = CodecChannel.client(ZmtpSocketType.CLIENT);
        c.written();
        ChannelFuture first = c.channel.writeAndFlush(ZmtpMessage.of(Unpooled.copiedBuffer(bytes("'one'"))));
        ChannelFuture second = c.channel.writeAndFlush(ZmtpMessage.of(Unpooled.copiedBuffer(bytes("'two'"))));
        assertEquals(0, c.written().length);
        assertFalse(first.isDone());
        c.feed(concat(Wire.nullGreeting(), Wire.ready("SERVER")));
        assertEquals(hex(concat(Wire.ready("CLIENT"), bytes("00 03 'one' 00 03 'two'"))), hex(c.written()));
        assertTrue(first.isSuccess());
        assertTrue(second.isSuccess());
        assertFalse(c.finish());
    }

    @Test
    void writesBeforeAFailedHandshakeFailWithItsCauseAndAreReleased() {
        CodecChannel c = CodecChannel.client(ZmtpSocketType.CLIENT);
        io.netty.buffer.ByteBuf body = Unpooled.copiedBuffer(bytes("'one'"));
        ChannelFuture write = c.channel.writeAndFlush(ZmtpMessage.of(body));
        c.feed(concat(Wire.nullGreeting(), Wire.ready("DEALER")));
        assertTrue(write.isDone());
        ZmtpHandshakeException cause = assertInstanceOf(ZmtpHandshakeException.class, write.cause());
        assertEquals(ZmtpHandshakeFailureReason.SOCKET_TYPE, cause.reason());
        assertEquals(0, body.refCnt());
        assertFalse(c.finish());
    }

    @Test
    void messagesFromThePeerArriveWhole() {
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER).handshake("CLIENT");
        c.feed(bytes("01 01 'A'"));
        assertTrue(c.messages().isEmpty(), "nothing before the final frame");
        c.feed(bytes("01 00 00 01 'C'"));
        java.util.List<java.util.List<byte[]>> messages = c.messages();
        assertEquals(1, messages.size());
        assertEquals(3, messages.get(0).size());
        assertArrayEquals(bytes("'C'"), messages.get(0).get(2));
        assertFalse(c.finish());
    }

    @Test
    void aPartialMessageIsReleasedWhenTheConnectionCloses() {
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER).handshake("CLIENT");
        c.feed(bytes("01 03 'abc' 01 01 'd'"));
        c.channel.close();
        assertTrue(c.messages().isEmpty());
        assertFalse(c.finish());
    }
}
