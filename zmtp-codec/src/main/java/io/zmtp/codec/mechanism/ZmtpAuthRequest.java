/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.mechanism;

import io.zmtp.codec.internal.PeerText;

import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What a peer presented to be authenticated (the request of 27/ZAP): the mechanism, its address and its
 * credentials (a PLAIN user name and password, or a CURVE client public key). {@link #toString()} never shows the
 * password.
 */
public final class ZmtpAuthRequest {

    private final String mechanism;
    private final SocketAddress remoteAddress;
    private final String username;
    private final byte[] password;
    private final byte[] clientPublicKey;

    private ZmtpAuthRequest(String mechanism, SocketAddress remoteAddress, String username, byte[] password,
                            byte[] clientPublicKey) {
        this.mechanism = Objects.requireNonNull(mechanism, "mechanism");
        this.remoteAddress = remoteAddress;
        this.username = username;
        this.password = password;
        this.clientPublicKey = clientPublicKey;
    }

    /** Returns a PLAIN request; the password is copied. */
    public static ZmtpAuthRequest plain(SocketAddress remoteAddress, String username, byte[] password) {
        return new ZmtpAuthRequest("PLAIN", remoteAddress, Objects.requireNonNull(username, "username"),
                Objects.requireNonNull(password, "password").clone(), null);
    }

    /** Returns a CURVE request for the client's permanent public key (32 octets, copied). */
    public static ZmtpAuthRequest curve(SocketAddress remoteAddress, byte[] clientPublicKey) {
        Objects.requireNonNull(clientPublicKey, "clientPublicKey");
        if (clientPublicKey.length != 32) {
            throw new IllegalArgumentException("clientPublicKey: " + clientPublicKey.length + " octets (expected 32)");
        }
        return new ZmtpAuthRequest("CURVE", remoteAddress, null, null, clientPublicKey.clone());
    }

    /** Returns the mechanism name: {@code PLAIN} or {@code CURVE}. */
    public String mechanism() {
        return mechanism;
    }

    /** Returns the peer's address, or {@code null} if unknown. */
    public SocketAddress remoteAddress() {
        return remoteAddress;
    }

    /** Returns the PLAIN user name, or {@code null} for CURVE. */
    public String username() {
        return username;
    }

    /** Returns a copy of the PLAIN password octets, or {@code null} for CURVE. */
    public byte[] password() {
        return password == null ? null : password.clone();
    }

    /** Returns the PLAIN password decoded as UTF-8, or {@code null} for CURVE. */
    public String passwordString() {
        return password == null ? null : new String(password, StandardCharsets.UTF_8);
    }

    /** Returns a copy of the CURVE client public key, or {@code null} for PLAIN. */
    public byte[] clientPublicKey() {
        return clientPublicKey == null ? null : clientPublicKey.clone();
    }

    /** Shows the mechanism, address and user name (escaped) or public key (Z85), never the password. */
    @Override
    public String toString() {
        return "ZmtpAuthRequest(" + mechanism + ", " + remoteAddress
                + (username != null ? ", user=" + PeerText.escape(username) : "")
                + (clientPublicKey != null ? ", key=" + Z85.encode(clientPublicKey) : "") + ")";
    }
}
