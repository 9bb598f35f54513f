/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.bench;

import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;

/**
 * What the perf programs of every implementation share: argument parsing, the warm-up rule and the result lines.
 *
 * <p>Every program prints human-readable lines in the style of libzmq's perf tools and one machine-readable
 * {@code RESULT} line of {@code key=value} pairs that {@code run.sh} parses.
 */
final class PerfSupport {

    private PerfSupport() {
    }

    /** Parsed {@code ENDPOINT SIZE COUNT [EXTRA]} arguments. */
    record Args(String endpoint, int size, int count, int extra) {
    }

    /** Parses {@code MODE ENDPOINT SIZE COUNT [EXTRA]}; {@code EXTRA} defaults to {@code defaultExtra}. */
    static Args parse(String[] args, int defaultExtra) {
        if (args.length < 4) {
            throw new IllegalArgumentException("usage: MODE ENDPOINT SIZE COUNT [EXTRA]");
        }
        String endpoint = args[1];
        if (!endpoint.startsWith("tcp://127.0.0.1:")) {
            throw new IllegalArgumentException("only tcp://127.0.0.1:PORT endpoints are allowed: " + endpoint);
        }
        int extra = args.length > 4 ? Integer.parseInt(args[4]) : defaultExtra;
        return new Args(endpoint, Integer.parseInt(args[2]), Integer.parseInt(args[3]), extra);
    }

    /** The untimed warm-up: 10 % of the timed count, at least one message. */
    static int warmup(int count) {
        return Math.max(1, count / 10);
    }

    /** Prints local_thr-style lines and the RESULT line for a timed throughput run. */
    static void printThroughput(String impl, int size, int count, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        double msgPerSec = count / seconds;
        double megabytesPerSec = msgPerSec * size / 1e6;
        System.out.printf(Locale.ROOT, "message size: %d [B]%n", size);
        System.out.printf(Locale.ROOT, "message count: %d (after %d untimed warm-up messages)%n", count,
                warmup(count));
        System.out.printf(Locale.ROOT, "mean throughput: %.0f [msg/s]%n", msgPerSec);
        System.out.printf(Locale.ROOT, "mean throughput: %.3f [MB/s]%n", megabytesPerSec);
        System.out.printf(Locale.ROOT, "RESULT kind=thr impl=%s size=%d count=%d seconds=%.6f msg_per_s=%.1f "
                + "mb_per_s=%.3f%n", impl, size, count, seconds, msgPerSec, megabytesPerSec);
    }

    /** Prints the latency lines and the RESULT line; the histogram holds round-trip times in nanoseconds. */
    static void printLatency(String impl, int size, int count, Histogram rtt) {
        double p50 = rtt.getValueAtPercentile(50) / 1e3;
        double p99 = rtt.getValueAtPercentile(99) / 1e3;
        double max = rtt.getMaxValue() / 1e3;
        double mean = rtt.getMean() / 1e3;
        System.out.printf(Locale.ROOT, "message size: %d [B]%n", size);
        System.out.printf(Locale.ROOT, "roundtrip count: %d (after %d untimed warm-up round trips)%n", count,
                warmup(count));
        System.out.printf(Locale.ROOT, "RTT p50 %.1f p99 %.1f max %.1f mean %.1f [us]%n", p50, p99, max, mean);
        System.out.printf(Locale.ROOT, "RESULT kind=lat impl=%s size=%d count=%d p50_us=%.2f p99_us=%.2f "
                + "max_us=%.2f mean_us=%.2f%n", impl, size, count, p50, p99, max, mean);
    }

    /** A histogram of round-trip times in nanoseconds, from 1 µs to 10 s, 3 significant digits. */
    static Histogram newRttHistogram() {
        return new Histogram(1_000L, 10_000_000_000L, 3);
    }

    /** Returns the heap in use after asking for full collections until it stops shrinking. */
    static long settledHeapUsed() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long previous = Long.MAX_VALUE;
        long used = memory.getHeapMemoryUsage().getUsed();
        for (int i = 0; i < 10 && used < previous; i++) {
            previous = used;
            System.gc();
            Thread.sleep(100);
            used = memory.getHeapMemoryUsage().getUsed();
        }
        return used;
    }
}
