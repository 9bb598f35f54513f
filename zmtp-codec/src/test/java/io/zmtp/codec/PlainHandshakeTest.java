/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import io.zmtp.codec.mechanism.ZmtpAuthResult;
import io.zmtp.codec.mechanism.ZmtpAuthenticator;
import io.zmtp.codec.mechanism.ZmtpMechanism;
import io.zmtp.codec.mechanism.ZmtpPlainMechanism;
import io.zmtp.codec.mechanism.ZmtpPlainPasswordFile;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.zmtp.codec.Wire.bytes;
import static io.zmtp.codec.Wire.concat;
import static io.zmtp.codec.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PLAIN (24/ZMTP-PLAIN) through the full codec, with the byte vectors of ZMTP-NOTES section 6. */
class PlainHandshakeTest {

    private static final byte[] HELLO = bytes("04 13 05 48 45 4c 4c 4f 05 61 64 6d 69 6e 06 73 65 63 72 65 74");
    private static final byte[] WELCOME = bytes("04 08 07 57 45 4c 43 4f 4d 45");
    private static final byte[] INITIATE_DEALER = bytes(
            "04 2c 08 'INITIATE' 0b 'Socket-Type' 00 00 00 06 'DEALER' 08 'Identity' 00 00 00 00");
    private static final byte[] READY_ROUTER = bytes("04 1c 05 'READY' 0b 'Socket-Type' 00 00 00 06 'ROUTER'");
    /** What a ROUTER sends: libzmq's ROUTER adds its (empty) Identity, as REQ and DEALER do. */
    private static final byte[] READY_ROUTER_WITH_IDENTITY = bytes(
            "04 29 05 'READY' 0b 'Socket-Type' 00 00 00 06 'ROUTER' 08 'Identity' 00 00 00 00");

    private static ZmtpAuthenticator users() {
        return request -> CompletableFuture.completedFuture(
                "admin".equals(request.username()) && "secret".equals(request.passwordString())
                        ? ZmtpAuthResult.allow("admin") : ZmtpAuthResult.deny(400, "no"));
    }

    private static CodecChannel channel(ZmtpSocketType type, boolean server, ZmtpMechanism mechanism) {
        return new CodecChannel(type, server, ZmtpCodecOptions.builder().mechanism(mechanism).build());
    }

    @Test
    void clientSendsHelloThenInitiateAfterWelcomeAndCompletesOnReady() {
        CodecChannel c = channel(ZmtpSocketType.DEALER, false, ZmtpPlainMechanism.client("admin", "secret"));
        byte[] greeting = c.written();
        assertEquals(hex(Wire.greeting(3, 1, "PLAIN")), hex(greeting), "a PLAIN client's as-server octet is 0");
        c.feed(Wire.greeting(3, 1, "PLAIN"));
        assertEquals(hex(HELLO), hex(c.written()));
        c.feed(WELCOME);
        assertEquals(hex(INITIATE_DEALER), hex(c.written()));
        assertNull(c.recorder.handshake());
        c.feed(READY_ROUTER);
        ZmtpHandshakeCompletionEvent event = c.recorder.handshake();
        assertTrue(event.isSuccess(), event.toString());
        assertEquals(ZmtpSocketType.ROUTER, event.peerSocketType());
        assertEquals("PLAIN", event.mechanism());
        assertFalse(c.finish());
    }

    @Test
    void serverWelcomesGoodCredentialsAndTellsTheUserId() {
        CodecChannel c = channel(ZmtpSocketType.ROUTER, true, ZmtpPlainMechanism.server(users()));
        byte[] greeting = c.written();
        assertEquals(1, greeting[32], "a PLAIN server's as-server octet is 1");
        c.feed(concat(Wire.greeting(3, 1, "PLAIN"), HELLO));
        assertEquals(hex(WELCOME), hex(c.written()));
        c.feed(INITIATE_DEALER);
        assertEquals(hex(READY_ROUTER_WITH_IDENTITY), hex(c.written()));
        ZmtpHandshakeCompletionEvent event = c.recorder.handshake();
        assertTrue(event.isSuccess(), event.toString());
        assertEquals("admin", event.peerMetadata().getString(ZmtpAuthResult.USER_ID));
        assertFalse(c.finish());
    }

