/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.mechanism;

import io.zmtp.codec.ZmtpCommand;

/**
 * The mechanism's part of one connection's handshake: it sends and receives handshake commands through its
 * {@link ZmtpMechanismContext} until it completes or fails. All methods are called on the connection's event loop.
 */
public interface ZmtpMechanismHandshake {

    /**
     * Called once both greetings have been exchanged and matched: sends the mechanism's first commands (NULL and
     * the clients of PLAIN and CURVE send theirs at once).
     *
     * @throws Exception to fail the handshake with reason {@code PROTOCOL}
     */
    void start() throws Exception;

    /**
     * Called for each command frame the peer sends until the handshake completes or fails. The command is released
     * by the caller after this method returns; retain it (if it is reference-counted) to keep it longer.
     *
     * @throws io.zmtp.codec.ZmtpHandshakeException to fail with its reason
     * @throws Exception to fail the handshake with reason {@code PROTOCOL}
     */
    void commandReceived(ZmtpCommand command) throws Exception;

    /**
     * Returns whether every handshake command should reach {@link #commandReceived} as a
     * {@link io.zmtp.codec.ZmtpRawCommand} (name and data, uninterpreted) instead of a typed command. CURVE needs
     * this: its READY carries a box, not metadata. The default is {@code false}.
     */
    default boolean rawCommands() {
        return false;
    }

    /** Called once when the handshake ends, whatever the outcome, to release what it holds. */
    default void close() {
    }
}
