/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.it.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A peer program running as a child process, whose stdout lines and stderr are captured for assertions.
 */
final class PeerProcess implements AutoCloseable {

    /** How long {@link #close()} waits for a killed process, and for its output readers, to finish. */
    private static final long REAP_SECONDS = 5;

    /** How often {@link #awaitStdoutLine} looks whether the process died, and {@link #awaitStderr} at stderr. */
    private static final long POLL_MILLIS = 50;

    private final String description;
    private final Process process;
    private final BlockingQueue<String> stdoutLines = new LinkedBlockingQueue<>();
    private final StringBuffer stdout = new StringBuffer();
    private final StringBuffer stderr = new StringBuffer();
    private final Thread stdoutReader;
    private final Thread stderrReader;

    private PeerProcess(String description, Process process) {
        this.description = description;
        this.process = process;
        this.stdoutReader = reader(process.getInputStream(), stdout, stdoutLines, "stdout");
        this.stderrReader = reader(process.getErrorStream(), stderr, null, "stderr");
    }

    /** Starts {@code builder}'s command; {@code description} names the peer in assertion messages. */
    static PeerProcess start(String description, ProcessBuilder builder) {
        try {
            return new PeerProcess(description + " " + String.join(" ", builder.command()), builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + description + ": " + builder.command(), e);
        }
    }

    private Thread reader(InputStream stream, StringBuffer all, BlockingQueue<String> lines, String name) {
        Thread thread = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    all.append(line).append('\n');
                    if (lines != null) {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                all.append("[reading ").append(name).append(" failed: ").append(e).append("]\n");
            }
        }, "peer-" + name + "-" + process.pid());
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * Returns the next line the process prints on stdout, failing if none comes within {@code timeout} or the
     * process exits without printing one.
     */
    String awaitStdoutLine(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String line = stdoutLines.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            if (line != null) {
                return line;
            }
            if (!process.isAlive()) {
                joinReaders(); // the last line may still be on its way from the reader thread
                line = stdoutLines.poll();
                if (line != null) {
                    return line;
                }
                throw new AssertionError("exited without a line on stdout: " + describe());
            }
        }
        throw new AssertionError("no line on stdout within " + timeout + ": " + describe());
    }

    /** Waits for the process to exit and returns its exit status, failing if it is still running after {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout + ": " + describe());
        }
        joinReaders();
        return process.exitValue();
    }

    /** Waits for the process to exit with status 0 and returns its stdout. */
    String awaitSuccess(Duration timeout) throws InterruptedException {
        int status = awaitExit(timeout);
        if (status != 0) {
            throw new AssertionError("exited with status " + status + ": " + describe());
        }
        return stdout.toString();
    }

    /**
     * Waits until the process has printed {@code text} on stderr (a reader thread collects it, so it may lag behind
     * what the process did), failing if it has not within {@code timeout}.
     */
    void awaitStderr(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!stderr.toString().contains(text)) {
            if (System.nanoTime() >= deadline) {
                throw new AssertionError("'" + text + "' not on stderr within " + timeout + ": " + describe());
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String stdout() {
        return stdout.toString();
    }

    String stderr() {
        return stderr.toString();
    }

    /** The command, its state and everything it printed: the message to attach to any assertion about it. */
    String describe() {
        String state = process.isAlive() ? "running" : "exit status " + process.exitValue();
        return description + " (" + state + ")\n--- stdout:\n" + stdout + "--- stderr:\n" + stderr + "---";
    }

    private void joinReaders() throws InterruptedException {
        stdoutReader.join(TimeUnit.SECONDS.toMillis(REAP_SECONDS));
        stderrReader.join(TimeUnit.SECONDS.toMillis(REAP_SECONDS));
    }

    /** Closes every process in {@code processes}, even when closing one of them fails. */
    static void closeAll(Iterable<PeerProcess> processes) {
        AssertionError failure = null;
        for (PeerProcess process : processes) {
            try {
                process.close();
            } catch (AssertionError e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Kills the process (SIGKILL) if it still runs and waits for it to be gone. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(REAP_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("did not die within " + REAP_SECONDS + " s of SIGKILL: " + description);
            }
            joinReaders();
        } catch (InterruptedException e) {
            // Keep the interrupt for the caller; the process has been sent SIGKILL either way.
            Thread.currentThread().interrupt();
        }
    }
}
