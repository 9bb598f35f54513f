/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.mechanism;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Decides whether a peer may connect, from the credentials it presented: the role ZAP (27/ZAP) plays in libzmq,
 * as a Java interface. PLAIN and CURVE servers call it once per handshake, before they answer the peer and before
 * they look at the peer's {@code Socket-Type}, as libzmq asks ZAP: a refused peer learns nothing of our socket type.
 *
 * <p>It may answer at once ({@link #of}) or later (a database, a remote service): the handshake waits for the
 * stage, within the handshake timeout. It is called on a Netty event loop: an implementation that blocks must hand
 * the work to another thread and return a stage.
 */
@FunctionalInterface
public interface ZmtpAuthenticator {

    /**
     * Returns the decision for {@code request}. A stage that fails, or that completes with {@code null}, counts as
     * status {@code 500}, and so does an implementation that throws or returns {@code null}.
     */
    CompletionStage<ZmtpAuthResult> authenticate(ZmtpAuthRequest request);

    /** Accepts everyone, with no user id. */
    ZmtpAuthenticator ALLOW_ALL = request -> CompletableFuture.completedFuture(ZmtpAuthResult.allow(null));

    /** Wraps a synchronous, non-blocking decision. */
    static ZmtpAuthenticator of(java.util.function.Function<ZmtpAuthRequest, ZmtpAuthResult> decision) {
        return request -> CompletableFuture.completedFuture(decision.apply(request));
    }
}
