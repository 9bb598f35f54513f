/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.mechanism;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A PLAIN {@link ZmtpAuthenticator} backed by a password file: one {@code user:password} per line (the password is
 * everything after the first colon), blank lines and lines starting with {@code #} ignored. Accepted users get their
 * name as user id; anyone else is refused with status 400. The file is read once, when the authenticator is
 * created; it is immutable and thread-safe.
 *
 * <p>Only the SHA-256 digest of each password is kept. A password given is compared by its digest, in constant
 * time; for a user who is not in the file it is compared in the same way with a random digest (and refused
 * whatever the outcome), so the time of an answer does not tell whether the user exists.
 */
public final class ZmtpPlainPasswordFile implements ZmtpAuthenticator {

    private static final int DIGEST_LENGTH = 32;

    private final Map<String, byte[]> digests;
    private final byte[] unknownUser;

    private ZmtpPlainPasswordFile(Map<String, byte[]> digests) {
        this.digests = digests;
        this.unknownUser = new byte[DIGEST_LENGTH];
        new SecureRandom().nextBytes(unknownUser);
    }

    /**
     * Reads {@code file}.
     *
     * @throws IOException if it cannot be read
     * @throws IllegalArgumentException if a line has no colon, an empty user name, or repeats a user (the message
     *         gives the line number, never the line)
     */
    public static ZmtpPlainPasswordFile read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    }

    static ZmtpPlainPasswordFile parse(List<String> lines, String source) {
        Map<String, byte[]> digests = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(source + " line " + (i + 1)
                        + ": expected user:password");
            }
            String user = line.substring(0, colon);
            if (digests.put(user, digest(line.substring(colon + 1).getBytes(StandardCharsets.UTF_8))) != null) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": user '" + user
                        + "' appears twice");
            }
        }
        return new ZmtpPlainPasswordFile(Map.copyOf(digests));
    }

    /** Returns the number of users. */
    public int size() {
        return digests.size();
    }

    @Override
    public CompletionStage<ZmtpAuthResult> authenticate(ZmtpAuthRequest request) {
        if (!"PLAIN".equals(request.mechanism())) {
            return CompletableFuture.completedFuture(ZmtpAuthResult.deny(400, "not a PLAIN request"));
        }
        String user = request.username();
        byte[] given = request.password();
        byte[] givenDigest = digest(given);
        Arrays.fill(given, (byte) 0);
        boolean same = MessageDigest.isEqual(comparedWith(user), givenDigest);
        boolean ok = same & digests.containsKey(user);
        return CompletableFuture.completedFuture(ok ? ZmtpAuthResult.allow(user)
                : ZmtpAuthResult.deny(400, "invalid user name or password"));
    }

    /** Returns the digest a password given for {@code user} is compared with: the user's, or the random one. */
    byte[] comparedWith(String user) {
        return digests.getOrDefault(user, unknownUser);
    }

    private static byte[] digest(byte[] password) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(password);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing, which every Java platform has", e);
        }
    }

    @Override
    public String toString() {
        return "ZmtpPlainPasswordFile(" + digests.size() + " users)";
    }
}
