/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.mechanism;

import io.zmtp.codec.internal.curve.CurveBox;
import io.zmtp.codec.internal.curve.CurveClientHandshake;
import io.zmtp.codec.internal.curve.CurveRandom;
import io.zmtp.codec.internal.curve.CurveServerHandshake;
import io.zmtp.codec.internal.curve.CurveSupport;

import java.util.Objects;

/**
 * The CURVE mechanism (25/ZMTP-CURVE, running the 26/CurveZMQ handshake): authenticated key exchange with X25519 and
 * encryption of every frame with XSalsa20-Poly1305, with perfect forward secrecy through per-connection transient
 * keys. It interoperates with libzmq and JeroMQ.
 *
 * <pre>
 * C: HELLO    (C', proof that the client knows S)        S: WELCOME (S', cookie)
 * C: INITIATE (cookie, C vouching for C', metadata)      S: READY   (metadata)     or ERROR "400" / "500"
 * then every frame, both ways: MESSAGE (short nonce, Box[flags | data])
 * </pre>
 *
 * <h2>Roles</h2>
 * The {@linkplain #server server} holds a permanent key pair whose public key S its clients are configured with, and
 * an {@link ZmtpAuthenticator} that decides about each client's permanent public key C
 * ({@link ZmtpAuthenticator#ALLOW_ALL} accepts any client that knows S, libzmq's "Stonehouse" behaviour without
 * ZAP; {@link ZmtpCurveAllowList} accepts listed keys). The {@linkplain #client client} holds S and its own permanent
 * key pair, or gets a fresh one for every connection. Roles come from the configuration, not from which side
 * connects; the greeting's as-server octet says which role we play.
 *
 * <h2>Failures</h2>
 * A client with the wrong server key gets no answer to HELLO: the server closes without ERROR (as libzmq does), so
 * the client sees the connection close and its handshake fails with {@code CLOSED}. A rejected client key gets
 * ERROR with the authenticator's status code, and both sides report {@code AUTHENTICATION}. Malformed commands fail
 * with {@code PROTOCOL}; after the handshake, a MESSAGE that does not open or reuses a nonce closes the connection
 * with a {@link io.zmtp.codec.ZmtpProtocolException}. Details are in the package {@code io.zmtp.codec.internal.curve}
 * (handshakes and the per-connection codec).
 *
 * <h2>Requirements</h2>
 * X25519 comes from Bouncy Castle ({@code org.bouncycastle:bcprov-jdk18on}), an optional dependency of the codec:
 * the factory methods throw {@link IllegalStateException} when it is missing. XSalsa20-Poly1305, which boxes the
 * handshake and every message, is the codec's own.
 *
 * <p>Immutable and thread-safe; one instance serves any number of connections. It keeps copies of the keys it is
 * given; every connection gets its own copy of the secret key, wiped when its handshake ends. Buffers: the
 * handshake commands it sends are released by the codec once written; those it receives are released by the
 * handshake handler.
 */
public final class ZmtpCurveMechanism implements ZmtpMechanism {

    private final boolean server;
    private final byte[] serverPublicKey;
    private final byte[] secretKey;
    private final byte[] publicKey;
    private final ZmtpAuthenticator authenticator;
    private final CurveRandom random;

    private ZmtpCurveMechanism(boolean server, byte[] serverPublicKey, byte[] publicKey, byte[] secretKey,
                               ZmtpAuthenticator authenticator, CurveRandom random) {
        this.server = server;
        this.serverPublicKey = serverPublicKey;
        this.publicKey = publicKey;
        this.secretKey = secretKey;
        this.authenticator = authenticator;
        this.random = random;
    }

    /**
     * Returns the server side with the permanent key pair {@code serverKeys}, asking {@code authenticator} about
     * every client's permanent public key.
     *
     * @throws IllegalStateException if Bouncy Castle is not on the class path
     */
    public static ZmtpCurveMechanism server(ZmtpCurveKeyPair serverKeys, ZmtpAuthenticator authenticator) {
        return server(serverKeys, authenticator, CurveRandom.SECURE);
    }

    /** The server side taking its fresh secrets from {@code random}: for known-answer tests only. */
    static ZmtpCurveMechanism server(ZmtpCurveKeyPair serverKeys, ZmtpAuthenticator authenticator,
                                     CurveRandom random) {
        Objects.requireNonNull(serverKeys, "serverKeys");
        Objects.requireNonNull(authenticator, "authenticator");
        CurveSupport.requireBouncyCastle();
        return new ZmtpCurveMechanism(true, null, serverKeys.publicKey(), serverKeys.secretKey(), authenticator,
                random);
    }

    /**
     * Returns the client side that expects the server's permanent public key {@code serverPublicKey} (32 octets,
     * copied) and presents the permanent key pair {@code clientKeys}.
     *
     * @throws IllegalArgumentException if the server key is not 32 octets
     * @throws IllegalStateException if Bouncy Castle is not on the class path
     */
    public static ZmtpCurveMechanism client(byte[] serverPublicKey, ZmtpCurveKeyPair clientKeys) {
        return client(serverPublicKey, Objects.requireNonNull(clientKeys, "clientKeys"), CurveRandom.SECURE);
    }

    /**
     * Returns the client side that expects the server's permanent public key {@code serverPublicKey} (32 octets,
     * copied) and presents a fresh permanent key pair on every connection: the server can check that it talks to
     * a CURVE client, not who the client is, so use it with servers that accept any client key.
     *
     * @throws IllegalArgumentException if the server key is not 32 octets
     * @throws IllegalStateException if Bouncy Castle is not on the class path
     */
    public static ZmtpCurveMechanism client(byte[] serverPublicKey) {
        return client(serverPublicKey, null, CurveRandom.SECURE);
    }

    /** The client side taking its fresh secrets from {@code random}: for known-answer tests only. */
    static ZmtpCurveMechanism client(byte[] serverPublicKey, ZmtpCurveKeyPair clientKeys, CurveRandom random) {
        byte[] serverKey = ZmtpCurveKeyPair.checkKey(serverPublicKey, "serverPublicKey").clone();
        CurveSupport.requireBouncyCastle();
        return new ZmtpCurveMechanism(false, serverKey, clientKeys == null ? null : clientKeys.publicKey(),
                clientKeys == null ? null : clientKeys.secretKey(), null, random);
    }

    @Override
    public String name() {
        return "CURVE";
    }

    @Override
    public boolean asServer() {
        return server;
    }

    @Override
    public ZmtpMechanismHandshake newHandshake(ZmtpMechanismContext context) {
        Objects.requireNonNull(context, "context");
        if (server) {
            return new CurveServerHandshake(context, publicKey, secretKey, authenticator, random);
        }
        byte[] clientSecret;
        byte[] clientPublic;
        if (secretKey != null) {
            clientSecret = secretKey.clone();
            clientPublic = publicKey;
        } else {
            clientSecret = random.next(CurveRandom.Use.PERMANENT_SECRET_KEY);
            clientPublic = CurveBox.publicKey(clientSecret);
        }
        return new CurveClientHandshake(context, serverPublicKey, clientPublic, clientSecret, random);
    }

    /** Shows the role and public keys (Z85), never a secret key. */
    @Override
    public String toString() {
        if (server) {
            return "ZmtpCurveMechanism(server, key=" + Z85.encode(publicKey) + ", " + authenticator + ")";
        }
        return "ZmtpCurveMechanism(client, server=" + Z85.encode(serverPublicKey) + ", key="
                + (publicKey == null ? "fresh per connection" : Z85.encode(publicKey)) + ")";
    }
}
