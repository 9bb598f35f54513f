/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.zmtp.client.ZmtpClient;
import io.zmtp.client.ZmtpClientOptions;
import io.zmtp.codec.ZmtpCodecOptions;
import io.zmtp.codec.ZmtpFrameEncoder;
import io.zmtp.codec.mechanism.ZmtpAuthenticator;
import io.zmtp.codec.mechanism.ZmtpCurveKeyPair;
import io.zmtp.codec.mechanism.ZmtpCurveMechanism;
import io.zmtp.server.ZmtpServer;
import io.zmtp.server.ZmtpServerMessage;
import io.zmtp.server.ZmtpServerOptions;
import io.zmtp.socket.internal.NettyTransports;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * zmtp-netty's end-to-end perf programs, in the shape of libzmq's {@code local_thr/remote_thr/local_lat/remote_lat}
 * but with CLIENT/SERVER sockets: the local side binds a {@link ZmtpServer}, the remote side connects a
 * {@link ZmtpClient}.
 *
 * <pre>
 * java -cp benchmarks.jar io.zmtp.bench.Perf thr-local    tcp://127.0.0.1:5555 SIZE COUNT
 * java -cp benchmarks.jar io.zmtp.bench.Perf thr-remote   tcp://127.0.0.1:5555 SIZE COUNT
 * java -cp benchmarks.jar io.zmtp.bench.Perf rthr-local   tcp://127.0.0.1:5555 SIZE COUNT   (the SERVER sends)
 * java -cp benchmarks.jar io.zmtp.bench.Perf rthr-remote  tcp://127.0.0.1:5555 SIZE COUNT   (the CLIENT receives, times)
 * java -cp benchmarks.jar io.zmtp.bench.Perf lat-local    tcp://127.0.0.1:5555 SIZE COUNT
 * java -cp benchmarks.jar io.zmtp.bench.Perf lat-remote   tcp://127.0.0.1:5555 SIZE COUNT
 * java -cp benchmarks.jar io.zmtp.bench.Perf fanin-remote tcp://127.0.0.1:5555 SIZE COUNT CLIENTS  (with thr-local)
 * java -cp benchmarks.jar io.zmtp.bench.Perf conns-local  tcp://127.0.0.1:5555 0 N
 * java -cp benchmarks.jar io.zmtp.bench.Perf conns-remote tcp://127.0.0.1:5555 0 N
 * </pre>
 *
 * Both sides of a pair take the same COUNT; each first moves an untimed warm-up of 10 % of COUNT.
 *
 * <p>{@code --mechanism curve} (on both sides) runs any mode over CURVE with the fixed test keys of
 * {@link PerfSupport}: the SERVER accepts any client key, the CLIENT expects the test server key, or the one given
 * with {@code --curve-server-key Z85}. CURVE needs Bouncy Castle on the class path (it is in the benchmarks jar).
 */
public final class Perf {

    private static final String IMPL = "zmtp";

    private Perf() {
    }

