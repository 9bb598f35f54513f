/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zmtp.codec.ZmtpSocketType;
import io.zmtp.codec.mechanism.ZmtpAuthResult;
import io.zmtp.codec.mechanism.ZmtpAuthenticator;
import io.zmtp.codec.mechanism.ZmtpPlainMechanism;
import org.junit.jupiter.api.BeforeAll;

/**
 * The greeting and the PLAIN handshake (24/ZMTP-PLAIN) fed arbitrary peer bytes: as the server, which accepts user
 * {@value #USER} with password {@value #PASSWORD}, and as the client that presents them. Input: {@link FuzzInput};
 * the prefix is the peer's PLAIN greeting, the choice our socket type.
 */
class PlainHandshakeFuzzTest {

    static final String USER = "admin";
    static final String PASSWORD = "secret";

    private static final ZmtpAuthenticator USERS = ZmtpAuthenticator.of(request ->
            USER.equals(request.username()) && PASSWORD.equals(request.passwordString())
                    ? ZmtpAuthResult.allow(USER) : ZmtpAuthResult.deny(400, "unknown user or wrong password"));

    /** Runs the targets once before any input is timed: loading and instrumenting classes takes more than 1 s. */
    @BeforeAll
    static void warmUp() {
        handshake(FuzzInput.of(PeerBytes.concat(FuzzInput.header(0, true, ZmtpSocketType.ROUTER),
                PeerBytes.plainHello(USER, PASSWORD), PeerBytes.command("INITIATE",
                        PeerBytes.metadata("Socket-Type", "DEALER")), PeerBytes.frame(0, new byte[1]))), true);
        handshake(FuzzInput.of(PeerBytes.concat(FuzzInput.header(0, true, ZmtpSocketType.DEALER),
                PeerBytes.command("WELCOME", new byte[0]), PeerBytes.ready("ROUTER"))), false);
    }

    @FuzzTest(maxDuration = "30s")
    void asServer(byte[] input) {
        handshake(FuzzInput.of(input), true);
    }

    @FuzzTest(maxDuration = "30s")
    void asClient(byte[] input) {
        handshake(FuzzInput.of(input), false);
    }

    private static void handshake(FuzzInput input, boolean server) {
        ZmtpSocketType ours = input.socketType();
        FuzzedConnection connection = new FuzzedConnection(input.profile, ours, server,
                server ? ZmtpPlainMechanism.server(USERS) : ZmtpPlainMechanism.client(USER, PASSWORD));
        byte[] prefix = input.prefix ? PeerBytes.greeting("PLAIN", !server, 1) : new byte[0];
        connection.receive(PeerBytes.concat(prefix, input.wire));
        connection.checkHandshake(ours);
        connection.finish();
    }
}
