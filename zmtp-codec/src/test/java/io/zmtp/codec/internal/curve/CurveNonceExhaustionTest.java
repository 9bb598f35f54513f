/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.internal.curve;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import io.zmtp.codec.DefaultZmtpFrame;
import io.zmtp.codec.ZmtpCodecOptions;
import io.zmtp.codec.ZmtpFrame;
import io.zmtp.codec.ZmtpMessage;
import io.zmtp.codec.ZmtpPingCommand;
import io.zmtp.codec.ZmtpProtocolException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CURVE MESSAGE short nonces are 64 bits and never repeat: the codec started near the end of the range (its
 * constructor takes the last nonces the handshake used) sends and takes the last nonce, 2^64 - 1, then fails
 * cleanly instead of wrapping to 0, on the sending side and on the receiving side.
 */
class CurveNonceExhaustionTest {

    private static final byte[] KEY = new byte[CurveBox.KEY_LENGTH];
    private static final long LAST = -1L;

    static {
        for (int i = 0; i < KEY.length; i++) {
            KEY[i] = (byte) (i * 7 + 1);
        }
    }

    private final List<Throwable> exceptions = new ArrayList<>();

    private EmbeddedChannel codec(boolean server, long lastSent, long lastReceived) {
        EmbeddedChannel channel = new EmbeddedChannel(new CurveMessageCodec(CurveBox.secretKey(KEY), server, lastSent,
                lastReceived, ZmtpCodecOptions.defaults()));
        channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                exceptions.add(cause);
            }
        });
        return channel;
    }

    @Test
    void theSenderUsesTheLastNonceThenRefusesToSendAndClosesRatherThanWrapToZero() {
        EmbeddedChannel client = codec(false, LAST - 1, 0);
        ChannelFuture last = client.writeAndFlush(message("last"));
        assertTrue(last.isSuccess(), () -> String.valueOf(last.cause()));
        byte[] body = written(client);
        assertEquals(LAST, Unpooled.wrappedBuffer(body).getLong(8), "the MESSAGE carries 2^64 - 1");

        ChannelFuture wrapped = client.writeAndFlush(message("wrapped"));
        assertInstanceOf(EncoderException.class, wrapped.cause());
        assertTrue(wrapped.cause().getMessage().contains("exhausted"), wrapped.cause().getMessage());
        assertNull(client.readOutbound(), "nothing is written under a reused nonce");
        assertFalse(client.isOpen(), "the connection cannot go on");
        assertFalse(client.finishAndReleaseAll());
    }

    @Test
    void aCommandAfterTheLastNonceIsRefusedToo() {
        EmbeddedChannel client = codec(false, LAST, 0);
        ChannelFuture ping = client.writeAndFlush(new ZmtpPingCommand(0, new byte[0]));
        assertInstanceOf(EncoderException.class, ping.cause());
        assertNull(client.readOutbound());
        assertFalse(client.isOpen());
        assertFalse(client.finishAndReleaseAll());
    }

    @Test
    void theReceiverTakesTheLastNonceThenRefusesAWrappedOneAndCloses() {
        EmbeddedChannel client = codec(false, LAST - 1, 0);
        EmbeddedChannel server = codec(true, 0, LAST - 1);
        client.writeAndFlush(message("last"));
        server.writeInbound(new DefaultZmtpFrame(Unpooled.wrappedBuffer(written(client)), false, false));
        ZmtpFrame received = server.readInbound();
        try {
            assertEquals("last", received.content().toString(StandardCharsets.US_ASCII));
        } finally {
            received.release();
        }

        // a MESSAGE sealed properly under the nonce a wrapped counter would give
        byte[] wrapped = sealedWithNonce(0, "wrapped");
        server.writeInbound(new DefaultZmtpFrame(Unpooled.wrappedBuffer(wrapped), false, false));
        assertNull(server.readInbound());
        assertEquals(1, exceptions.size(), exceptions::toString);
        assertInstanceOf(ZmtpProtocolException.class, exceptions.get(0));
        assertTrue(exceptions.get(0).getMessage().contains("short nonce 0 does not increase (last "
                + Long.toUnsignedString(LAST) + ")"), exceptions.get(0).getMessage());
        assertFalse(server.isOpen());
        assertFalse(client.finishAndReleaseAll());
        assertFalse(server.finishAndReleaseAll());
    }

    /** A client's MESSAGE of {@code text} sealed under short nonce {@code nonce}, built by hand. */
    private static byte[] sealedWithNonce(long nonce, String text) {
        byte[] plain = ("\0" + text).getBytes(StandardCharsets.US_ASCII);
        byte[] box = CurveBox.secretKey(KEY).seal(CurveNonces.shortNonce(CurveNonces.MESSAGE_FROM_CLIENT, nonce),
                plain);
        ByteBuf body = Unpooled.buffer().writeByte(7).writeBytes("MESSAGE".getBytes(StandardCharsets.US_ASCII))
                .writeLong(nonce).writeBytes(box);
        return ByteBufUtil.getBytes(body);
    }

    private static ZmtpMessage message(String text) {
        return ZmtpMessage.of(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
    }

    /** Reads the one MESSAGE body the codec wrote, releasing it. */
    private static byte[] written(EmbeddedChannel channel) {
        ZmtpFrame frame = channel.readOutbound();
        try {
            return ByteBufUtil.getBytes(frame.content());
        } finally {
            frame.release();
        }
    }
}
