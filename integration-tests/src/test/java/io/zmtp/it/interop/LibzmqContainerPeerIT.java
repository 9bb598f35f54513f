/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.it.interop;

import io.zmtp.codec.ZmtpCodecOptions;
import io.zmtp.codec.mechanism.ZmtpAuthenticator;
import io.zmtp.codec.mechanism.ZmtpCurveMechanism;
import io.zmtp.it.report.InteropCell;
import io.zmtp.server.ZmtpServer;
import io.zmtp.server.ZmtpServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * libzmq 4.3.4 with drafts, running our C CLIENT peer in containers (image from
 * {@code integration-tests/peers/Dockerfile}), against our {@link ZmtpServer} on the host. The containers share the
 * host's network, so they reach a server bound to 127.0.0.1 only.
 */
@Timeout(300)
class LibzmqContainerPeerIT {

    private static final int MESSAGES_PER_PEER = 1_000;
    private static final Duration PEER_RUN_LIMIT = Duration.ofMinutes(3);
    private static final String EXPECTED = "ok: " + MESSAGES_PER_PEER + " messages, "
            + PayloadPattern.totalBytes(MESSAGES_PER_PEER) + " bytes echoed byte for byte";
    private static final String STDOUT_MARK = "\n--- stdout\n";
    private static final String STDERR_MARK = "\n--- stderr\n";

    private final CountingEcho echo = new CountingEcho();

    @InteropCell(peer = "libzmq", version = "4.3.4 (drafts)", runs = "container",
            role = "CLIENT ×2 (container) → our ZmtpServer (host)")
    @Test
    void twoContainerizedLibzmqClientsAtOnceGetEveryPayloadSizeEchoedByteForByteByOurServerOnTheHost() {
        DockerImageName image = ContainerImages.libzmqPeer();
        try (ZmtpServer server = echoServer(ZmtpServerOptions.defaults())) {
            String endpoint = server.endpoints().get(0).toString();
            // Different seeds: a reply routed to the wrong peer fails that peer's byte-for-byte check.
            List<GenericContainer<?>> peers = List.of(
                    clientPeer(image, "--mechanism", "null", "--connect", endpoint, "--seed", "11"),
                    clientPeer(image, "--mechanism", "null", "--connect", endpoint, "--seed", "22"));
            List<String> outputs = runToCompletion(peers);

            for (String output : outputs) {
                assertEquals(EXPECTED, stdout(output), output);
            }
            echo.assertPeersEachSent(2, MESSAGES_PER_PEER);
        }
    }

    @InteropCell(peer = "libzmq", version = "4.3.4 (drafts)", runs = "container",
            role = "CLIENT (container) → our ZmtpServer (host)", mechanism = "CURVE")
    @Test
    void aContainerizedLibzmqCurveClientIsServedByOurCurveServerOnTheHost() {
        DockerImageName image = ContainerImages.libzmqPeer();
        ZmtpServerOptions curve = ZmtpServerOptions.builder()
                .codecOptions(ZmtpCodecOptions.builder()
                        .mechanism(ZmtpCurveMechanism.server(TestKeys.serverKeys(), ZmtpAuthenticator.ALLOW_ALL))
                        .build())
                .build();
        try (ZmtpServer server = echoServer(curve)) {
            GenericContainer<?> peer = clientPeer(image, "--mechanism", "curve",
                    "--connect", server.endpoints().get(0).toString(), "--seed", "33",
                    "--curve-server-key", TestKeys.SERVER_PUBLIC,
                    "--curve-public-key", TestKeys.CLIENT_PUBLIC, "--curve-secret-key", TestKeys.CLIENT_SECRET);
            String output = runToCompletion(List.of(peer)).get(0);

            assertEquals(EXPECTED, stdout(output), output);
        }
    }

    /** A container running {@code zmtp_client_peer} with the matrix's sizes and count, on the host's network. */
    private static GenericContainer<?> clientPeer(DockerImageName image, String... arguments) {
        List<String> command = new ArrayList<>(List.of("zmtp_client_peer", "--count",
                String.valueOf(MESSAGES_PER_PEER), "--sizes", PayloadPattern.SIZES_ARGUMENT, "--window", "8"));
        command.addAll(List.of(arguments));
        return new GenericContainer<>(image)
                .withImagePullPolicy(ContainerImages.NEVER_PULL)
                .withNetworkMode("host")
                .withCommand(command.toArray(String[]::new))
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(PEER_RUN_LIMIT));
    }

    /**
     * Starts {@code peers} together, waits until each has exited 0 and returns what each printed (its command, then
     * its stdout after a line {@code --- stdout}, then its stderr); a failure carries the peers' output.
     */
    private static List<String> runToCompletion(List<GenericContainer<?>> peers) {
        try {
            Startables.deepStart(peers).join();
            return peers.stream().map(LibzmqContainerPeerIT::describe).toList();
        } catch (CompletionException e) {
            StringBuilder output = new StringBuilder("a containerized libzmq peer failed: " + e.getCause());
            for (GenericContainer<?> peer : peers) {
                output.append("\n").append(describe(peer));
            }
            throw new AssertionError(output.toString(), e.getCause());
        } finally {
            peers.forEach(GenericContainer::stop);
        }
    }

    private static String describe(GenericContainer<?> peer) {
        String logs;
        try {
            logs = STDOUT_MARK + peer.getLogs(OutputFrame.OutputType.STDOUT) + STDERR_MARK
                    + peer.getLogs(OutputFrame.OutputType.STDERR);
        } catch (RuntimeException e) {
            logs = "(no logs: " + e + ")";
        }
        return String.join(" ", peer.getCommandParts()) + logs;
    }

    /** The stdout part of what {@link #describe} returns. */
    private static String stdout(String described) {
        int start = described.indexOf(STDOUT_MARK);
        int end = described.indexOf(STDERR_MARK);
        return start < 0 || end < 0 ? "" : described.substring(start + STDOUT_MARK.length(), end).strip();
    }

    private ZmtpServer echoServer(ZmtpServerOptions options) {
        return ZmtpServer.builder()
                .bind("tcp://127.0.0.1:0")
                .options(options)
                .messageHandler(echo)
                .build();
    }
}
