/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.mechanism;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A PLAIN {@link ZmtpAuthenticator} backed by a password file: one {@code user:password} per line (the password is
 * everything after the first colon), blank lines and lines starting with {@code #} ignored. Accepted users get their
 * name as user id; anyone else is refused with status 400. Passwords are compared in constant time. The file is
 * read once, when the authenticator is created; it is immutable and thread-safe.
 */
public final class ZmtpPlainPasswordFile implements ZmtpAuthenticator {

    private final Map<String, byte[]> passwords;

    private ZmtpPlainPasswordFile(Map<String, byte[]> passwords) {
        this.passwords = passwords;
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
        Map<String, byte[]> passwords = new HashMap<>();
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
            if (passwords.put(user, line.substring(colon + 1).getBytes(StandardCharsets.UTF_8)) != null) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": user '" + user
                        + "' appears twice");
            }
        }
        return new ZmtpPlainPasswordFile(Map.copyOf(passwords));
    }

    /** Returns the number of users. */
    public int size() {
        return passwords.size();
    }

    @Override
    public CompletionStage<ZmtpAuthResult> authenticate(ZmtpAuthRequest request) {
        if (!"PLAIN".equals(request.mechanism())) {
            return CompletableFuture.completedFuture(ZmtpAuthResult.deny(400, "not a PLAIN request"));
        }
        byte[] expected = passwords.get(request.username());
        byte[] given = request.password();
        boolean ok = expected != null && MessageDigest.isEqual(expected, given);
        java.util.Arrays.fill(given, (byte) 0);
        return CompletableFuture.completedFuture(ok ? ZmtpAuthResult.allow(request.username())
                : ZmtpAuthResult.deny(400, "invalid user name or password"));
    }

    @Override
    public String toString() {
        return "ZmtpPlainPasswordFile(" + passwords.size() + " users)";
    }
}
