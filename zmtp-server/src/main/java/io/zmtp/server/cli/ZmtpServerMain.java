/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.zmtp.codec.ZmtpCodecOptions;
import io.zmtp.codec.ZmtpHandshakeFailureReason;
import io.zmtp.codec.transport.ZmtpEndpoint;
import io.zmtp.server.ZmtpMessageHandler;
import io.zmtp.server.ZmtpServer;
import io.zmtp.server.ZmtpServerListener;
import io.zmtp.server.ZmtpServerOptions;
import io.zmtp.socket.internal.NettyTransports;
import io.zmtp.socket.internal.StandaloneDefaults;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The standalone ZMTP SERVER: binds the given endpoints, answers every CLIENT with the chosen handler, and serves
 * Prometheus metrics over HTTP. Prints one line per bound endpoint on stdout, logs connection events through
 * SLF4J on stderr, exits 2 with a one-line error on bad arguments or a port in use, and closes gracefully (exit
 * 0) on SIGTERM or Ctrl-C.
 */
@Command(name = "zmtp-server", mixinStandardHelpOptions = true, versionProvider = ZmtpServerMain.Version.class,
        sortOptions = false, usageHelpAutoWidth = true, subcommands = KeygenCommand.class,
        description = "Serves ZMTP 3.1 (the ZeroMQ wire protocol) as a SERVER socket to any ZeroMQ CLIENT.")
public final class ZmtpServerMain implements Callable<Integer> {

    /** Exit code for bad arguments, an endpoint that cannot be bound, or a handler that cannot be loaded. */
    static final int EXIT_USAGE = 2;

    private static final Logger log = LoggerFactory.getLogger("zmtp-server");

    @Option(names = "--bind", paramLabel = "ENDPOINT", defaultValue = "tcp://127.0.0.1:5555",
            description = "Endpoint to listen on; repeatable (default: ${DEFAULT-VALUE}). Port 0 picks a free port.")
    List<String> bind = new ArrayList<>();

    @Option(names = "--handler", paramLabel = "echo|discard|CLASS", defaultValue = "echo",
            description = "What to do with each message: echo it to its sender, discard it, or pass it to a class "
                    + "implementing io.zmtp.server.ZmtpMessageHandler (default: ${DEFAULT-VALUE}).")
    String handler;

    @Option(names = "--metrics-bind", paramLabel = "HOST:PORT|off", defaultValue = "127.0.0.1:9555",
            description = "Where to serve GET /metrics (Prometheus) and GET /health; off disables "
                    + "(default: ${DEFAULT-VALUE}).")
    String metricsBind;

    @Option(names = "--mechanism", paramLabel = "null|plain|curve", defaultValue = "null",
            description = "Security mechanism (default: ${DEFAULT-VALUE}).")
    String mechanism;

    @Option(names = "--plain-users", paramLabel = "FILE",
            description = "PLAIN: file of user:password lines; required with --mechanism plain.")
    java.nio.file.Path plainUsers;

    @Option(names = "--curve-secret-key-file", paramLabel = "FILE",
            description = "CURVE: file holding the server's secret key as a 'secret: <Z85>' line, as the keygen "
                    + "command writes it; required with --mechanism curve. The public key is printed at start.")
    java.nio.file.Path curveSecretKeyFile;

    @Option(names = "--curve-allow", paramLabel = "FILE",
            description = "CURVE: file of allowed client public keys, Z85, one a line (default: any client key).")
    java.nio.file.Path curveAllow;

    @Option(names = "--sndhwm", paramLabel = "N", description = "Messages queued per peer before sends wait; "
            + "0 = no limit (default: " + ZmtpServerOptions.DEFAULT_HWM + ").")
    Integer sndhwm;

    @Option(names = "--rcvhwm", paramLabel = "N", description = "Messages waiting per peer before the peer stops "
            + "being read; 0 = no limit (default: " + ZmtpServerOptions.DEFAULT_HWM + ").")
    Integer rcvhwm;

