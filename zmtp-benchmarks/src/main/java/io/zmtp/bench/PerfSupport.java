/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.bench;

import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
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

    /** The usage line of every perf program, after its mode names. */
    static final String USAGE = "ENDPOINT SIZE COUNT [EXTRA] [--mechanism null|curve] [--curve-server-key Z85]"
            + " [--receive-spin-us N] [--reply-spin-us N]";

    /**
     * libzmq's CURVE test key pairs ({@code doc/zmq_curve.adoc}), the same in every implementation: the local side
     * (SERVER) holds the server pair, the remote side (CLIENT) the client pair and the server's public key. Fixed keys
     * are fine for a benchmark: they are never used to protect anything.
     */
    static final String CURVE_SERVER_PUBLIC = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";
    static final String CURVE_SERVER_SECRET = "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6";
    static final String CURVE_CLIENT_PUBLIC = "Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID";
    static final String CURVE_CLIENT_SECRET = "D:)Q[IlAW!ahhC2ac:9*A}h:p?([4%wOTJ%JR%cs";

    /** The security mechanism of both sides of a measurement. */
    enum Mechanism {
        /** No security: the default, and the mechanism of every row but the CURVE ones. */
        NULL,
        /** CURVE with the fixed test keys: every frame is encrypted and authenticated. */
        CURVE
    }

    /**
     * Parsed {@code ENDPOINT SIZE COUNT [EXTRA]} arguments and options.
     *
     * @param curveServerKey the server public key (Z85) a CURVE CLIENT expects: {@link #CURVE_SERVER_PUBLIC} unless
     *                       {@code --curve-server-key} says otherwise (a wrong key must keep the CLIENT out)
     * @param receiveSpinMicros {@code --receive-spin-us}: zmtp-netty's {@code receiveSpin} on both sides, in
     *                       microseconds (0, the default: none); the other implementations refuse it
     * @param replySpinMicros {@code --reply-spin-us}: zmtp-netty's {@code replySpin} on both sides, in microseconds,
     *                       or -1 (the default) for the sockets' own default; the other implementations refuse it
     */
    record Args(String endpoint, int size, int count, int extra, Mechanism mechanism, String curveServerKey,
                long receiveSpinMicros, long replySpinMicros) {

        /** Returns whether a zmtp-netty-only option was given, which the other implementations refuse. */
        boolean zmtpOnlyOptions() {
            return receiveSpinMicros != 0 || replySpinMicros != -1;
        }

        boolean curve() {
            return mechanism == Mechanism.CURVE;
        }
    }

    /**
     * Parses {@code MODE ENDPOINT SIZE COUNT [EXTRA] [--mechanism null|curve] [--curve-server-key Z85]};
     * {@code EXTRA} defaults to {@code defaultExtra}, the mechanism to NULL.
     *
     * @throws IllegalArgumentException on a malformed command line; the message says what is wrong
     */
    static Args parse(String[] args, int defaultExtra) {
        List<String> positional = new ArrayList<>();
        Mechanism mechanism = Mechanism.NULL;
        String serverKey = null;
        long spinMicros = 0;
        long replySpinMicros = -1;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                positional.add(arg);
                continue;
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(arg + " needs a value; usage: MODE " + USAGE);
            }
            String value = args[++i];
            switch (arg) {
                case "--mechanism" -> mechanism = switch (value.toLowerCase(Locale.ROOT)) {
                    case "null" -> Mechanism.NULL;
                    case "curve" -> Mechanism.CURVE;
                    default -> throw new IllegalArgumentException("--mechanism " + value + " (expected: null or curve)");
                };
                case "--curve-server-key" -> {
                    if (value.length() != 40) {
                        throw new IllegalArgumentException("--curve-server-key: " + value.length()
                                + " characters (expected: 40 Z85)");
                    }
                    serverKey = value;
                }
                case "--receive-spin-us" -> spinMicros = micros(arg, value);
                case "--reply-spin-us" -> replySpinMicros = micros(arg, value);
                default -> throw new IllegalArgumentException("unknown option " + arg + "; usage: MODE " + USAGE);
            }
        }
        if (positional.size() < 3 || positional.size() > 4) {
            throw new IllegalArgumentException("usage: MODE " + USAGE);
        }
        if (serverKey != null && mechanism != Mechanism.CURVE) {
            throw new IllegalArgumentException("--curve-server-key needs --mechanism curve");
        }
        String endpoint = positional.get(0);
        if (!endpoint.startsWith("tcp://127.0.0.1:")) {
            throw new IllegalArgumentException("only tcp://127.0.0.1:PORT endpoints are allowed: " + endpoint);
        }
        int extra = positional.size() > 3 ? Integer.parseInt(positional.get(3)) : defaultExtra;
        return new Args(endpoint, Integer.parseInt(positional.get(1)), Integer.parseInt(positional.get(2)), extra,
                mechanism, serverKey == null ? CURVE_SERVER_PUBLIC : serverKey, spinMicros, replySpinMicros);
    }

    private static long micros(String option, String value) {
        long micros = Long.parseLong(value);
        if (micros < 0) {
            throw new IllegalArgumentException(option + " " + value + " (expected: >= 0)");
        }
        return micros;
    }

    /** The untimed warm-up: 10 % of the timed count, at least one message. */
    static int warmup(int count) {
        return Math.max(1, count / 10);
    }

    /**
     * Prints {@code BOUND <endpoint>} at once: the endpoint the local side is bound to, with the port the system chose
     * when the endpoint asked for {@code *}. {@code run.sh} waits for this line and hands the endpoint to the remote
     * side, so no benchmark ever picks a port of its own.
     */
    static void printBound(String endpoint) {
        System.out.println("BOUND " + endpoint);
        System.out.flush();
    }

    /** Prints local_thr-style lines and the RESULT line for a timed throughput run. */
    static void printThroughput(String impl, Args args, long elapsedNanos) {
        int size = args.size();
        int count = args.count();
        double seconds = elapsedNanos / 1e9;
        double msgPerSec = count / seconds;
        double megabytesPerSec = msgPerSec * size / 1e6;
        System.out.printf(Locale.ROOT, "mechanism: %s%n", args.mechanism());
        System.out.printf(Locale.ROOT, "message size: %d [B]%n", size);
        System.out.printf(Locale.ROOT, "message count: %d (after %d untimed warm-up messages)%n", count,
                warmup(count));
        System.out.printf(Locale.ROOT, "mean throughput: %.0f [msg/s]%n", msgPerSec);
        System.out.printf(Locale.ROOT, "mean throughput: %.3f [MB/s]%n", megabytesPerSec);
        System.out.printf(Locale.ROOT, "RESULT kind=thr impl=%s size=%d count=%d seconds=%.6f msg_per_s=%.1f "
                + "mb_per_s=%.3f%n", impl, size, count, seconds, msgPerSec, megabytesPerSec);
    }

    /** Prints the latency lines and the RESULT line; the histogram holds round-trip times in nanoseconds. */
    static void printLatency(String impl, Args args, Histogram rtt) {
        int size = args.size();
        int count = args.count();
        double p50 = rtt.getValueAtPercentile(50) / 1e3;
        double p99 = rtt.getValueAtPercentile(99) / 1e3;
        double max = rtt.getMaxValue() / 1e3;
        double mean = rtt.getMean() / 1e3;
        System.out.printf(Locale.ROOT, "mechanism: %s%n", args.mechanism());
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
