/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.internal.curve;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.zmtp.codec.ZmtpCodecBuilder;
import io.zmtp.codec.ZmtpCodecOptions;
import io.zmtp.codec.ZmtpHandshakeCompletionEvent;
import io.zmtp.codec.ZmtpHandshakeFailureReason;
import io.zmtp.codec.ZmtpSocketType;
import io.zmtp.codec.mechanism.ZmtpAuthenticator;
import io.zmtp.codec.mechanism.ZmtpCurveKeyPair;
import io.zmtp.codec.mechanism.ZmtpCurveMechanism;
import io.zmtp.codec.mechanism.ZmtpMechanism;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a HELLO costs the CURVE server in X25519 scalar multiplications, through the full codec on embedded channels
 * (the byte-exact transcript is {@code ZmtpCurveMechanismTest}'s): a HELLO that opens costs the box key it shares
 * with WELCOME and the transient public key S', one that does not open costs the box key alone.
 */
class CurveServerHandshakeTest {

    private final ZmtpCurveKeyPair serverKeys = ZmtpCurveKeyPair.generate();
    private final List<ZmtpHandshakeCompletionEvent> clientEvents = new ArrayList<>();
    private final List<ZmtpHandshakeCompletionEvent> serverEvents = new ArrayList<>();
    private final EmbeddedChannel client = channel(ZmtpCodecBuilder.forClient(ZmtpSocketType.DEALER),
            ZmtpCurveMechanism.client(serverKeys.publicKey()), clientEvents);
    private final EmbeddedChannel server = channel(ZmtpCodecBuilder.forServer(ZmtpSocketType.ROUTER),
            ZmtpCurveMechanism.server(serverKeys, ZmtpAuthenticator.ALLOW_ALL), serverEvents);

    private static EmbeddedChannel channel(ZmtpCodecBuilder codec, ZmtpMechanism mechanism,
                                           List<ZmtpHandshakeCompletionEvent> events) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.freezeTime();
        codec.options(ZmtpCodecOptions.builder().mechanism(mechanism).build()).build().install(channel.pipeline());
        channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt instanceof ZmtpHandshakeCompletionEvent) {
                    events.add((ZmtpHandshakeCompletionEvent) evt);
                }
            }
        });
        return channel;
    }

    @AfterEach
    void releaseWhatIsLeft() {
        client.finishAndReleaseAll();
        server.finishAndReleaseAll();
    }

    /** Returns what {@code channel} has written so far, in one buffer. */
    private static ByteBuf written(EmbeddedChannel channel) {
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf part; (part = channel.readOutbound()) != null; ) {
            all.writeBytes(part);
            part.release();
        }
        return all;
    }

    /** Returns the client's greeting and HELLO, once it has read the server's greeting. */
    private ByteBuf greetingAndHello() {
        client.writeInbound(written(server));
        return written(client);
    }

    @Test
    void aHelloThatOpensCostsTwoX25519OperationsAndTheHandshakeStillCompletes() {
        ByteBuf hello = greetingAndHello();

        long before = CurveBox.x25519Operations();
        server.writeInbound(hello);
        assertEquals(2, CurveBox.x25519Operations() - before,
                "X25519(s, C'), which opens HELLO and seals WELCOME, and S' = s' * G");

        client.writeInbound(written(server)); // WELCOME
        server.writeInbound(written(client)); // INITIATE
        client.writeInbound(written(server)); // READY
        assertEquals(1, serverEvents.size(), serverEvents::toString);
        assertTrue(serverEvents.get(0).isSuccess(), serverEvents::toString);
        assertEquals(1, clientEvents.size(), clientEvents::toString);
        assertTrue(clientEvents.get(0).isSuccess(), clientEvents::toString);
        assertFalse(client.finishAndReleaseAll());
        assertFalse(server.finishAndReleaseAll());
    }

    @Test
    void aHelloThatDoesNotOpenCostsOneX25519OperationAndGetsNoWelcome() {
        ByteBuf hello = greetingAndHello();
        int last = hello.writerIndex() - 1;
        hello.setByte(last, hello.getByte(last) ^ 1); // the signature box's last octet

        long before = CurveBox.x25519Operations();
        server.writeInbound(hello);
        assertEquals(1, CurveBox.x25519Operations() - before, "X25519(s, C') only");

        assertEquals(ZmtpHandshakeFailureReason.AUTHENTICATION, serverEvents.get(0).reason());
        ByteBuf welcome = written(server);
        assertEquals(0, welcome.readableBytes(), "no WELCOME");
        welcome.release();
        assertFalse(server.isOpen());
        assertFalse(client.finishAndReleaseAll());
        assertFalse(server.finishAndReleaseAll());
    }
}
