/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.mechanism;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZmtpPlainPasswordFileTest {

    private final ZmtpPlainPasswordFile users = ZmtpPlainPasswordFile.parse(List.of("admin:secret", "bob:"), "users");

    @Test
    void aPasswordForAnUnknownUserIsComparedWithADigestOfTheSameFormAsAKnownUsers() {
        byte[] known = users.comparedWith("admin");
        byte[] unknown = users.comparedWith("eve");
        assertEquals(32, known.length);
        assertEquals(known.length, unknown.length);
        assertSame(unknown, users.comparedWith("mallory"), "one digest for every unknown user");
        assertFalse(Arrays.equals(known, unknown));
        assertFalse(Arrays.equals(users.comparedWith("bob"), unknown), "not the digest of ''");
    }

    @Test
    void anUnknownUserIsRefusedWhateverItsPassword() {
        for (String password : new String[] {"", "secret", "x".repeat(255)}) {
            ZmtpAuthResult result = authenticate("eve", password);
            assertEquals(400, result.statusCode(), password);
        }
    }

    @Test
    void knownUsersAreAcceptedWithTheirPasswordOnlyAndGetTheirNameAsUserId() {
        ZmtpAuthResult admin = authenticate("admin", "secret");
        assertTrue(admin.isAllowed());
        assertEquals("admin", admin.userId());
        assertTrue(authenticate("bob", "").isAllowed(), "an empty password is a password");
        assertEquals(400, authenticate("admin", "secret ").statusCode());
        assertEquals(400, authenticate("admin", "").statusCode());
        assertEquals(400, authenticate("bob", "secret").statusCode());
    }

    private ZmtpAuthResult authenticate(String user, String password) {
        return users.authenticate(ZmtpAuthRequest.plain(null, user, password.getBytes(StandardCharsets.UTF_8)))
                .toCompletableFuture().join();
    }
}
