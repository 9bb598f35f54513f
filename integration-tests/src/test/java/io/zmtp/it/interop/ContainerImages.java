/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.it.interop;

import com.github.dockerjava.api.exception.NotFoundException;
import io.zmtp.testcontainers.ZmtpServerContainer;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.ImagePullPolicy;
import org.testcontainers.utility.DockerImageName;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The images the container tests run, which {@code scripts/test.sh} builds ({@code scripts/docker/docker-env.sh})
 * and names in system properties: our server ({@code zmtp-server/Dockerfile}) and libzmq-draft with our C peers
 * ({@code integration-tests/peers/Dockerfile}).
 *
 * <p>No Docker engine, or an image that is not there, skips the test with a one-line reason, except under
 * {@code CI=true}, where it fails the test. Images are never pulled: they are built locally, and a registry may
 * not be reachable (a pull would then only fail after minutes).
 */
final class ContainerImages {

    /** Never pulls: every image the tests use is built locally. */
    static final ImagePullPolicy NEVER_PULL = image -> false;

    private ContainerImages() {
    }

    /** Our standalone server's image: {@code -Dzmtp.docker.serverImage}, else the library's default image. */
    static DockerImageName server() {
        String name = System.getProperty("zmtp.docker.serverImage");
        return available(name == null || name.isBlank() ? ZmtpServerContainer.defaultImage()
                : DockerImageName.parse(name));
    }

    /** libzmq 4.3.4 with drafts and our C peers: {@code -Dzmtp.docker.peerImage}. */
    static DockerImageName libzmqPeer() {
        String name = System.getProperty("zmtp.docker.peerImage", "zmtp-libzmq-peer:4.3.4-draft");
        return available(DockerImageName.parse(name));
    }

    private static DockerImageName available(DockerImageName image) {
        if (Files.exists(Path.of("/.dockerenv")) && !"true".equals(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))
                || Files.exists(Path.of("/.dockerenv")) && System.getenv("TESTCONTAINERS_HOST_OVERRIDE") == null) {
            // Inside a container Testcontainers would pull helper images (its reaper, and one that finds the
            // gateway) and, with no registry, hang for minutes: scripts/test.sh sets both variables.
            unavailable("running inside a container without TESTCONTAINERS_RYUK_DISABLED=true and "
                    + "TESTCONTAINERS_HOST_OVERRIDE in the environment; scripts/test.sh sets them");
        }
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            unavailable("no Docker engine is reachable; scripts/test.sh starts one");
        }
        try {
            DockerClientFactory.instance().client().inspectImageCmd(image.asCanonicalNameString()).exec();
        } catch (NotFoundException e) {
            unavailable("image " + image.asCanonicalNameString() + " is not built; scripts/test.sh builds it");
        }
        return image;
    }

    private static void unavailable(String reason) {
        String message = "container test skipped: " + reason;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message + " (CI=true: the container tests must run)");
        }
        Assumptions.abort(message);
    }
}