    @Option(names = "--sndhwm-bytes", paramLabel = "BYTES", converter = SizeConverter.class,
            description = "Message octets queued per peer before sends wait (default: 16m).")
    Long sndhwmBytes;

    @Option(names = "--rcvhwm-bytes", paramLabel = "BYTES", converter = SizeConverter.class,
            description = "Message octets waiting per peer before the peer stops being read (default: 16m).")
    Long rcvhwmBytes;

    @Option(names = "--max-queued-bytes", paramLabel = "BYTES", converter = SizeConverter.class,
            description = "Message octets the server holds waiting to be received, and again queued to peers; past "
                    + "it peers stop being read, and the peer holding the most unsent octets that reads none is "
                    + "disconnected (default: an eighth of the maximum heap, at least 16m).")
    Long maxQueuedBytes;
    @Option(names = "--max-handshakes", paramLabel = "N", description = "Connections in handshake at once; one more "
            + "is closed as soon as it is accepted (default: " + ZmtpServerOptions.DEFAULT_MAX_HANDSHAKES + ").")
    Integer maxHandshakes;

    @Option(names = "--max-message-size", paramLabel = "BYTES", converter = SizeConverter.class,
            description = "Largest message accepted; also bounds each frame (default: 16m).")
    Long maxMessageSize;

    @Option(names = "--handshake-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Time a peer has to complete its handshake; 0 = none (default: 30s).")
    Duration handshakeTimeout;

    @Option(names = "--heartbeat-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Send PING on connections idle this long; 0 = off (default: 0).")
    Duration heartbeatInterval;

    @Option(names = "--heartbeat-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Close a connection silent this long after a PING (default: the interval).")
    Duration heartbeatTimeout;

    @Option(names = "--heartbeat-ttl", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "TTL announced in our PINGs; keep it under 65s for libzmq peers (default: 0).")
    Duration heartbeatTtl;

    private final CountDownLatch stopped = new CountDownLatch(1);

