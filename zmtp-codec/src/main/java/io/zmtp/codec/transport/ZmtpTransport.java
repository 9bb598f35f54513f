/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.transport;

import java.util.Objects;
import java.util.Optional;

/**
 * The transports a {@link ZmtpEndpoint} can name, each with the scheme that starts its endpoint string.
 *
 * <p>These are the libzmq transports that carry ZMTP over a byte stream: {@code tcp} ({@code zmq_tcp}),
 * {@code ipc} ({@code zmq_ipc}), {@code inproc} ({@code zmq_inproc}) and {@code ws}/{@code wss}
 * ({@code zmq_ws}). libzmq's other schemes are deliberately absent: {@code udp}, {@code pgm}, {@code epgm} and
 * {@code norm} do not carry ZMTP, and {@code tipc} and {@code vmci} need kernel socket families that the JDK
 * cannot open.
 */
public enum ZmtpTransport {
    /** ZMTP over TCP ({@code zmq_tcp}): {@code tcp://host:port}. */
    TCP("tcp"),
    /** ZMTP over a Unix domain socket ({@code zmq_ipc}): {@code ipc://path}. */
    IPC("ipc"),
    /** ZMTP between sockets of one process ({@code zmq_inproc}): {@code inproc://name}. */
    INPROC("inproc"),
    /** ZMTP over WebSocket ({@code zmq_ws}): {@code ws://host:port/path}. */
    WS("ws"),
    /** ZMTP over WebSocket over TLS ({@code zmq_ws}): {@code wss://host:port/path}. */
    WSS("wss");

    private final String scheme;

    ZmtpTransport(String scheme) {
        this.scheme = scheme;
    }

    /** Returns the lower-case scheme that starts an endpoint of this transport, such as {@code "tcp"}. */
    public String scheme() {
        return scheme;
    }

    /**
     * Returns whether endpoints of this transport name a TCP host and port: true for {@link #TCP}, {@link #WS}
     * and {@link #WSS}, false for {@link #IPC} and {@link #INPROC}.
     */
    public boolean hasSocketAddress() {
        return this == TCP || this == WS || this == WSS;
    }

    /** Returns whether this is a WebSocket transport ({@link #WS} or {@link #WSS}). */
    public boolean isWebSocket() {
        return this == WS || this == WSS;
    }

    /** Returns whether this transport runs over TLS; only {@link #WSS} does. */
    public boolean isSecure() {
        return this == WSS;
    }

    /**
     * Returns the transport whose scheme is exactly {@code scheme}, or an empty optional. Matching is
     * case-sensitive, as in libzmq: {@code "TCP"} names no transport.
     *
     * @throws NullPointerException if {@code scheme} is null
     */
    public static Optional<ZmtpTransport> forScheme(String scheme) {
        Objects.requireNonNull(scheme, "scheme");
        for (ZmtpTransport transport : values()) {
            if (transport.scheme.equals(scheme)) {
                return Optional.of(transport);
            }
        }
        return Optional.empty();
    }

    /** Returns the scheme, such as {@code "tcp"}. */
    @Override
    public String toString() {
        return scheme;
    }
}