    /** Runs the mode named by the first argument. */
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: thr-local|thr-remote|rthr-local|rthr-remote|lat-local|lat-remote|fanin-remote"
                    + "|conns-local|conns-remote " + PerfSupport.USAGE);
        }
        PerfSupport.Args a;
        Sides sides;
        try {
            a = PerfSupport.parse(args, 100);
            sides = Sides.of(a);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // a bad command line, or CURVE without Bouncy Castle: one line, no stack trace
            System.err.println("Perf: " + e.getMessage());
            System.exit(2);
            return;
        }
        switch (args[0]) {
            case "thr-local" -> thrLocal(a, sides);
            case "thr-remote" -> thrRemote(a, sides);
            case "rthr-local" -> rthrLocal(a, sides);
            case "rthr-remote" -> rthrRemote(a, sides);
            case "lat-local" -> latLocal(a, sides);
            case "lat-remote" -> latRemote(a, sides);
            case "fanin-remote" -> faninRemote(a, sides);
            case "conns-local" -> connsLocal(a, sides);
            case "conns-remote" -> connsRemote(a, sides);
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
        System.exit(0);
    }

    /** The options of the SERVER (local) and CLIENT (remote) sides: the defaults, with the mechanism asked for. */
    private record Sides(ZmtpServerOptions server, ZmtpClientOptions client) {

        /** @throws IllegalStateException if CURVE is asked for and Bouncy Castle is not on the class path */
        static Sides of(PerfSupport.Args a) {
            Duration spin = Duration.ofNanos(a.receiveSpinMicros() * 1_000);
            Duration replySpin = a.replySpinMicros() < 0 ? ZmtpServerOptions.DEFAULT_REPLY_SPIN
                    : Duration.ofNanos(a.replySpinMicros() * 1_000);
            ZmtpServerOptions.Builder server = ZmtpServerOptions.builder().receiveSpin(spin).replySpin(replySpin);
            ZmtpClientOptions.Builder client = ZmtpClientOptions.builder().receiveSpin(spin).replySpin(replySpin);
            if (!a.curve()) {
                return new Sides(server.build(), client.build());
            }
            ZmtpCurveMechanism serverCurve = ZmtpCurveMechanism.server(
                    ZmtpCurveKeyPair.fromSecretKeyZ85(PerfSupport.CURVE_SERVER_SECRET), ZmtpAuthenticator.ALLOW_ALL);
            ZmtpCurveMechanism clientCurve = ZmtpCurveMechanism.client(
                    ZmtpCurveKeyPair.decodePublicKeyZ85(a.curveServerKey()),
                    ZmtpCurveKeyPair.fromSecretKeyZ85(PerfSupport.CURVE_CLIENT_SECRET));
            return new Sides(
                    server.codecOptions(ZmtpCodecOptions.builder().mechanism(serverCurve).build()).build(),
                    client.codecOptions(ZmtpCodecOptions.builder().mechanism(clientCurve).build()).build());
        }

        /** Binds the SERVER and prints the endpoint it is bound to. */
        ZmtpServer bind(String endpoint) {
            ZmtpServer bound = ZmtpServer.builder().bind(endpoint).options(server).build();
            PerfSupport.printBound(bound.endpoints().get(0).toString());
            return bound;
        }

        ZmtpClient.Builder connect(String endpoint) {
            return ZmtpClient.builder().connect(endpoint).options(client);
        }
    }

    private static void thrLocal(PerfSupport.Args a, Sides sides) throws InterruptedException {
        try (ZmtpServer server = sides.bind(a.endpoint())) {
            AllocationMeter allocation = new AllocationMeter();
            long elapsed = receiveTimed(server, PerfSupport.warmup(a.count()), a.count(), a.size(), allocation);
            System.out.println(allocation.perMessage(a.count()));
            PerfSupport.printThroughput(IMPL, a, elapsed);
        }
    }

    /**
     * Receives {@code warmup + count} messages in one loop and returns the nanoseconds the last {@code count} took.
     * One loop rather than a call for the warm-up and another for the timed part: the JIT compiles the running loop
     * (on-stack replacement), and a second call would begin in the interpreter again, inside the timed part.
     */
    private static long receiveTimed(ZmtpServer server, int warmup, int count, int size, AllocationMeter allocation)
            throws InterruptedException {
        long start = System.nanoTime();
        for (int i = 0; i < warmup + count; i++) {
            if (i == warmup) {
                allocation.start();
                start = System.nanoTime();
            }
            ZmtpServerMessage m = server.receive();
            int got = m.content().readableBytes();
            m.release();
            if (got != size) {
                throw new IllegalStateException("message of " + got + " bytes, expected " + size);
            }
        }
        return System.nanoTime() - start;
    }

    private static ByteBuf payload(int size) {
        ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer(size);
        return buf.writerIndex(size);
    }

    /**
     * Sends a new message of {@code size} octets the way an application best hands it over: a body the sockets copy
     * into their batches anyway (at most {@link ZmtpFrameEncoder#COPY_THRESHOLD} octets) as a fresh heap array, as
     * JeroMQ's program does at every size; a larger one as a pooled direct buffer, which goes out without a copy.
     * A pooled buffer for a small body only adds a trip through the allocator (from a thread that is not Netty's, a
     * shared magazine) before the copy.
     */
    private static void send(ZmtpClient client, int size) throws InterruptedException {
        if (size <= ZmtpFrameEncoder.COPY_THRESHOLD) {
            client.send(new byte[size]);
        } else {
            client.send(payload(size));
        }
    }

    /** Says what {@link #send(ZmtpClient, int)} sends at {@code size}, beside the allocation figures. */
    private static String payloadForm(int size) {
        return size <= ZmtpFrameEncoder.COPY_THRESHOLD
                ? " (the payloads are heap arrays)" : " (the payloads are pooled direct buffers)";
    }

    /** As {@link #send(ZmtpClient, int)}, from the SERVER to one peer. */
    private static void send(ZmtpServer server, int peer, int size) throws InterruptedException {
        if (size <= ZmtpFrameEncoder.COPY_THRESHOLD) {
            server.send(peer, new byte[size]);
        } else {
            server.send(peer, payload(size));
        }
    }

    private static void thrRemote(PerfSupport.Args a, Sides sides) throws InterruptedException {
        int total = PerfSupport.warmup(a.count()) + a.count();
        int warmup = PerfSupport.warmup(a.count());
        try (ZmtpClient client = sides.connect(a.endpoint()).build()) {
            AllocationMeter allocation = new AllocationMeter();
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                if (i == warmup) {
                    allocation.start();
                }
                send(client, a.size());
            }
            client.awaitWritten(ZmtpClientOptions.NO_TIMEOUT);
            System.out.printf(Locale.ROOT, "sent %d messages in %.3f s%n", total, (System.nanoTime() - start) / 1e9);
            System.out.println(allocation.perMessage(a.count()) + payloadForm(a.size()));
        }
    }

    /**
     * thr-local reversed: the SERVER learns the CLIENT's routing id from its first message, sends it warm-up + COUNT
     * messages, then waits for the CLIENT's last message, which says it has them all.
     */
    private static void rthrLocal(PerfSupport.Args a, Sides sides) throws InterruptedException {
        int total = PerfSupport.warmup(a.count()) + a.count();
        try (ZmtpServer server = sides.bind(a.endpoint())) {
            ZmtpServerMessage hello = server.receive();
            int peer = hello.routingId();
            hello.release();
            AllocationMeter allocation = new AllocationMeter();
            for (int i = 0; i < total; i++) {
                if (i == PerfSupport.warmup(a.count())) {
                    allocation.start();
                }
                send(server, peer, a.size());
            }
            server.receive().release();
            System.out.println(allocation.perMessage(a.count()) + payloadForm(a.size()));
        }
    }

    /** thr-remote reversed: the CLIENT receives and times what rthr-local sends. */
    private static void rthrRemote(PerfSupport.Args a, Sides sides) throws InterruptedException {
        try (ZmtpClient client = sides.connect(a.endpoint()).build()) {
            client.send(new byte[0]);
            AllocationMeter allocation = new AllocationMeter();
            long elapsed = receiveTimed(client, PerfSupport.warmup(a.count()), a.count(), a.size(), allocation);
            System.out.println(allocation.perMessage(a.count()));
            PerfSupport.printThroughput(IMPL, a, elapsed);
            client.send(new byte[0]);
            client.awaitWritten(ZmtpClientOptions.NO_TIMEOUT);
        }
    }

    /** As {@link #receiveTimed(ZmtpServer, int, int, int, AllocationMeter)}, for a CLIENT. */
    private static long receiveTimed(ZmtpClient client, int warmup, int count, int size, AllocationMeter allocation)
            throws InterruptedException {
        long start = System.nanoTime();
        for (int i = 0; i < warmup + count; i++) {
            if (i == warmup) {
                allocation.start();
                start = System.nanoTime();
            }
            ByteBuf m = client.receive();
            int got = m.readableBytes();
            m.release();
            if (got != size) {
                throw new IllegalStateException("message of " + got + " bytes, expected " + size);
            }
        }
        return System.nanoTime() - start;
    }

    private static void latLocal(PerfSupport.Args a, Sides sides) throws InterruptedException {
        int total = PerfSupport.warmup(a.count()) + a.count();
        try (ZmtpServer server = sides.bind(a.endpoint())) {
            for (int i = 0; i < total; i++) {
                ZmtpServerMessage m = server.receive();
                server.send(m.routingId(), m.content());
            }
        }
    }

    private static void latRemote(PerfSupport.Args a, Sides sides) throws InterruptedException {
        int warmup = PerfSupport.warmup(a.count());
        Histogram rtt = PerfSupport.newRttHistogram();
        ByteBuf payload = payload(a.size());
        try (ZmtpClient client = sides.connect(a.endpoint()).build()) {
            for (int i = 0; i < warmup + a.count(); i++) {
                long start = System.nanoTime();
                client.send(payload.retainedDuplicate());
                ByteBuf reply = client.receive();
                long elapsed = System.nanoTime() - start;
                int got = reply.readableBytes();
                reply.release();
                if (got != a.size()) {
                    throw new IllegalStateException("reply of " + got + " bytes, expected " + a.size());
                }
                if (i >= warmup) {
                    rtt.recordValue(Math.max(1_000L, elapsed));
                }
            }
        } finally {
            payload.release();
        }
        PerfSupport.printLatency(IMPL, a, rtt);
    }

    /** {@code extra()} clients on one shared event loop, each on its own thread, share the messages thr-local expects. */
    private static void faninRemote(PerfSupport.Args a, Sides sides) throws Exception {
        int clients = a.extra();
        int total = PerfSupport.warmup(a.count()) + a.count();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NettyTransports.ioHandlerFactory());
        List<ZmtpClient> list = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                list.add(sides.connect(a.endpoint()).eventLoopGroup(group).build());
            }
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                ZmtpClient client = list.get(i);
                int share = total / clients + (i < total % clients ? 1 : 0);
                Thread t = new Thread(() -> {
                    try {
                        for (int j = 0; j < share; j++) {
                            send(client, a.size());
                        }
                        client.awaitWritten(ZmtpClientOptions.NO_TIMEOUT);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "sender-" + i);
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }
        } finally {
            for (ZmtpClient client : list) {
                client.close();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static void connsLocal(PerfSupport.Args a, Sides sides) throws InterruptedException {
        int n = a.count();
        long before = PerfSupport.settledHeapUsed();
        long directBefore = usedDirect();
        try (ZmtpServer server = sides.bind(a.endpoint())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
            while (server.peerCount() < n && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(500);
            int peers = server.peerCount();
            long after = PerfSupport.settledHeapUsed();
            long directAfter = usedDirect();
            double perConn = peers == 0 ? 0 : (double) (after - before) / peers;
            double directPerConn = peers == 0 ? 0 : (double) (directAfter - directBefore) / peers;
            System.out.printf(Locale.ROOT, "handshaken connections: %d (asked %d)%n", peers, n);
            System.out.printf(Locale.ROOT, "heap: %d -> %d bytes, %.0f bytes per connection%n", before, after,
                    perConn);
            System.out.printf(Locale.ROOT, "pooled direct memory: %.0f bytes per connection%n", directPerConn);
            System.out.printf(Locale.ROOT, "RESULT kind=conns impl=%s connections=%d heap_per_conn=%.0f "
                    + "direct_per_conn=%.0f%n", IMPL, peers, perConn, directPerConn);
        }
    }

    private static long usedDirect() {
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider) {
            return provider.metric().usedDirectMemory();
        }
        return 0;
    }

    /** Opens {@code count()} idle clients in batches on one event loop and holds them until killed (at most 5 min). */
    private static void connsRemote(PerfSupport.Args a, Sides sides) throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NettyTransports.ioHandlerFactory());
        List<ZmtpClient> list = new ArrayList<>();
        int batch = 50;
        for (int i = 0; i < a.count(); i += batch) {
            List<ZmtpClient> wave = new ArrayList<>();
            for (int j = i; j < Math.min(a.count(), i + batch); j++) {
                wave.add(sides.connect(a.endpoint()).eventLoopGroup(group).build());
            }
            for (ZmtpClient c : wave) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (c.readyConnections() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
            }
            list.addAll(wave);
        }
        System.out.printf(Locale.ROOT, "opened %d clients%n", list.size());
        Thread.sleep(TimeUnit.MINUTES.toMillis(5));
    }
}
