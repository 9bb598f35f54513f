/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zmtp.codec.ZmtpSocketType;
import io.zmtp.codec.mechanism.KnownAnswerCurve;
import io.zmtp.codec.mechanism.ZmtpMechanism;
import org.junit.jupiter.api.BeforeAll;

/**
 * The greeting and the CURVE handshake (25/ZMTP-CURVE, 26/CurveZMQ) fed arbitrary peer bytes, with the keys and
 * fixed secrets of the known-answer transcript ({@link KnownAnswerCurve}), so that the transcript's commands are
 * valid seeds and the fuzzer can reach every step. As libzmq's {@code test_bind_curve_fuzzer} does, the server's
 * prefix is a valid greeting and HELLO, so the fuzzer works on what follows; the client's prefix is the server's
 * greeting. Input: {@link FuzzInput}, the choice being our socket type (the transcript's are DEALER and ROUTER).
 */
class CurveHandshakeFuzzTest {

    private static final ZmtpMechanism SERVER = KnownAnswerCurve.server();
    private static final ZmtpMechanism CLIENT = KnownAnswerCurve.client();

    /** Runs the targets once before any input is timed: loading and instrumenting classes takes more than 1 s. */
    @BeforeAll
    static void warmUp() {
        new CurveHandshakeFuzzTest().asServer(PeerBytes.concat(FuzzInput.header(0, true, ZmtpSocketType.ROUTER),
                KnownAnswerCurve.initiateFrame(), KnownAnswerCurve.clientHelloMessageFrame()));
        new CurveHandshakeFuzzTest().asClient(PeerBytes.concat(FuzzInput.header(0, true, ZmtpSocketType.DEALER),
                KnownAnswerCurve.welcomeFrame(), KnownAnswerCurve.readyFrame()));
    }

    @FuzzTest(maxDuration = "30s")
    void asServer(byte[] input) {
        FuzzInput in = FuzzInput.of(input);
        byte[] prefix = in.prefix
                ? PeerBytes.concat(KnownAnswerCurve.greeting(false), KnownAnswerCurve.helloFrame()) : new byte[0];
        handshake(in, true, prefix);
    }

    @FuzzTest(maxDuration = "30s")
    void asClient(byte[] input) {
        FuzzInput in = FuzzInput.of(input);
        handshake(in, false, in.prefix ? KnownAnswerCurve.greeting(true) : new byte[0]);
    }

    private static void handshake(FuzzInput input, boolean server, byte[] prefix) {
        ZmtpSocketType ours = input.socketType();
        FuzzedConnection connection = new FuzzedConnection(input.profile, ours, server,
                server ? SERVER : CLIENT);
        connection.receive(PeerBytes.concat(prefix, input.wire));
        connection.checkHandshake(ours);
        connection.finish();
    }
}
