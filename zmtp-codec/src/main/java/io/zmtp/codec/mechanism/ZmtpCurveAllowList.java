/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.mechanism;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A CURVE {@link ZmtpAuthenticator} (the role of 27/ZAP for 25/ZMTP-CURVE) that accepts the client public keys it
 * lists and refuses every other with status 400, {@code "unknown client key"}. An accepted client's user id is its
 * public key in Z85, as libzmq's zauth reports it. Requests of other mechanisms are refused with 400.
 *
 * <p>The list is read from a file of Z85 public keys (40 characters), one per line; surrounding blanks, blank lines
 * and lines starting with {@code #} are ignored. It is read once, when the authenticator is created. Immutable and
 * thread-safe; it answers at once, without blocking.
 */
public final class ZmtpCurveAllowList implements ZmtpAuthenticator {

    private final Set<String> keys;

    private ZmtpCurveAllowList(Set<String> keys) {
        this.keys = keys;
    }

    /**
     * Reads the allow-list in {@code file} (UTF-8).
     *
     * @throws IOException if it cannot be read
     * @throws IllegalArgumentException if a line is not a Z85 public key; the message gives the line number
     */
    public static ZmtpCurveAllowList read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * Returns an allow-list of {@code publicKeys} (32 octets each).
     *
     * @throws IllegalArgumentException if a key is not 32 octets
     */
    public static ZmtpCurveAllowList of(Collection<byte[]> publicKeys) {
        Objects.requireNonNull(publicKeys, "publicKeys");
        Set<String> keys = new HashSet<>();
        for (byte[] key : publicKeys) {
            keys.add(Z85.encode(ZmtpCurveKeyPair.checkKey(key, "publicKey")));
        }
        return new ZmtpCurveAllowList(Set.copyOf(keys));
    }

    static ZmtpCurveAllowList parse(List<String> lines, String source) {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                keys.add(Z85.encode(ZmtpCurveKeyPair.decodeKey(line, "public key")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": expected a CURVE public key "
                        + "in Z85 (40 characters): " + e.getMessage(), e);
            }
        }
        return new ZmtpCurveAllowList(Set.copyOf(keys));
    }

    /** Returns the number of keys. */
    public int size() {
        return keys.size();
    }

    /** Returns whether {@code publicKey} (32 octets) is on the list. */
    public boolean contains(byte[] publicKey) {
        return keys.contains(Z85.encode(ZmtpCurveKeyPair.checkKey(publicKey, "publicKey")));
    }

    @Override
    public CompletionStage<ZmtpAuthResult> authenticate(ZmtpAuthRequest request) {
        byte[] key = request.clientPublicKey();
        if (!"CURVE".equals(request.mechanism()) || key == null) {
            return CompletableFuture.completedFuture(ZmtpAuthResult.deny(400, "not a CURVE request"));
        }
        String z85 = Z85.encode(key);
        return CompletableFuture.completedFuture(keys.contains(z85) ? ZmtpAuthResult.allow(z85)
                : ZmtpAuthResult.deny(400, "unknown client key"));
    }

    @Override
    public String toString() {
        return "ZmtpCurveAllowList(" + keys.size() + " keys)";
    }
}
