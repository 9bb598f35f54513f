/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.internal;

import io.zmtp.codec.mechanism.ZmtpAuthRequest;
import io.zmtp.codec.mechanism.ZmtpAuthResult;
import io.zmtp.codec.mechanism.ZmtpAuthenticator;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * How the PLAIN and CURVE servers call a {@link ZmtpAuthenticator}, so that both treat a misbehaving one alike: an
 * authenticator that throws or returns {@code null} instead of a stage gives a failed stage, which the mechanisms
 * answer as an internal error (status 500), never with an exception out of the handshake. Stateless and
 * thread-safe.
 */
public final class Authenticators {

    private Authenticators() {
    }

    /** Returns the stage {@code authenticator} returns for {@code request}, or a failed stage; never {@code null}. */
    public static CompletionStage<ZmtpAuthResult> ask(ZmtpAuthenticator authenticator, ZmtpAuthRequest request) {
        CompletionStage<ZmtpAuthResult> decision;
        try {
            decision = authenticator.authenticate(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (decision == null) {
            return CompletableFuture.failedFuture(new NullPointerException(authenticator + " returned null"));
        }
        return decision;
    }
}
