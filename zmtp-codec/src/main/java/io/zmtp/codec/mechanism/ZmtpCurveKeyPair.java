/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.mechanism;

import io.zmtp.codec.internal.curve.CurveBox;
import io.zmtp.codec.internal.curve.CurveRandom;
import io.zmtp.codec.internal.curve.CurveSupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A permanent CURVE key pair (25/ZMTP-CURVE, 26/CurveZMQ): an X25519 public key and its secret key, 32 octets
 * each, as libzmq's {@code zmq_curve_keypair} makes them. Keys travel as 40-character Z85 text (32/Z85), e.g. in
 * configuration files and allow-lists.
 *
 * <p>Immutable and thread-safe: every accessor returns a copy. The secret key never appears in {@link #toString()}.
 * Generating a key pair or deriving a public key needs Bouncy Castle on the class path.
 */
public final class ZmtpCurveKeyPair {

    /** The length of a key in octets. */
    public static final int KEY_LENGTH = 32;

    private final byte[] publicKey;
    private final byte[] secretKey;

    private ZmtpCurveKeyPair(byte[] publicKey, byte[] secretKey) {
        this.publicKey = publicKey;
        this.secretKey = secretKey;
    }

    /**
     * Returns a new key pair with a secret key from a {@link java.security.SecureRandom}.
     *
     * @throws IllegalStateException if Bouncy Castle is not on the class path
     */
    public static ZmtpCurveKeyPair generate() {
        CurveSupport.requireBouncyCastle();
        byte[] secret = CurveRandom.SECURE.next(CurveRandom.Use.PERMANENT_SECRET_KEY);
        try {
            return fromSecretKey(secret);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * Returns the key pair of {@code secretKey} (32 octets, copied), deriving its public key.
     *
     * @throws IllegalArgumentException if the key is not 32 octets
     * @throws IllegalStateException if Bouncy Castle is not on the class path
     */
    public static ZmtpCurveKeyPair fromSecretKey(byte[] secretKey) {
        byte[] secret = checkKey(secretKey, "secretKey").clone();
        CurveSupport.requireBouncyCastle();
        return new ZmtpCurveKeyPair(CurveBox.publicKey(secret), secret);
    }

    /**
     * Returns the key pair of a secret key given as 40 Z85 characters.
     *
     * @throws IllegalArgumentException if the text is not a Z85-encoded 32-octet key (the message never repeats it)
     * @throws IllegalStateException if Bouncy Castle is not on the class path
     */
    public static ZmtpCurveKeyPair fromSecretKeyZ85(String secretKey) {
        byte[] secret = decodeKey(secretKey, "secretKey");
        try {
            return fromSecretKey(secret);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * Reads a secret key file and returns its key pair. The file holds the secret key in Z85 (40 characters), alone
     * on a line or on a line {@code secret: <Z85>} as {@code zmtp-server keygen} prints it; blank lines, lines
     * starting with {@code #} and a {@code public:} line are ignored.
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if it holds no secret key, or more than one; the message never shows a key
     * @throws IllegalStateException if Bouncy Castle is not on the class path
     */
    public static ZmtpCurveKeyPair readSecretKeyFile(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        String secret = null;
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("public:")) {
                continue;
            }
            String candidate = line.startsWith("secret:") ? line.substring("secret:".length()).strip() : line;
            if (secret != null) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": a second secret key");
            }
            if (candidate.length() != 40) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected a 40-character Z85 "
                        + "secret key");
            }
            secret = candidate;
        }
        if (secret == null) {
            throw new IllegalArgumentException(file + ": no secret key in it (expected 40 Z85 characters)");
        }
        return fromSecretKeyZ85(secret);
    }

    /**
     * Decodes a public key given as 40 Z85 characters.
     *
     * @throws IllegalArgumentException if the text is not a Z85-encoded 32-octet key
     */
    public static byte[] decodePublicKeyZ85(String publicKey) {
        return decodeKey(publicKey, "publicKey");
    }

    static byte[] decodeKey(String z85, String what) {
        Objects.requireNonNull(z85, what);
        if (z85.length() != 40) {
            throw new IllegalArgumentException(what + ": " + z85.length() + " characters (expected: 40 Z85)");
        }
        try {
            return Z85.decode(z85);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }

    static byte[] checkKey(byte[] key, String what) {
        Objects.requireNonNull(key, what);
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException(what + ": " + key.length + " octets (expected: 32)");
        }
        return key;
    }

    /** Returns a copy of the public key (32 octets). */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** Returns a copy of the secret key (32 octets). Wipe it when done. */
    public byte[] secretKey() {
        return secretKey.clone();
    }

    /** Returns the public key in Z85 (40 characters). */
    public String publicKeyZ85() {
        return Z85.encode(publicKey);
    }

    /** Returns the secret key in Z85 (40 characters), e.g. to store it; keep it out of logs. */
    public String secretKeyZ85() {
        return Z85.encode(secretKey);
    }

    /** Returns whether {@code o} is a key pair with the same public key (secret keys are not compared). */
    @Override
    public boolean equals(Object o) {
        return o instanceof ZmtpCurveKeyPair && Arrays.equals(publicKey, ((ZmtpCurveKeyPair) o).publicKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    /** Shows the public key in Z85, never the secret key. */
    @Override
    public String toString() {
        return "ZmtpCurveKeyPair(public=" + publicKeyZ85() + ")";
    }
}
