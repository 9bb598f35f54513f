/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.mechanism;

/**
 * A ZMTP security mechanism (23/ZMTP "Authentication and Confidentiality"): its name in the greeting and a factory
 * of per-connection handshakes. Implementations are immutable and shared by every connection that uses them.
 *
 * <p>The {@link io.zmtp.codec.ZmtpHandshakeHandler} writes the greeting, checks that the peer announced the same
 * mechanism, then hands every handshake command to the {@link ZmtpMechanismHandshake} this factory creates, until
 * that handshake calls {@link ZmtpMechanismContext#complete} or {@link ZmtpMechanismContext#fail}. The handler, not
 * the mechanism, checks socket-type compatibility and enforces the handshake timeout.
 */
public interface ZmtpMechanism {

    /**
     * Returns the mechanism name as sent in the greeting: 1 to 20 characters of {@code A-Z 0-9 - _ . +},
     * e.g. {@code "NULL"}. Peers must announce exactly the same name.
     */
    String name();

    /**
     * Returns the greeting's as-server octet: whether this side plays the server role of the mechanism. Always
     * {@code false} for NULL. Peers do not validate it (libzmq neither sets nor reads it), and the codec never
     * reads the peer's.
     */
    boolean asServer();

    /** Creates the handshake state of one connection. Called on the connection's event loop. */
    ZmtpMechanismHandshake newHandshake(ZmtpMechanismContext context);
}
