/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.it.interop;

import io.zmtp.it.report.InteropCell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The standalone server jar with CURVE, started from a key file, serves a libzmq-draft CURVE client process. */
@Timeout(120)
class StandaloneCurveServerInteropIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SERVER_JAR = Paths.get("..", "zmtp-server", "target",
            "zmtp-server-" + System.getProperty("project.version", "0.1.0-SNAPSHOT") + "-standalone.jar");
    private static final Pattern LISTENING = Pattern.compile("zmtp-server listening on (tcp://127\\.0\\.0\\.1:\\d+)");

    private final List<PeerProcess> processes = new ArrayList<>();

    @AfterEach
    void stop() {
        PeerProcess.closeAll(processes);
    }

    private PeerProcess start(String description, ProcessBuilder builder) {
        PeerProcess process = PeerProcess.start(description, builder);
        processes.add(process);
        return process;
    }

    @InteropCell(peer = "libzmq", version = "4.3.4 (drafts)", role = "CLIENT → our zmtp-server jar (process)",
            mechanism = "CURVE")
    @Test
    void aCurveServerJarStartedFromAKeyFileServesALibzmqCurveClient(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("server.key");
        Files.writeString(keyFile, "# libzmq's test server key\nsecret: " + TestKeys.SERVER_SECRET + "\n");
        Path allow = dir.resolve("allow");
        Files.writeString(allow, TestKeys.CLIENT_PUBLIC + "\n");
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        PeerProcess server = start("zmtp-server jar", new ProcessBuilder(java, "-jar", SERVER_JAR.toString(),
                "--bind", "tcp://127.0.0.1:0", "--metrics-bind", "off", "--mechanism", "curve",
                "--curve-secret-key-file", keyFile.toString(), "--curve-allow", allow.toString()));
        String endpoint = null;
        String publicKeyLine = null;
        for (int i = 0; i < 5 && (endpoint == null || publicKeyLine == null); i++) {
            String line = server.awaitStdoutLine(WAIT);
            assertNotNull(line, server::describe);
            Matcher m = LISTENING.matcher(line);
            if (m.matches()) {
                endpoint = m.group(1);
            } else if (line.startsWith("zmtp-server curve public key ")) {
                publicKeyLine = line;
            }
        }
        assertEquals("zmtp-server curve public key " + TestKeys.SERVER_PUBLIC, publicKeyLine, server::describe);
        assertNotNull(endpoint, server::describe);

        PeerProcess client = InteropPeer.LIBZMQ.startClient(
                "--mechanism", "curve", "--connect", endpoint,
                "--curve-server-key", TestKeys.SERVER_PUBLIC, "--curve-public-key", TestKeys.CLIENT_PUBLIC,
                "--curve-secret-key", TestKeys.CLIENT_SECRET,
                "--count", "20", "--sizes", PayloadPattern.FEW_SIZES_ARGUMENT, "--seed", "11");
        processes.add(client);
        client.awaitSuccess(WAIT);
    }
}
