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
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

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

    private static final String SECRET_PREFIX = "secret:";
    private static final String PUBLIC_PREFIX = "public:";
    private static final System.Logger logger = System.getLogger(ZmtpCurveKeyPair.class.getName());

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
     * Reads a secret key file, as {@code zmtp-server keygen} writes it, and returns its key pair. The secret key is
     * on a line {@code secret: <Z85>} (40 characters); a {@code public:} line, blank lines and lines starting with
     * {@code #} are ignored. A key alone on a line is refused: it may as well be a public key (an allow-list holds
     * those), which taken for a secret key would silently make another key pair.
     *
     * <p>A file that group or others may read is accepted with a warning through {@link System.Logger}, where the
     * file system has POSIX permissions.
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if it holds no {@code secret:} line (saying so when it holds a public key), a
     *         line of another form, or more than one secret key; the message names the file and never shows a key
     * @throws IllegalStateException if Bouncy Castle is not on the class path
     */
    public static ZmtpCurveKeyPair readSecretKeyFile(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        warnIfReadableByOthers(file);
        String secret = null;
        boolean publicKey = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith(PUBLIC_PREFIX)) {
                publicKey = true;
                continue;
            }
            String where = file + " line " + (i + 1);
            if (!line.startsWith(SECRET_PREFIX)) {
                throw new IllegalArgumentException(where + ": expected '" + SECRET_PREFIX + " <Z85>' as 'zmtp-server "
                        + "keygen' writes it, found " + (line.length() == 40 ? "a bare 40-character key, which may be "
                        + "a public key" : "a line of " + line.length() + " characters"));
            }
            if (secret != null) {
                throw new IllegalArgumentException(where + ": a second secret key");
            }
            secret = line.substring(SECRET_PREFIX.length()).strip();
            if (secret.length() != 40) {
                throw new IllegalArgumentException(where + ": the secret key has " + secret.length()
                        + " characters (expected 40 Z85 characters)");
            }
        }
        if (secret == null) {
            throw new IllegalArgumentException(file + (publicKey ? " holds a public key, not a secret key"
                    : " holds no secret key") + " (expected a line '" + SECRET_PREFIX + " <Z85>' as 'zmtp-server "
                    + "keygen' writes it)");
        }
        try {
            return fromSecretKeyZ85(secret);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Logs a warning if the POSIX permissions of {@code file} let group or others read it. */
    private static void warnIfReadableByOthers(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        Set<PosixFilePermission> permissions = view.readAttributes().permissions();
        if (permissions.contains(PosixFilePermission.GROUP_READ)
                || permissions.contains(PosixFilePermission.OTHERS_READ)) {
            logger.log(System.Logger.Level.WARNING, "CURVE secret key file " + file + " can be read by group or "
                    + "others (" + PosixFilePermissions.toString(permissions) + "); restrict it, e.g. chmod 600");
        }
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
