/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.zmtp.codec.mechanism.ZmtpAuthRequest;
import io.zmtp.codec.mechanism.ZmtpAuthenticator;
import io.zmtp.codec.mechanism.ZmtpCurveKeyPair;
import io.zmtp.codec.mechanism.ZmtpCurveMechanism;
import io.zmtp.codec.mechanism.ZmtpMechanism;
import io.zmtp.codec.mechanism.ZmtpPlainMechanism;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.zmtp.codec.Wire.bytes;
import static io.zmtp.codec.Wire.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Text a peer sends (a Socket-Type, an ERROR reason, a property or command name, a user name) reaches failure
 * messages, and through them logs and listeners, escaped and cut: never a line break, NUL or terminal escape
 * sequence, never thousands of characters.
 */
class PeerSuppliedTextTest {

    /** A value that would write a fake line, clear the terminal and hide what follows, then go on and on. */
    private static final String FORGED = "CLIENT\r\n2026-01-01 INFO accepted admin\u001b[2J\0";
    private static final String FORGED_SHOWN = "CLIENT\\r\\n2026-01-01 INFO accepted admin\\x1b[2J\\x00";

    @Test
    void anUnknownSocketTypeIsEscapedAndCutInTheFailure() {
        byte[] value = concat(FORGED.getBytes(StandardCharsets.ISO_8859_1), Wire.repeat('A', 8000));
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER);
        c.feed(concat(Wire.nullGreeting(), commandFrame(concat(bytes("05 'READY' 0b 'Socket-Type'"),
                length(value.length), value))));
        String message = failure(c, ZmtpHandshakeFailureReason.SOCKET_TYPE);
        assertTrue(message.startsWith("peer announced an unknown Socket-Type '" + FORGED_SHOWN + "AAA"), message);
        assertTrue(message.endsWith("...(" + value.length + " characters)'"), message);
        assertSafe(message);
        assertFalse(c.finish());
    }

    @Test
    void anErrorReasonIsEscapedInTheFailure() {
        byte[] reason = FORGED.getBytes(StandardCharsets.ISO_8859_1);
        CodecChannel c = CodecChannel.client(ZmtpSocketType.CLIENT);
        c.feed(concat(Wire.nullGreeting(), commandFrame(concat(bytes("05 'ERROR'"), new byte[] {(byte) reason.length},
                reason))));
        String message = failure(c, ZmtpHandshakeFailureReason.PROTOCOL);
        assertEquals("peer sent ERROR: " + FORGED_SHOWN, message);
        assertFalse(c.finish());
    }

    @Test
    void aLongErrorReasonIsCut() {
        byte[] reason = Wire.repeat('r', 255);
        CodecChannel c = new CodecChannel(ZmtpSocketType.DEALER, false, ZmtpCodecOptions.builder()
                .mechanism(ZmtpPlainMechanism.client("admin", "secret")).build());
        c.feed(concat(Wire.greeting(3, 1, "PLAIN"), commandFrame(concat(bytes("05 'ERROR' ff"), reason))));
        String message = failure(c, ZmtpHandshakeFailureReason.AUTHENTICATION);
        assertEquals("peer rejected the PLAIN handshake: ERROR " + "r".repeat(60) + "...(255 octets)", message);
        assertFalse(c.finish());
    }

    @Test
    void aCurveErrorReasonIsEscapedInTheFailure() {
        byte[] reason = FORGED.getBytes(StandardCharsets.ISO_8859_1);
        CodecChannel c = channel(false, ZmtpCurveMechanism.client(ZmtpCurveKeyPair.generate().publicKey()));
        byte[] greeting = Wire.greeting(3, 1, "CURVE");
        greeting[32] = 1;
        c.feed(concat(greeting, commandFrame(concat(bytes("05 'ERROR'"), new byte[] {(byte) reason.length}, reason))));
        String message = failure(c, ZmtpHandshakeFailureReason.PROTOCOL);
        assertEquals("server rejected the CURVE handshake: ERROR " + FORGED_SHOWN, message);
        assertFalse(c.finish());
    }

    @Test
    void anInvalidPropertyNameIsEscapedInTheFailure() {
        CodecChannel c = CodecChannel.server(ZmtpSocketType.SERVER);
        c.feed(concat(Wire.nullGreeting(), commandFrame(bytes("05 'READY' 03 'X' 0a 1b 00 00 00 00"))));
        String message = failure(c, ZmtpHandshakeFailureReason.PROTOCOL);
        assertTrue(message.contains("property name 'X\\n\\x1b' has an invalid character"), message);
        assertFalse(c.finish());
    }

    @Test
    void anUnexpectedCommandsLongNameIsCut() {
        byte[] name = Wire.repeat('N', 255);
        CodecChannel c = channel(true, ZmtpPlainMechanism.server(ZmtpAuthenticator.ALLOW_ALL));
        c.feed(concat(Wire.greeting(3, 1, "PLAIN"), commandFrame(concat(new byte[] {(byte) 255}, name))));
        String message = failure(c, ZmtpHandshakeFailureReason.PROTOCOL);
        assertEquals("unexpected " + "N".repeat(60) + "...(255 characters) in the PLAIN handshake (expected HELLO)",
                message);
        assertFalse(c.finish());
    }

    @Test
    void aPlainUserNameIsEscapedWhereTheRequestIsShown() {
        ZmtpAuthRequest request = ZmtpAuthRequest.plain(null, "eve\nINFO admin logged in", new byte[0]);
        assertEquals("ZmtpAuthRequest(PLAIN, null, user=eve\\nINFO admin logged in)", request.toString());
    }

    private static CodecChannel channel(boolean server, ZmtpMechanism mechanism) {
        return new CodecChannel(server ? ZmtpSocketType.SERVER : ZmtpSocketType.CLIENT, server,
                ZmtpCodecOptions.builder().mechanism(mechanism).build());
    }

    /** A command frame around {@code body}, in the long form (flags 06, 8-octet size). */
    private static byte[] commandFrame(byte[] body) {
        return concat(ByteBufUtil.getBytes(Unpooled.buffer(9).writeByte(0x06).writeLong(body.length)), body);
    }

    private static byte[] length(int n) {
        return ByteBufUtil.getBytes(Unpooled.buffer(4).writeInt(n));
    }

    private static String failure(CodecChannel c, ZmtpHandshakeFailureReason reason) {
        ZmtpHandshakeCompletionEvent event = c.recorder.handshake();
        assertNotNull(event, "no handshake completion event");
        assertEquals(reason, event.reason(), event::toString);
        assertFalse(c.channel.isOpen(), "the connection is closed");
        return event.cause().getMessage();
    }

    private static void assertSafe(String message) {
        assertTrue(message.length() < 300, message.length() + " characters");
        for (int i = 0; i < message.length(); i++) {
            char ch = message.charAt(i);
            assertTrue(ch >= 0x20 && ch < 0x7f, "character " + (int) ch + " at " + i + " in " + message);
        }
    }
}
