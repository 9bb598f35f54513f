/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.it.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server and client jars with PLAIN and CURVE, as real processes: keygen, key files, allow-lists, refusals. */
@Timeout(120)
class SecureCliIT {

    private static final Path SERVER_JAR = JarProcesses.SERVER_JAR;
    private static final Path CLIENT_JAR = JarProcesses.CLIENT_JAR;
    private static final Pattern LISTENING = JarProcesses.LISTENING;
    private static final Pattern CURVE_KEY = Pattern.compile("zmtp-server curve public key (\\S{40})");
    private static final Pattern Z85_LINE = Pattern.compile("(public|secret): (\\S{40})");

    private final JarProcesses jars = new JarProcesses();

    @AfterEach
    void stop() throws InterruptedException {
        jars.close();
    }

    private Process start(Path jar, String... args) throws IOException {
        return jars.start(jar, args);
    }

    private static BlockingQueue<String> lines(Process p) {
        return JarProcesses.lines(p);
    }

    private static Matcher await(BlockingQueue<String> lines, Pattern pattern) throws InterruptedException {
        return JarProcesses.awaitLine(lines, pattern);
    }

    private String[] run(Path jar, String... args) throws Exception {
        return jars.run(jar, args);
    }

    private Path keygen(Path file) throws Exception {
        String[] result = run(SERVER_JAR, "keygen");
        assertEquals("0", result[0], result[2]);
        String[] out = result[1].strip().split("\n");
        assertEquals(2, out.length, result[1]);
        assertTrue(Z85_LINE.matcher(out[0]).matches() && out[0].startsWith("public: "), out[0]);
        assertTrue(Z85_LINE.matcher(out[1]).matches() && out[1].startsWith("secret: "), "secret line");
        Files.writeString(file, result[1]);
        return file;
    }

    private static String publicKey(Path keygenOutput) throws IOException {
        return Files.readAllLines(keygenOutput).get(0).substring("public: ".length());
    }

    @Test
    void keygenOutputIsACurveSecretKeyFileAndOnlyAllowedClientsAreServed(@TempDir Path dir) throws Exception {
        Path serverKeys = keygen(dir.resolve("server.key"));
        Path clientKeys = keygen(dir.resolve("client.key"));
        Path allow = dir.resolve("allow");
        Files.writeString(allow, "# allowed clients\n" + publicKey(clientKeys) + "\n");

        Process server = start(SERVER_JAR, "--bind", "tcp://127.0.0.1:0", "--metrics-bind", "off",
                "--mechanism", "curve", "--curve-secret-key-file", serverKeys.toString(),
                "--curve-allow", allow.toString());
        BlockingQueue<String> out = lines(server);
        String endpoint = "tcp://127.0.0.1:" + await(out, LISTENING).group(1);
        assertEquals(publicKey(serverKeys), await(out, CURVE_KEY).group(1), "the derived public key is printed");

        String[] allowed = run(CLIENT_JAR, "send", "--connect", endpoint, "--reply", "--timeout", "10s",
                "--curve-server-key", publicKey(serverKeys), "--curve-secret-key-file", clientKeys.toString(),
                "hello", "curve");
        assertEquals("0", allowed[0], allowed[2]);
        assertEquals("hello\ncurve\n", allowed[1]);

        String[] unknown = run(CLIENT_JAR, "send", "--connect", endpoint, "--reply", "--timeout", "1s",
                "--curve-server-key", publicKey(serverKeys), "hello");
        assertEquals("1", unknown[0], "an unknown client key is refused: " + unknown[2]);

        String[] wrongServerKey = run(CLIENT_JAR, "send", "--connect", endpoint, "--reply", "--timeout", "1s",
                "--curve-server-key", publicKey(clientKeys), "--curve-secret-key-file", clientKeys.toString(),
                "hello");
        assertEquals("1", wrongServerKey[0], "a wrong server key never gets through: " + wrongServerKey[2]);
        assertFalse(wrongServerKey[1].contains("hello"));
    }

    @Test
    void plainServerAcceptsListedUsersOnly(@TempDir Path dir) throws Exception {
        Path users = dir.resolve("users");
        Files.writeString(users, "admin:secret\n");
        Process server = start(SERVER_JAR, "--bind", "tcp://127.0.0.1:0", "--metrics-bind", "off",
                "--mechanism", "plain", "--plain-users", users.toString());
        String endpoint = "tcp://127.0.0.1:" + await(lines(server), LISTENING).group(1);
        String[] good = run(CLIENT_JAR, "send", "--connect", endpoint, "--reply", "--timeout", "10s",
                "--plain-user", "admin", "--plain-password", "secret", "hi");
        assertEquals("0", good[0], good[2]);
        assertEquals("hi\n", good[1]);
        String[] bad = run(CLIENT_JAR, "send", "--connect", endpoint, "--reply", "--timeout", "1s",
                "--plain-user", "admin", "--plain-password", "wrong", "hi");
        assertEquals("1", bad[0], bad[2]);
    }

    @Test
    void securityOptionsThatDoNotFitExitWithCode2(@TempDir Path dir) throws Exception {
        for (String[] args : new String[][] {
            {"--mechanism", "curve"},
            {"--mechanism", "plain"},
            {"--plain-users", dir.resolve("x").toString()},
            {"--mechanism", "curve", "--curve-secret-key-file", dir.resolve("missing").toString()},
            {"--mechanism", "gssapi"},
        }) {
            String[] result = run(SERVER_JAR, args);
            assertEquals("2", result[0], String.join(" ", args) + ": " + result[2]);
            assertTrue(result[2].startsWith("zmtp-server: "), result[2]);
            assertEquals(1, result[2].strip().lines().count(), result[2]);
        }
        String[] both = run(CLIENT_JAR, "send", "--connect", "tcp://127.0.0.1:1", "--plain-user", "a",
                "--plain-password", "b", "--curve-server-key", "0".repeat(40), "x");
        assertEquals("2", both[0], both[2]);
    }
}
