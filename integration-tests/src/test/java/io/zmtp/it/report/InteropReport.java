/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.it.report;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Records every {@link InteropCell} test with its outcome as one JSON line in
 * {@code integration-tests/target/interop-report.jsonl}: {@code peer}, {@code version}, {@code role},
 * {@code mechanism}, {@code runs}, {@code test}, {@code result} ({@code passed}, {@code failed} or {@code skipped})
 * and {@code detail} (the reason of a skip or failure). The file holds the cells of the latest test run: the first
 * record a test JVM writes starts it afresh.
 */
public final class InteropReport implements InvocationInterceptor, TestWatcher {

    /** Where the records go; failsafe runs in the module's directory and says so in {@code basedir}. */
    static final Path REPORT = Path.of(System.getProperty("basedir", "."), "target", "interop-report.jsonl");

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(InteropReport.class);
    private static final Object LOCK = new Object();
    private static boolean started;

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
                                            ReflectiveInvocationContext<Method> invocationContext,
                                            ExtensionContext extensionContext) throws Throwable {
        for (Object argument : invocationContext.getArguments()) {
            if (argument instanceof InteropPeerInfo peer) {
                extensionContext.getStore(NAMESPACE).put(InteropPeerInfo.class, peer);
            }
        }
        invocation.proceed();
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        record(context, "passed", null);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        record(context, "failed", String.valueOf(cause));
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        record(context, "skipped", cause == null ? null : cause.getMessage());
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        record(context, "skipped", reason.orElse("disabled"));
    }

    private static void record(ExtensionContext context, String result, String detail) {
        InteropCell[] cells = context.getTestMethod().map(m -> m.getAnnotationsByType(InteropCell.class))
                .orElse(new InteropCell[0]);
        InteropPeerInfo argument = context.getStore(NAMESPACE).get(InteropPeerInfo.class, InteropPeerInfo.class);
        for (InteropCell cell : cells) {
            record(context, cell, argument, result, detail);
        }
    }

    private static void record(ExtensionContext context, InteropCell cell, InteropPeerInfo argument, String result,
                               String detail) {
        String peer = !cell.peer().isEmpty() ? cell.peer() : argument != null ? argument.product() : "?";
        String version = !cell.version().isEmpty() ? cell.version() : argument != null ? argument.version() : "?";
        String test = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
        String line = "{" + field("peer", peer) + "," + field("version", version) + "," + field("role", cell.role())
                + "," + field("mechanism", cell.mechanism()) + "," + field("runs", cell.runs()) + ","
                + field("test", test) + "," + field("result", result) + "," + field("detail", detail) + "}\n";
        write(line);
    }

    private static void write(String line) {
        synchronized (LOCK) {
            try {
                Files.createDirectories(REPORT.getParent());
                if (!started) {
                    Files.deleteIfExists(REPORT);
                    started = true;
                }
                Files.writeString(REPORT, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + REPORT, e);
            }
        }
    }

    private static String field(String name, String value) {
        return "\"" + name + "\":" + (value == null ? "null" : "\"" + escape(value) + "\"");
    }

    private static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
