/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.testcontainers;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.containers.wait.strategy.WaitAllStrategy;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standalone zmtp-netty SERVER ({@code zmtp-server/Dockerfile}) in a container, for tests that need a ZeroMQ
 * SERVER socket to talk to.
 *
 * <p>The server binds ZMTP on {@value #ZMTP_PORT} and serves Prometheus metrics and health on
 * {@value #METRICS_PORT}; both are exposed, and {@link #getZmtpEndpoint()}, {@link #getMetricsUrl()} and
 * {@link #getHealthUrl()} give the addresses to use from the test's host. The container counts as started when the
 * server has printed its {@code zmtp-server listening on} line and the lines that follow it at start (the
 * CURVE public key, the metrics address). By default it echoes every message back to its sender
 * with the NULL mechanism:
 *
 * <pre>{@code
 * try (ZmtpServerContainer server = new ZmtpServerContainer()) {
 *     server.start();
 *     String endpoint = server.getZmtpEndpoint();   // e.g. "tcp://localhost:32771"
 *     // connect a ZeroMQ CLIENT socket to endpoint ...
 * }
 * }</pre>
 *
 * <p>{@link #withPlainUsers}, {@link #withCurveSecretKey} and {@link #withCurveAllow} switch on PLAIN or CURVE (the
 * credentials are copied into the container as files); {@link #withHandler} picks the message handler and
 * {@link #withServerArguments} passes any other option of the server's command line ({@code --help} lists them).
 *
 * <p>The default image is {@value #DEFAULT_IMAGE_NAME} tagged with this library's version, which must exist
 * locally or in a registry the Docker engine can pull from; build it with the command at the top of the Dockerfile.
 */
public final class ZmtpServerContainer extends GenericContainer<ZmtpServerContainer> {

    /** The container port of the ZMTP endpoint. */
    public static final int ZMTP_PORT = 5555;

    /** The container port of {@code GET /metrics} (Prometheus text format) and {@code GET /health}. */
    public static final int METRICS_PORT = 9555;

    /** The image repository name the Dockerfile's build command tags. */
    public static final String DEFAULT_IMAGE_NAME = "zmtp-server";

    private static final String CONFIG_DIR = "/etc/zmtp-server/";
    private static final Pattern CURVE_PUBLIC_KEY = Pattern.compile("zmtp-server curve public key (\\S{40})");

    private String handler = "echo";
    private String mechanism = "null";
    private final Map<String, String> files = new LinkedHashMap<>();
    private final List<String> extraArguments = new ArrayList<>();

    /** A container of the {@linkplain #defaultImage() default image}. */
    public ZmtpServerContainer() {
        this(defaultImage());
    }

    /** A container of the image {@code imageName}, e.g. {@code "registry.example/zmtp-server:1.0"}. */
    public ZmtpServerContainer(String imageName) {
        this(DockerImageName.parse(imageName));
    }

    /** A container of the image {@code image}, which must be built from zmtp-netty's server Dockerfile. */
    public ZmtpServerContainer(DockerImageName image) {
        super(image);
        withExposedPorts(ZMTP_PORT, METRICS_PORT);
        // The listening line comes first, then the security lines (e.g. the CURVE public key), then the metrics line.
        waitingFor(new WaitAllStrategy(WaitAllStrategy.Mode.WITH_MAXIMUM_OUTER_TIMEOUT)
                .withStrategy(Wait.forLogMessage(".*zmtp-server listening on .*\\n", 1))
                .withStrategy(Wait.forLogMessage(".*zmtp-server metrics on .*\\n", 1))
                .withStartupTimeout(Duration.ofMinutes(1)));
    }

    /**
     * Selects the message handler: {@code echo} (the default: every message goes back to its sender),
     * {@code discard}, or the class name of a {@code io.zmtp.server.ZmtpMessageHandler} on the image's class path.
     */
    public ZmtpServerContainer withHandler(String handler) {
        this.handler = requireText(handler, "handler");
        return self();
    }

    /**
     * Switches the server to PLAIN and accepts exactly {@code users} (user name to password). The password file is
     * copied into the container; user names must not contain a colon or a line break, nor passwords a line break.
     */
    public ZmtpServerContainer withPlainUsers(Map<String, String> users) {
        Objects.requireNonNull(users, "users");
        if (users.isEmpty()) {
            throw new IllegalArgumentException("PLAIN needs at least one user");
        }
        StringBuilder lines = new StringBuilder();
        users.forEach((user, password) -> {
            requireText(user, "user name");
            Objects.requireNonNull(password, "password");
            if (user.contains(":") || user.contains("\n") || password.contains("\n")) {
                throw new IllegalArgumentException("a user name may not contain ':' or a line break, "
                        + "nor a password a line break");
            }
            lines.append(user).append(':').append(password).append('\n');
        });
        mechanism = "plain";
        files.put("plain-users", lines.toString());
        return self();
    }

    /**
     * Switches the server to CURVE with the long-term secret key {@code z85SecretKey} (40 Z85 characters, e.g. the
     * {@code secret:} line of {@code zmtp-server keygen}). The key is copied into the container as a file. Unless
     * {@link #withCurveAllow} is also called, any client key is accepted.
     */
    public ZmtpServerContainer withCurveSecretKey(String z85SecretKey) {
        files.put("curve-secret-key", "secret: " + requireZ85Key(z85SecretKey, "secret key") + "\n");
        mechanism = "curve";
        return self();
    }

    /** With CURVE, accepts only clients whose long-term public key is one of {@code z85PublicKeys}. */
    public ZmtpServerContainer withCurveAllow(Collection<String> z85PublicKeys) {
        Objects.requireNonNull(z85PublicKeys, "z85PublicKeys");
        StringBuilder lines = new StringBuilder();
        for (String key : z85PublicKeys) {
            lines.append(requireZ85Key(key, "client public key")).append('\n');
        }
        files.put("curve-allow", lines.toString());
        return self();
    }

    /**
     * Appends options to the server's command line, after those this class sets, e.g.
     * {@code withServerArguments("--sndhwm", "100", "--heartbeat-interval", "1s")}.
     */
    public ZmtpServerContainer withServerArguments(String... arguments) {
        for (String argument : arguments) {
            extraArguments.add(Objects.requireNonNull(argument, "argument"));
        }
        return self();
    }

    /**
     * Returns the server's command line as configured so far: the binds on all container interfaces, the handler,
     * the mechanism and its files, then the {@linkplain #withServerArguments extra arguments}.
     *
     * @throws IllegalStateException if {@link #withCurveAllow} was called without {@link #withCurveSecretKey}
     */
    public List<String> serverArguments() {
        if (files.containsKey("curve-allow") && !"curve".equals(mechanism)) {
            throw new IllegalStateException("withCurveAllow needs withCurveSecretKey: the server is not CURVE");
        }
        List<String> arguments = new ArrayList<>(List.of(
                "--bind", "tcp://0.0.0.0:" + ZMTP_PORT,
                "--metrics-bind", "0.0.0.0:" + METRICS_PORT,
                "--handler", handler,
                "--mechanism", mechanism));
        if (files.containsKey("plain-users")) {
            arguments.addAll(List.of("--plain-users", CONFIG_DIR + "plain-users"));
        }
        if (files.containsKey("curve-secret-key")) {
            arguments.addAll(List.of("--curve-secret-key-file", CONFIG_DIR + "curve-secret-key"));
        }
        if (files.containsKey("curve-allow")) {
            arguments.addAll(List.of("--curve-allow", CONFIG_DIR + "curve-allow"));
        }
        arguments.addAll(extraArguments);
        return arguments;
    }

    @Override
    protected void configure() {
        setCommand(serverArguments().toArray(String[]::new));
        files.forEach((name, content) -> withCopyToContainer(
                Transferable.of(content.getBytes(StandardCharsets.UTF_8), 0444), CONFIG_DIR + name));
    }

    /** Returns the ZMTP endpoint to connect to from the test's host, e.g. {@code tcp://localhost:32771}. */
    public String getZmtpEndpoint() {
        return "tcp://" + getHost() + ":" + getMappedPort(ZMTP_PORT);
    }

    /** Returns the URL of the server's Prometheus metrics as seen from the test's host. */
    public String getMetricsUrl() {
        return "http://" + getHost() + ":" + getMappedPort(METRICS_PORT) + "/metrics";
    }

    /** Returns the URL of the server's health check as seen from the test's host. */
    public String getHealthUrl() {
        return "http://" + getHost() + ":" + getMappedPort(METRICS_PORT) + "/health";
    }

    /**
     * Returns the server's CURVE public key in Z85, as the started server printed it; the key clients must be given
     * as the server key.
     *
     * @throws IllegalStateException if the container is not running CURVE
     */
    public String getCurvePublicKey() {
        Matcher matcher = CURVE_PUBLIC_KEY.matcher(getLogs());
        if (!matcher.find()) {
            throw new IllegalStateException("the server printed no CURVE public key (is it running with "
                    + "withCurveSecretKey?)");
        }
        return matcher.group(1);
    }

    /** Returns {@value #DEFAULT_IMAGE_NAME}{@code :}{@link #libraryVersion()}, the image this library's build makes. */
    public static DockerImageName defaultImage() {
        return DockerImageName.parse(DEFAULT_IMAGE_NAME).withTag(libraryVersion());
    }

    /** Returns the version of this library, which is also the tag of the image its build produces. */
    public static String libraryVersion() {
        try (InputStream in = ZmtpServerContainer.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties is missing from zmtp-testcontainers");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String requireText(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }

    private static String requireZ85Key(String key, String what) {
        Objects.requireNonNull(key, what);
        String trimmed = key.strip();
        if (trimmed.length() != 40) {
            // Never echo the key: it may be a secret.
            throw new IllegalArgumentException("a CURVE " + what + " is 40 Z85 characters, got "
                    + trimmed.length());
        }
        return trimmed;
    }
}