    /** Runs the server; the exit code tells how it ended. */
    public static void main(String[] args) {
        StandaloneDefaults.apply();
        int code = commandLine().execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new ZmtpServerMain());
        cmd.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("zmtp-server: " + ex.getMessage() + " (see --help)");
            err.flush();
            return EXIT_USAGE;
        });
        cmd.setExecutionExceptionHandler((ex, command, parseResult) -> {
            PrintWriter err = command.getErr();
            err.println("zmtp-server: " + ex.getMessage());
            err.flush();
            return EXIT_USAGE;
        });
        return cmd;
    }

    /** The mechanism and what to print about it at start. */
    private record Security(io.zmtp.codec.mechanism.ZmtpMechanism mechanism, List<String> lines) {
    }

    private Security security() throws java.io.IOException {
        switch (mechanism) {
            case "null":
                requireAbsent("--plain-users", plainUsers, "plain");
                requireAbsent("--curve-secret-key-file", curveSecretKeyFile, "curve");
                requireAbsent("--curve-allow", curveAllow, "curve");
                return new Security(io.zmtp.codec.mechanism.ZmtpNullMechanism.INSTANCE, List.of());
            case "plain":
                if (plainUsers == null) {
                    throw new IllegalArgumentException("--mechanism plain needs --plain-users FILE");
                }
                requireAbsent("--curve-secret-key-file", curveSecretKeyFile, "curve");
                requireAbsent("--curve-allow", curveAllow, "curve");
                io.zmtp.codec.mechanism.ZmtpPlainPasswordFile users =
                        io.zmtp.codec.mechanism.ZmtpPlainPasswordFile.read(plainUsers);
                return new Security(io.zmtp.codec.mechanism.ZmtpPlainMechanism.server(users),
                        List.of("zmtp-server plain users " + users.size()));
            case "curve":
                if (curveSecretKeyFile == null) {
                    throw new IllegalArgumentException("--mechanism curve needs --curve-secret-key-file FILE "
                            + "(create one with: zmtp-server keygen)");
                }
                requireAbsent("--plain-users", plainUsers, "plain");
                io.zmtp.codec.mechanism.ZmtpCurveKeyPair keys =
                        io.zmtp.codec.mechanism.ZmtpCurveKeyPair.readSecretKeyFile(curveSecretKeyFile);
                List<String> lines = new ArrayList<>();
                lines.add("zmtp-server curve public key " + keys.publicKeyZ85());
                io.zmtp.codec.mechanism.ZmtpAuthenticator authenticator;
                if (curveAllow == null) {
                    authenticator = io.zmtp.codec.mechanism.ZmtpAuthenticator.ALLOW_ALL;
                    lines.add("zmtp-server curve accepts any client key (no --curve-allow)");
                } else {
                    io.zmtp.codec.mechanism.ZmtpCurveAllowList allow =
                            io.zmtp.codec.mechanism.ZmtpCurveAllowList.read(curveAllow);
                    authenticator = allow;
                    lines.add("zmtp-server curve accepts " + allow.size() + " client key(s) from " + curveAllow);
                }
                return new Security(io.zmtp.codec.mechanism.ZmtpCurveMechanism.server(keys, authenticator), lines);
            default:
                throw new IllegalArgumentException("--mechanism '" + mechanism + "' (expected: null, plain or curve)");
        }
    }

    private static void requireAbsent(String option, Object value, String mechanism) {
        if (value != null) {
            throw new IllegalArgumentException(option + " needs --mechanism " + mechanism);
        }
    }

    @Override
    public Integer call() throws Exception {
        Security security;
        try {
            security = security();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read " + e.getMessage(), e);
        }
        ZmtpServerOptions options = options(security.mechanism());
        ZmtpMessageHandler messageHandler = loadHandler(handler);
        InetSocketAddress metricsAddress = metricsAddress(metricsBind);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(0, NettyTransports.ioHandlerFactory());
        ZmtpServer server = null;
        MetricsHttpServer metrics = null;
        try {
            ZmtpServer.Builder builder = ZmtpServer.builder().options(options).eventLoopGroup(group)
                    .meterRegistry(registry).listener(new LoggingListener()).messageHandler(messageHandler);
            bind.forEach(builder::bind);
            server = builder.build();
            if (metricsAddress != null) {
                metrics = MetricsHttpServer.start(group, metricsAddress, registry);
            }
        } catch (RuntimeException e) {
            close(server, metrics, group);
            throw e;
        }
        for (ZmtpEndpoint endpoint : server.endpoints()) {
            System.out.println("zmtp-server listening on " + endpoint);
        }
        security.lines().forEach(System.out::println);
        if (metrics != null) {
            InetSocketAddress a = metrics.localAddress();
            System.out.println("zmtp-server metrics on http://" + hostForUrl(a) + ":" + a.getPort() + "/metrics");
        }
        System.out.flush();
        log.info("serving with handler {} over the {} transport, {}", handler, NettyTransports.defaultTransport(),
                options);
        ZmtpServer runningServer = server;
        MetricsHttpServer runningMetrics = metrics;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down");
            close(runningServer, runningMetrics, group);
            stopped.countDown();
            System.out.flush();
            Runtime.getRuntime().halt(0);
        }, "zmtp-server-shutdown"));
        stopped.await();
        return 0;
    }

    ZmtpServerOptions options(io.zmtp.codec.mechanism.ZmtpMechanism mechanism) {
        ZmtpServerOptions.Builder b = ZmtpServerOptions.builder();
        ZmtpCodecOptions.Builder codec = ZmtpCodecOptions.builder().mechanism(mechanism);
        try {
            if (sndhwm != null) {
                b.sendHighWaterMark(sndhwm);
            }
            if (rcvhwm != null) {
                b.receiveHighWaterMark(rcvhwm);
            }
            if (sndhwmBytes != null) {
                b.sendHighWaterBytes(sndhwmBytes);
            }
            if (rcvhwmBytes != null) {
                b.receiveHighWaterBytes(rcvhwmBytes);
            }
            if (maxQueuedBytes != null) {
                b.maxQueuedBytes(maxQueuedBytes);
            }
            if (maxHandshakes != null) {
                b.maxHandshakes(maxHandshakes);
            }
            if (maxMessageSize != null) {
                codec.maxMessageSize(maxMessageSize).maxFrameSize((int) Math.min(Integer.MAX_VALUE, maxMessageSize));
            }
            if (handshakeTimeout != null) {
                codec.handshakeTimeout(handshakeTimeout);
            }
            if (heartbeatInterval != null) {
                codec.heartbeatInterval(heartbeatInterval);
            }
            if (heartbeatTimeout != null) {
                codec.heartbeatTimeout(heartbeatTimeout);
            }
            if (heartbeatTtl != null) {
                codec.heartbeatTtl(heartbeatTtl);
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
        return b.codecOptions(codec.build()).build();
    }

    static ZmtpMessageHandler loadHandler(String name) {
        switch (name) {
            case "echo":
                return new EchoHandler();
            case "discard":
                return new DiscardHandler();
            default:
                try {
                    Class<?> type = Class.forName(name, true, Thread.currentThread().getContextClassLoader());
                    if (!ZmtpMessageHandler.class.isAssignableFrom(type)) {
                        throw new IllegalArgumentException("--handler " + name + " does not implement "
                                + ZmtpMessageHandler.class.getName());
                    }
                    return (ZmtpMessageHandler) type.getConstructor().newInstance();
                } catch (ClassNotFoundException e) {
                    throw new IllegalArgumentException("--handler " + name
                            + ": no such class on the classpath (expected echo, discard or a class name)");
                } catch (ReflectiveOperationException e) {
                    throw new IllegalArgumentException("--handler " + name + ": cannot create it with a public "
                            + "no-argument constructor: " + e);
                }
        }
    }

    static InetSocketAddress metricsAddress(String value) {
        if (value.equals("off")) {
            return null;
        }
        int colon = value.lastIndexOf(':');
        String host = colon > 0 ? value.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(value.substring(colon + 1));
            if (host.isEmpty() || port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(host, port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--metrics-bind '" + value + "' is not HOST:PORT or off");
        }
    }

    private static String hostForUrl(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static void close(ZmtpServer server, MetricsHttpServer metrics, EventLoopGroup group) {
        if (metrics != null) {
            metrics.close();
        }
        if (server != null) {
            server.close();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Logs connection events at INFO. */
    private static final class LoggingListener implements ZmtpServerListener {
        @Override
        public void peerConnected(int routingId, SocketAddress remoteAddress) {
            log.info("peer {} connected from {}", Integer.toUnsignedString(routingId), remoteAddress);
        }

        @Override
        public void handshakeFailed(SocketAddress remoteAddress, ZmtpHandshakeFailureReason reason, String message) {
            log.info("handshake with {} failed ({}): {}", remoteAddress, reason.tagValue(), message);
        }

        @Override
        public void peerDisconnected(int routingId, SocketAddress remoteAddress, int undelivered) {
            if (undelivered > 0) {
                log.info("peer {} ({}) disconnected; {} queued messages could not be delivered",
                        Integer.toUnsignedString(routingId), remoteAddress, undelivered);
            } else {
                log.info("peer {} ({}) disconnected", Integer.toUnsignedString(routingId), remoteAddress);
            }
        }
    }

    /** Converts {@code 30s}-style durations. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return Converters.parseDuration(value);
        }
    }

    /** Converts {@code 16m}-style sizes. */
    static final class SizeConverter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return Converters.parseSize(value);
        }
    }

    /** Reports the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ZmtpServerMain.class.getPackage().getImplementationVersion();
            return new String[] {"zmtp-server " + (version != null ? version : "(development build)")};
        }
    }
}
