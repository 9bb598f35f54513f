/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zmtp.codec.ZmtpSocketType;
import io.zmtp.codec.mechanism.ZmtpNullMechanism;
import org.junit.jupiter.api.BeforeAll;

/**
 * The greeting and the NULL handshake (23/ZMTP, 37/ZMTP) fed arbitrary peer bytes, on either side of the connection.
 * Input: {@link FuzzInput}; the prefix is the peer's NULL greeting, the choice our socket type.
 */
class NullHandshakeFuzzTest {

    /** Runs the targets once before any input is timed: loading and instrumenting classes takes more than 1 s. */
    @BeforeAll
    static void warmUp() {
        byte[] peer = PeerBytes.concat(PeerBytes.greeting("NULL", false, 1), PeerBytes.ready("DEALER"),
                PeerBytes.frame(0, new byte[1]));
        handshake(FuzzInput.of(PeerBytes.concat(FuzzInput.header(0, false, ZmtpSocketType.ROUTER), peer)), true);
        handshake(FuzzInput.of(PeerBytes.concat(FuzzInput.header(0, false, ZmtpSocketType.ROUTER), peer)), false);
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
        FuzzedConnection connection = new FuzzedConnection(input.profile, ours, server, ZmtpNullMechanism.INSTANCE);
        byte[] prefix = input.prefix ? PeerBytes.greeting("NULL", false, 1) : new byte[0];
        connection.receive(PeerBytes.concat(prefix, input.wire));
        connection.checkHandshake(ours);
        connection.finish();
    }
}
