/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.testing;

import io.netty.buffer.AbstractByteBuf;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Turns every buffer leak that Netty's {@link ResourceLeakDetector} reports into a failing test.
 *
 * <p>The extension is registered for every test class through JUnit's extension auto-detection
 * ({@code META-INF/services}); the build enables auto-detection and runs every test JVM with
 * {@code -Dio.netty.leakDetection.level=paranoid}, so every buffer is tracked.
 *
 * <p>Netty reports a leak only when the garbage collector has found an unreleased buffer and another
 * buffer is tracked afterwards. After each test the extension tracks a probe buffer, which reports any
 * leak already found, and fails that test; after each test class it also runs the garbage collector a few
 * times, so that leaks of the class's last tests are found before the JVM moves on.
 */
public final class NettyLeakExtension implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    private static final ConcurrentLinkedQueue<String> LEAKS = new ConcurrentLinkedQueue<>();

    static {
        // Every ByteBuf is tracked by one detector, AbstractByteBuf.leakDetector; listen to what it reports.
        try {
            Field field = AbstractByteBuf.class.getDeclaredField("leakDetector");
            field.setAccessible(true);
            ResourceLeakDetector<?> detector = (ResourceLeakDetector<?>) field.get(null);
            detector.setLeakListener(
                    (resourceType, records) -> LEAKS.add("LEAK: " + resourceType + " was not released" + records));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExceptionInInitializerError("cannot listen to Netty's ByteBuf leak detector: " + e);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.PARANOID) {
            throw new IllegalStateException("tests must run with -Dio.netty.leakDetection.level=paranoid, not "
                    + ResourceLeakDetector.getLevel());
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        probe();
        failOnLeaks(context.getDisplayName());
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        collectGarbageAndProbe();
        failOnLeaks(context.getDisplayName());
    }

    /**
     * Runs the garbage collector and probes the detector until it has reported what the collector found.
     * Public so that a test can check for leaks at a point of its own choosing.
     */
    public static void collectGarbageAndProbe() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(10);
            probe();
        }
    }

    /** Returns and forgets the leak reports collected so far. */
    public static List<String> drainLeaks() {
        List<String> drained = new ArrayList<>();
        for (String leak; (leak = LEAKS.poll()) != null; ) {
            drained.add(leak);
        }
        return drained;
    }

    private static void probe() {
        // Tracking a new buffer makes the detector poll its reference queue and report what it holds.
        ByteBuf pooled = ByteBufAllocator.DEFAULT.buffer(1);
        pooled.release();
        ByteBuf unpooled = Unpooled.directBuffer(1);
        unpooled.release();
    }

    private static void failOnLeaks(String where) {
        List<String> leaks = drainLeaks();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " buffer leak(s) reported by Netty's leak detector in "
                    + where + ":\n" + String.join("\n", leaks));
        }
    }
}