    @Test
    void wrongPasswordGetsError400AndAnAuthenticationFailure() {
        CodecChannel c = channel(ZmtpSocketType.ROUTER, true, ZmtpPlainMechanism.server(users()));
        c.written();
        c.feed(concat(Wire.greeting(3, 1, "PLAIN"), bytes("04 12 05 'HELLO' 05 'admin' 05 'wrong'")));
        assertEquals(hex(bytes("04 0a 05 'ERROR' 03 '400'")), hex(c.written()));
        assertEquals(ZmtpHandshakeFailureReason.AUTHENTICATION, c.recorder.handshake().reason());
        assertFalse(c.channel.isOpen());
        assertFalse(c.finish());
    }

    @Test
    void temporaryFailureClosesWithoutError() {
        ZmtpAuthenticator busy = ZmtpAuthenticator.of(r -> ZmtpAuthResult.deny(300, "try later"));
        CodecChannel c = channel(ZmtpSocketType.ROUTER, true, ZmtpPlainMechanism.server(busy));
        c.written();
        c.feed(concat(Wire.greeting(3, 1, "PLAIN"), HELLO));
        assertEquals(0, c.written().length);
        assertEquals(ZmtpHandshakeFailureReason.AUTHENTICATION, c.recorder.handshake().reason());
        assertFalse(c.channel.isOpen());
        assertFalse(c.finish());
    }

    @Test
    void anAsynchronousAuthenticatorIsWaitedFor() {
        CompletableFuture<ZmtpAuthResult> decision = new CompletableFuture<>();
        CodecChannel c = channel(ZmtpSocketType.ROUTER, true, ZmtpPlainMechanism.server(r -> decision));
        c.written();
        c.feed(concat(Wire.greeting(3, 1, "PLAIN"), HELLO));
        assertEquals(0, c.written().length, "nothing until the authenticator answers");
        decision.complete(ZmtpAuthResult.allow("later"));
        c.channel.runPendingTasks();
        assertEquals(hex(WELCOME), hex(c.written()));
        c.feed(INITIATE_DEALER);
        assertEquals("later", c.recorder.handshake().peerMetadata().getString("User-Id"));
        assertFalse(c.finish());
    }

    @Test
    void aFailingAuthenticatorIsAnInternalError() {
        CodecChannel c = channel(ZmtpSocketType.ROUTER, true, ZmtpPlainMechanism.server(
                r -> CompletableFuture.failedFuture(new IllegalStateException("database down"))));
        c.written();
        c.feed(concat(Wire.greeting(3, 1, "PLAIN"), HELLO));
        c.channel.runPendingTasks();
        assertEquals(hex(bytes("04 0a 05 'ERROR' 03 '500'")), hex(c.written()));
        assertEquals(ZmtpHandshakeFailureReason.AUTHENTICATION, c.recorder.handshake().reason());
        assertFalse(c.finish());
    }

    @Test
    void aHelloWithTrailingOctetsIsMalformed() {
        CodecChannel c = channel(ZmtpSocketType.ROUTER, true, ZmtpPlainMechanism.server(users()));
        c.feed(concat(Wire.greeting(3, 1, "PLAIN"), bytes("04 14 05 'HELLO' 05 'admin' 06 'secret' 00")));
        assertEquals(ZmtpHandshakeFailureReason.PROTOCOL, c.recorder.handshake().reason());
        assertTrue(c.recorder.handshake().cause().getMessage().contains("after the password"));
        assertFalse(c.finish());
    }

    @Test
    void acceptsTheHelloNamedWelcomeThatLibzmq430And431ClientsSend() {
        CodecChannel c = channel(ZmtpSocketType.ROUTER, true, ZmtpPlainMechanism.server(users()));
        c.written();
        c.feed(concat(Wire.greeting(3, 1, "PLAIN"),
                bytes("04 15 05 57 45 4c 43 4f 4d 45 05 'admin' 06 'secret'")));
        assertEquals(hex(WELCOME), hex(c.written()));
        assertFalse(c.finish());
    }

