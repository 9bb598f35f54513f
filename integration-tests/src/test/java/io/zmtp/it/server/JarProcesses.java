/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.it.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Starts the project's standalone jars as processes, reads their output, and stops every one it started. */
final class JarProcesses implements AutoCloseable {

    static final String VERSION = System.getProperty("project.version", "0.1.0-SNAPSHOT");
    static final Path SERVER_JAR = jar("zmtp-server");
    static final Path CLIENT_JAR = jar("zmtp-client");
    static final Pattern LISTENING = Pattern.compile("zmtp-server listening on tcp://127\\.0\\.0\\.1:(\\d+)");

    private final List<Process> processes = new ArrayList<>();

    /** The standalone jar that {@code module} builds. */
    static Path jar(String module) {
        return Paths.get("..", module, "target", module + "-" + VERSION + "-standalone.jar");
    }

    /** Starts {@code java -jar jar args...}. */
    Process start(Path jar, String... args) throws IOException {
        return start(jar, List.of(), args);
    }

    /** Starts {@code java jvmOptions... -jar jar args...}. */
    Process start(Path jar, List<String> jvmOptions, String... args) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("the standalone jar is not built: " + jar.toAbsolutePath());
        }
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        processes.add(p);
        return p;
    }

    /** Runs a command to its end, at most 60 s; returns its exit code, stdout and stderr. */
    String[] run(Path jar, String... args) throws Exception {
        Process p = start(jar, args);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("still running after 60 s: " + String.join(" ", args));
        }
        return new String[] {Integer.toString(p.exitValue()),
            new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
            new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)};
    }

    /** Collects the process's stdout lines on a thread of their own. */
    static BlockingQueue<String> lines(Process p) {
        return lines(p.getInputStream());
    }

    /** Collects the process's stderr lines (its log) on a thread of their own. */
    static BlockingQueue<String> errorLines(Process p) {
        return lines(p.getErrorStream());
    }

    private static BlockingQueue<String> lines(InputStream in) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        t.setDaemon(true);
        t.start();
        return lines;
    }

    /** Waits up to 30 s for a line matching {@code pattern} and returns its match. */
    static Matcher awaitLine(BlockingQueue<String> lines, Pattern pattern) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                Matcher m = pattern.matcher(line);
                if (m.matches()) {
                    return m;
                }
            }
        }
        throw new AssertionError("no line matching " + pattern);
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
