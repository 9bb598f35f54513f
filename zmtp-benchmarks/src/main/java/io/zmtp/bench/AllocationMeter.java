/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Heap allocated per message in an end-to-end run, split between the calling (application) thread and the I/O
 * threads (Netty's event loops), from the JVM's per-thread allocation counters
 * ({@code com.sun.management.ThreadMXBean}): what JMH's {@code -prof gc} shows for the codec alone, here for a
 * socket's whole path. I/O threads are found by name ({@code EventLoopGroup}); threads that end during the
 * interval are not counted.
 */
final class AllocationMeter {

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private long appStart;
    private long ioStart;

    /** Starts the interval. */
    void start() {
        appStart = threads.getCurrentThreadAllocatedBytes();
        ioStart = ioThreadsAllocated();
    }

    /** Returns the line that says how many octets each of {@code messages} cost each side since {@link #start()}. */
    String perMessage(long messages) {
        double app = (threads.getCurrentThreadAllocatedBytes() - appStart) / (double) messages;
        double io = (ioThreadsAllocated() - ioStart) / (double) messages;
        return String.format(Locale.ROOT, "heap allocated per message after the warm-up: %.1f B on the application"
                + " thread, %.1f B on the I/O threads", app, io);
    }

    private long ioThreadsAllocated() {
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().contains("EventLoopGroup")) {
                long bytes = threads.getThreadAllocatedBytes(t.getId());
                if (bytes > 0) {
                    sum += bytes;
                }
            }
        }
        return sum;
    }
}
