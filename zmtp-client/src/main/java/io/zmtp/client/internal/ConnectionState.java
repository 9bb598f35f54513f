/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.client.internal;

import java.util.Locale;

/** Where one endpoint's connection is in its life; the tag value of the {@code zmtp.client.connections} gauge. */
public enum ConnectionState {
    /** A TCP connect attempt is under way. */
    CONNECTING,
    /** TCP is up; the ZMTP handshake is running. */
    HANDSHAKING,
    /** Handshaken: the connection takes messages. */
    READY,
    /** Waiting for the next connect attempt. */
    RECONNECT_WAIT,
    /** Gave up after a protocol error ({@code stopReconnectOnProtocolError}). */
    STOPPED,
    /** Disconnected by the application or closed with the client. */
    CLOSED;

    /** Returns the name in lower case with dashes, a bounded metric tag value. */
    public String tagValue() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
