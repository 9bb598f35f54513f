/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.client.cli;

import io.zmtp.client.ZmtpClient;
import io.zmtp.client.ZmtpClientOptions;
import io.zmtp.codec.transport.InvalidEndpointException;
import io.zmtp.socket.WouldBlockException;
import io.zmtp.socket.internal.CommandLineValues;
import io.zmtp.socket.internal.StandaloneDefaults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code zmtp-client} command line: {@code send} sends messages to CLIENT/SERVER endpoints as a ZeroMQ CLIENT,
 * optionally waiting for one reply per message.
 *
 * <pre>
 * java -jar zmtp-client-VERSION-standalone.jar send --connect tcp://127.0.0.1:5555 --reply hello world
 * printf 'a\nb\n' | java -jar zmtp-client-VERSION-standalone.jar send --connect tcp://127.0.0.1:5555
 * </pre>
 *
 * Exit status: {@value #EXIT_OK} when every message was sent (and answered, with {@code --reply});
 * {@value #EXIT_TIMEOUT} when a send or a reply timed out; {@value #EXIT_USAGE} on bad arguments. Errors are one
 * line on standard error, without a stack trace.
 */
@Command(name = "zmtp-client", mixinStandardHelpOptions = true, versionProvider = ZmtpClientMain.Version.class,
        description = "Talks to ZeroMQ SERVER sockets as a CLIENT (ZMTP 3.1).",
        subcommands = ZmtpClientMain.Send.class)
public final class ZmtpClientMain implements Callable<Integer> {

    /** Everything was sent (and answered). */
    public static final int EXIT_OK = 0;
    /** A send or a reply timed out. */
    public static final int EXIT_TIMEOUT = 1;
    /** Bad arguments. */
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        StandaloneDefaults.apply();
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status; for tests and embedding. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), args);
    }

    /** Runs the command line with the given output and error streams and returns its exit status. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        quietLogging();
        CommandLine cli = new CommandLine(new ZmtpClientMain()).setOut(out).setErr(err);
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("zmtp-client: " + e.getMessage() + " (see --help)");
            err.flush();
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof InvalidEndpointException || e instanceof IllegalArgumentException) {
                err.println("zmtp-client: " + e.getMessage());
                err.flush();
                return EXIT_USAGE;
            }
            err.println("zmtp-client: " + e);
            err.flush();
            return EXIT_TIMEOUT;
        });
        return cli.execute(args);
    }

    private static void quietLogging() {
        if (System.getProperty("java.util.logging.config.file") == null) {
            Logger.getLogger("").setLevel(Level.SEVERE);
        }
    }

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("zmtp-client: missing command (see --help)");
        return EXIT_USAGE;
    }

    /** {@code send}: one message per argument or per line of standard input. */
    @Command(name = "send", mixinStandardHelpOptions = true, versionProvider = ZmtpClientMain.Version.class,
            description = "Sends each MESSAGE (or each line of standard input when none is given) as one message, "
                    + "round-robin over the endpoints; with --reply prints one reply line per message.")
    static final class Send implements Callable<Integer> {

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--connect", required = true, paramLabel = "ENDPOINT",
                description = "Endpoint to connect to, e.g. tcp://127.0.0.1:5555; repeat for several.")
        private List<String> endpoints = new ArrayList<>();

        @Option(names = "--reply", description = "Wait for one reply per message and print it as a line.")
        private boolean reply;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s",
                converter = DurationConverter.class,
                description = "How long each send and each reply may wait, e.g. 500ms, 5s, 1m (default: 5s).")
        private Duration timeout;

        @Option(names = "--plain-user", paramLabel = "NAME", description = "PLAIN user name (with --plain-password).")
        private String plainUser;

        @Option(names = "--plain-password", paramLabel = "PW", description = "PLAIN password (with --plain-user).")
        private String plainPassword;

        @Option(names = "--curve-server-key", paramLabel = "Z85",
                description = "CURVE: the server's public key; selects CURVE.")
        private String curveServerKey;

        @Option(names = "--curve-secret-key-file", paramLabel = "FILE",
                description = "CURVE: file holding our secret key as a 'secret: <Z85>' line, as zmtp-server keygen "
                        + "writes it (default: a new key pair for this run).")
        private java.nio.file.Path curveSecretKeyFile;

        @Parameters(paramLabel = "MESSAGE", arity = "0..*", description = "Messages to send (UTF-8).")
        private List<String> messages = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            for (String endpoint : endpoints) {
                ZmtpClient.builder().connect(endpoint); // validates before anything starts
            }
            ZmtpClientOptions options = ZmtpClientOptions.builder()
                    .codecOptions(io.zmtp.codec.ZmtpCodecOptions.builder().mechanism(mechanism()).build())
                    .reconnectIntervalMax(Duration.ofMillis(500))
                    .connectTimeout(Duration.ofSeconds(5))
                    .linger(Duration.ZERO)
                    .build();
            ZmtpClient.Builder builder = ZmtpClient.builder().options(options);
            endpoints.forEach(builder::connect);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try (ZmtpClient client = builder.build()) {
                if (!messages.isEmpty()) {
                    for (String message : messages) {
                        Integer failed = sendOne(client, message, out, err);
                        if (failed != null) {
                            return failed;
                        }
                    }
                } else {
                    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                    String line;
                    while ((line = in.readLine()) != null) {
                        Integer failed = sendOne(client, line, out, err);
                        if (failed != null) {
                            return failed;
                        }
                    }
                }
                if (!client.awaitWritten(timeout)) {
                    err.println("zmtp-client: timed out after " + human(timeout) + ": " + client.unsentMessages()
                            + " message(s) not written to " + String.join(", ", endpoints));
                    err.flush();
                    return EXIT_TIMEOUT;
                }
                return EXIT_OK;
            }
        }

        /** Returns the mechanism the options select: NULL, PLAIN or CURVE; bad combinations are usage errors. */
        private io.zmtp.codec.mechanism.ZmtpMechanism mechanism() {
            boolean plain = plainUser != null || plainPassword != null;
            boolean curve = curveServerKey != null || curveSecretKeyFile != null;
            if (plain && curve) {
                throw new IllegalArgumentException("choose PLAIN (--plain-user/--plain-password) or CURVE "
                        + "(--curve-server-key), not both");
            }
            if (plain) {
                if (plainUser == null || plainPassword == null) {
                    throw new IllegalArgumentException("PLAIN needs both --plain-user and --plain-password");
                }
                return io.zmtp.codec.mechanism.ZmtpPlainMechanism.client(plainUser, plainPassword);
            }
            if (curve) {
                if (curveServerKey == null) {
                    throw new IllegalArgumentException("--curve-secret-key-file needs --curve-server-key");
                }
                byte[] serverKey = io.zmtp.codec.mechanism.ZmtpCurveKeyPair.decodePublicKeyZ85(curveServerKey);
                if (curveSecretKeyFile == null) {
                    return io.zmtp.codec.mechanism.ZmtpCurveMechanism.client(serverKey);
                }
                try {
                    return io.zmtp.codec.mechanism.ZmtpCurveMechanism.client(serverKey,
                            io.zmtp.codec.mechanism.ZmtpCurveKeyPair.readSecretKeyFile(curveSecretKeyFile));
                } catch (java.io.IOException e) {
                    throw new IllegalArgumentException("cannot read " + curveSecretKeyFile + ": " + e, e);
                }
            }
            return io.zmtp.codec.mechanism.ZmtpNullMechanism.INSTANCE;
        }

        /** Sends one message (and prints its reply); returns null on success or the exit status. */
        private Integer sendOne(ZmtpClient client, String message, PrintWriter out, PrintWriter err)
                throws InterruptedException {
            try {
                client.send(message.getBytes(StandardCharsets.UTF_8), timeout);
            } catch (WouldBlockException e) {
                err.println("zmtp-client: timed out after " + human(timeout) + " sending to "
                        + String.join(", ", endpoints) + ": " + e.getMessage());
                err.flush();
                return EXIT_TIMEOUT;
            }
            if (reply) {
                byte[] answer = client.receiveBytes(timeout);
                if (answer == null) {
                    err.println("zmtp-client: timed out after " + human(timeout) + " waiting for a reply");
                    err.flush();
                    return EXIT_TIMEOUT;
                }
                out.println(new String(answer, StandardCharsets.UTF_8));
                out.flush();
            }
            return null;
        }
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    /** Parses a duration as every command-line tool does ({@link CommandLineValues#parseDuration}). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return CommandLineValues.parseDuration(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Prints the project version from the filtered {@code version.properties}, else the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"zmtp-client " + version()};
        }

        static String version() {
            try (InputStream in = ZmtpClientMain.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    Properties p = new Properties();
                    p.load(in);
                    String v = p.getProperty("version");
                    if (v != null && !v.startsWith("${")) {
                        return v;
                    }
                }
            } catch (IOException e) {
                // fall through to the manifest
            }
            String v = ZmtpClientMain.class.getPackage().getImplementationVersion();
            return v != null ? v : "unknown";
        }
    }
}
