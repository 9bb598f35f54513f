/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.it.interop;

import io.zmtp.it.report.InteropPeerInfo;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An independently written ZeroMQ implementation that {@code scripts/test.sh} sets up, driven through our peer
 * programs in {@code integration-tests/peers/}.
 *
 * <p>Where it is comes from a system property (what {@code scripts/test.sh} passes) or an environment variable.
 * When it is missing, a test that needs it is skipped with the reason, except under {@code CI=true}, where a
 * missing peer fails the test: CI must never pass by skipping the interop matrix.
 */
enum InteropPeer implements InteropPeerInfo {

    /** libzmq 4.3.4 built with drafts from Debian's source ({@code scripts/peers/build-libzmq-draft.sh}). */
    LIBZMQ("libzmq", "4.3.4 (drafts)", "zmtp.peers.libzmq.bin", "ZMTP_PEERS_LIBZMQ_BIN") {
        @Override
        ProcessBuilder command(String program, List<String> args) {
            Path binary = location().resolve(program.equals("client") ? "zmtp_client_peer" : "zmtp_server_peer");
            if (!Files.isExecutable(binary)) {
                unavailable(binary + " is missing or not executable; run scripts/peers/build-libzmq-draft.sh");
            }
            List<String> command = new ArrayList<>();
            command.add(binary.toString());
            command.addAll(args);
            return new ProcessBuilder(command);
        }
    },

    /** zeromq.js 6.8.0 with its bundled libzmq 4.3.5 ({@code scripts/peers/install-zeromqjs.sh}). */
    ZEROMQJS("zeromq.js", "6.8.0 (libzmq 4.3.5)", "zmtp.peers.zeromqjs.dir", "ZMTP_PEERS_ZEROMQJS_DIR") {
        @Override
        ProcessBuilder command(String program, List<String> args) {
            Path modules = location().resolve("node_modules");
            if (!Files.isDirectory(modules.resolve("zeromq"))) {
                unavailable(modules.resolve("zeromq") + " is missing; run scripts/peers/install-zeromqjs.sh");
            }
            Path node = onPath("node");
            if (node == null) {
                unavailable("no 'node' on the PATH");
            }
            List<String> command = new ArrayList<>();
            command.add(node.toString());
            command.add(PEER_SOURCES.resolve(program + ".js").toString());
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().put("NODE_PATH", modules.toString());
            // Silences zeromq.js's "draft features are experimental" warning, which would clutter stderr.
            builder.environment().put("NODE_NO_WARNINGS", "1");
            return builder;
        }
    };

    /** Our peer programs' sources; failsafe runs in the module's directory and says so in {@code basedir}. */
    static final Path PEER_SOURCES = Path.of(System.getProperty("basedir", "."), "peers").toAbsolutePath();

    private final String product;
    private final String version;
    private final String displayName;
    private final String property;
    private final String environmentVariable;

    InteropPeer(String product, String version, String property, String environmentVariable) {
        this.product = product;
        this.version = version;
        this.displayName = product + " " + version;
        this.property = property;
        this.environmentVariable = environmentVariable;
    }

    /** Returns a command that runs our {@code client} or {@code server} peer program on this implementation. */
    abstract ProcessBuilder command(String program, List<String> args);

    /** Starts our CLIENT peer program ({@code zmtp_client_peer.c} / {@code client.js}) with {@code args}. */
    PeerProcess startClient(String... args) {
        return PeerProcess.start(displayName + " CLIENT peer", command("client", List.of(args)));
    }

    /** Starts our SERVER echo peer program ({@code zmtp_server_peer.c} / {@code server.js}) with {@code args}. */
    PeerProcess startServer(String... args) {
        return PeerProcess.start(displayName + " SERVER peer", command("server", List.of(args)));
    }

    /** The directory set up for this implementation; skips (or, under CI, fails) the test when there is none. */
    Path location() {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(environmentVariable);
        }
        if (value == null || value.isBlank()) {
            unavailable("neither -D" + property + " nor $" + environmentVariable + " is set; run scripts/test.sh");
        }
        Path path = Path.of(value);
        if (!Files.isDirectory(path)) {
            unavailable(property + "=" + value + " is not a directory; run scripts/test.sh");
        }
        return path;
    }

    /** Skips the running test with {@code reason}, or fails it when the environment variable {@code CI} is true. */
    void unavailable(String reason) {
        String message = displayName + " peer unavailable: " + reason;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message + " (CI=true: a missing interop peer is a failure, not a skip)");
        }
        Assumptions.abort(message);
    }

    private static Path onPath(String executable) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, executable);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    @Override
    public String product() {
        return product;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