    @Test
    void clientReportsAnErrorFromTheServerAsAnAuthenticationFailure() {
        CodecChannel c = channel(ZmtpSocketType.DEALER, false, ZmtpPlainMechanism.client("admin", "nope"));
        c.feed(concat(Wire.greeting(3, 1, "PLAIN"), bytes("04 0a 05 'ERROR' 03 '400'")));
        ZmtpHandshakeCompletionEvent event = c.recorder.handshake();
        assertEquals(ZmtpHandshakeFailureReason.AUTHENTICATION, event.reason());
        assertTrue(event.cause().getMessage().contains("ERROR 400"));
        assertFalse(event.cause().getMessage().contains("nope"), "never the password");
        assertFalse(c.finish());
    }

    @Test
    void aWelcomeWithDataIsMalformed() {
        CodecChannel c = channel(ZmtpSocketType.DEALER, false, ZmtpPlainMechanism.client("admin", "secret"));
        c.feed(concat(Wire.greeting(3, 1, "PLAIN"), bytes("04 09 07 'WELCOME' 00")));
        assertEquals(ZmtpHandshakeFailureReason.PROTOCOL, c.recorder.handshake().reason());
        assertFalse(c.finish());
    }

    @Test
    void plainClientsAndServersTalkToEachOther() {
        CodecChannel client = channel(ZmtpSocketType.CLIENT, false, ZmtpPlainMechanism.client("admin", "secret"));
        CodecChannel server = channel(ZmtpSocketType.SERVER, true, ZmtpPlainMechanism.server(users()));
        for (int round = 0; round < 5; round++) {
            server.feed(client.written());
            client.feed(server.written());
        }
        assertTrue(client.recorder.handshake().isSuccess());
        assertTrue(server.recorder.handshake().isSuccess());
        assertFalse(client.finish());
        assertFalse(server.finish());
    }

    @Test
    void passwordFilesMapUsersToPasswordsAndRejectEverythingElse(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("users");
        Files.write(file, List.of("# users", "", "admin:secret", "bob:with:colon"));
        ZmtpPlainPasswordFile users = ZmtpPlainPasswordFile.read(file);
        assertEquals(2, users.size());
        CodecChannel c = channel(ZmtpSocketType.SERVER, true, ZmtpPlainMechanism.server(users));
        c.written();
        c.feed(concat(Wire.greeting(3, 1, "PLAIN"), HELLO));
        assertEquals(hex(WELCOME), hex(c.written()));
        assertFalse(c.finish());
        assertEquals(400, users.authenticate(io.zmtp.codec.mechanism.ZmtpAuthRequest.plain(null, "bob",
                "with".getBytes())).toCompletableFuture().join().statusCode());
        assertTrue(users.authenticate(io.zmtp.codec.mechanism.ZmtpAuthRequest.plain(null, "bob",
                "with:colon".getBytes())).toCompletableFuture().join().isAllowed());
        assertEquals(400, users.authenticate(io.zmtp.codec.mechanism.ZmtpAuthRequest.plain(null, "eve",
                "x".getBytes())).toCompletableFuture().join().statusCode());
        Files.write(file, List.of("admin:a", "nocolon"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ZmtpPlainPasswordFile.read(file));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertFalse(e.getMessage().contains("nocolon"), "never repeats the line: " + e.getMessage());
    }

    @Test
    void aClientOfAnIncompatibleSocketTypeGetsErrorAndNoReady() {
        CodecChannel c = channel(ZmtpSocketType.SERVER, true, ZmtpPlainMechanism.server(users()));
        c.written();
        c.feed(concat(Wire.greeting(3, 1, "PLAIN"), HELLO));
        assertEquals(hex(WELCOME), hex(c.written()));
        c.feed(INITIATE_DEALER);
        assertEquals(hex(ZmtpHandshakeHandlerTest.errorCommand("incompatible Socket-Type: SERVER does not accept DEALER")),
                hex(c.written()));
        assertEquals(ZmtpHandshakeFailureReason.SOCKET_TYPE, c.recorder.handshake().reason());
        assertFalse(c.finish());
    }
}
