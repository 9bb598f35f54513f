/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.testcontainers;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@link ZmtpServerContainer} asks of the server and of the image before anything runs; the containers
 * themselves are exercised by the integration tests, where a Docker engine is set up.
 */
class ZmtpServerContainerTest {

    private static final String KEY = "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6";

    @Test
    void defaultImageIsTheServerTaggedWithTheLibraryVersion() {
        assertEquals("zmtp-server:" + ZmtpServerContainer.libraryVersion(),
                ZmtpServerContainer.defaultImage().asCanonicalNameString());
        assertFalse(ZmtpServerContainer.libraryVersion().contains("${"), ZmtpServerContainer.libraryVersion());
    }

    @Test
    void byDefaultServesEchoWithNullOnAllContainerInterfacesAndExposesZmtpAndMetrics() {
        try (ZmtpServerContainer container = new ZmtpServerContainer("zmtp-server:test")) {
            assertEquals(List.of("--bind", "tcp://0.0.0.0:5555", "--metrics-bind", "0.0.0.0:9555",
                    "--handler", "echo", "--mechanism", "null"), container.serverArguments());
            assertEquals(List.of(5555, 9555), container.getExposedPorts());
        }
    }

    @Test
    void plainUsersBecomeAPasswordFileAndThePlainMechanism() {
        Map<String, String> users = new LinkedHashMap<>();
        users.put("admin", "secret");
        users.put("reader", "pass:word");
        try (ZmtpServerContainer container = new ZmtpServerContainer("zmtp-server:test").withPlainUsers(users)
                .withHandler("discard").withServerArguments("--sndhwm", "10")) {
            assertEquals(List.of("--bind", "tcp://0.0.0.0:5555", "--metrics-bind", "0.0.0.0:9555",
                    "--handler", "discard", "--mechanism", "plain", "--plain-users", "/etc/zmtp-server/plain-users",
                    "--sndhwm", "10"), container.serverArguments());
        }
    }

    @Test
    void curveKeysBecomeFilesAndTheCurveMechanism() {
        try (ZmtpServerContainer container = new ZmtpServerContainer("zmtp-server:test").withCurveSecretKey(KEY)
                .withCurveAllow(List.of(KEY))) {
            List<String> arguments = container.serverArguments();
            assertTrue(arguments.containsAll(List.of("--mechanism", "curve",
                    "--curve-secret-key-file", "/etc/zmtp-server/curve-secret-key",
                    "--curve-allow", "/etc/zmtp-server/curve-allow")), arguments::toString);
            assertFalse(arguments.contains(KEY), "keys travel in files, never on the command line");
        }
    }

    @Test
    void rejectsMalformedSettingsWithoutEchoingSecrets() {
        try (ZmtpServerContainer container = new ZmtpServerContainer("zmtp-server:test")) {
            IllegalArgumentException shortKey = assertThrows(IllegalArgumentException.class,
                    () -> container.withCurveSecretKey("not-a-key"));
            assertFalse(shortKey.getMessage().contains("not-a-key"), shortKey.getMessage());
            assertThrows(IllegalArgumentException.class, () -> container.withPlainUsers(Map.of("a:b", "pw")));
            assertThrows(IllegalArgumentException.class, () -> container.withPlainUsers(Map.of()));
            assertThrows(IllegalArgumentException.class, () -> container.withHandler(" "));
            container.withCurveAllow(List.of(KEY));
            assertThrows(IllegalStateException.class, container::serverArguments);
        }
    }
}
