/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.bench;

import org.HdrHistogram.Histogram;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import java.util.ArrayList;
import java.util.List;

/**
 * The same perf programs as {@link Perf} for JeroMQ 0.6.0 CLIENT/SERVER: {@code thr-local}, {@code thr-remote},
 * {@code lat-local}, {@code lat-remote} and {@code fanin-remote}, with the same arguments and output.
 *
 * <p>The SERVER side uses {@link ZMQ.Socket#recvMsg()} / {@link ZMQ.Socket#sendMsg(zmq.Msg)}: a received
 * {@link zmq.Msg} keeps its routing id, so the echo re-sends it as it is.
 */
public final class JeroMqPerf {

    private static final String IMPL = "jeromq";

    private JeroMqPerf() {
    }

    /** Runs the mode named by the first argument. */
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: thr-local|thr-remote|lat-local|lat-remote|fanin-remote "
                    + "ENDPOINT SIZE COUNT [CLIENTS]");
        }
        PerfSupport.Args a = PerfSupport.parse(args, 100);
        ZMQ.Context ctx = ZMQ.context(1);
        try {
            switch (args[0]) {
                case "thr-local" -> thrLocal(ctx, a);
                case "thr-remote" -> thrRemote(ctx, a);
                case "lat-local" -> latLocal(ctx, a);
                case "lat-remote" -> latRemote(ctx, a);
                case "fanin-remote" -> faninRemote(ctx, a);
                default -> throw new IllegalArgumentException("unknown mode " + args[0]);
            }
        } finally {
            ctx.term();
        }
        System.exit(0);
    }

    private static void thrLocal(ZMQ.Context ctx, PerfSupport.Args a) {
        ZMQ.Socket server = ctx.socket(SocketType.SERVER);
        server.bind(a.endpoint());
        receive(server, PerfSupport.warmup(a.count()), a.size());
        long start = System.nanoTime();
        receive(server, a.count(), a.size());
        long elapsed = System.nanoTime() - start;
        PerfSupport.printThroughput(IMPL, a.size(), a.count(), elapsed);
        server.close();
    }

    private static void receive(ZMQ.Socket server, int count, int size) {
        for (int i = 0; i < count; i++) {
            zmq.Msg m = server.recvMsg();
            if (m == null || m.size() != size) {
                throw new IllegalStateException("bad message " + m + ", expected " + size + " bytes");
            }
        }
    }

    private static void thrRemote(ZMQ.Context ctx, PerfSupport.Args a) {
        int total = PerfSupport.warmup(a.count()) + a.count();
        ZMQ.Socket client = ctx.socket(SocketType.CLIENT);
        client.connect(a.endpoint());
        for (int i = 0; i < total; i++) {
            client.sendMsg(new zmq.Msg(a.size()));
        }
        client.close();
    }

    private static void latLocal(ZMQ.Context ctx, PerfSupport.Args a) {
        int total = PerfSupport.warmup(a.count()) + a.count();
        ZMQ.Socket server = ctx.socket(SocketType.SERVER);
        server.bind(a.endpoint());
        for (int i = 0; i < total; i++) {
            zmq.Msg m = server.recvMsg();
            server.sendMsg(m);
        }
        server.close();
    }

    private static void latRemote(ZMQ.Context ctx, PerfSupport.Args a) {
        int warmup = PerfSupport.warmup(a.count());
        Histogram rtt = PerfSupport.newRttHistogram();
        ZMQ.Socket client = ctx.socket(SocketType.CLIENT);
        client.connect(a.endpoint());
        byte[] payload = new byte[a.size()];
        for (int i = 0; i < warmup + a.count(); i++) {
            long start = System.nanoTime();
            client.send(payload);
            zmq.Msg reply = client.recvMsg();
            long elapsed = System.nanoTime() - start;
            if (reply.size() != a.size()) {
                throw new IllegalStateException("reply of " + reply.size() + " bytes, expected " + a.size());
            }
            if (i >= warmup) {
                rtt.recordValue(Math.max(1_000L, elapsed));
            }
        }
        client.close();
        PerfSupport.printLatency(IMPL, a.size(), a.count(), rtt);
    }

    private static void faninRemote(ZMQ.Context ctx, PerfSupport.Args a) throws InterruptedException {
        int clients = a.extra();
        int total = PerfSupport.warmup(a.count()) + a.count();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int share = total / clients + (i < total % clients ? 1 : 0);
            Thread t = new Thread(() -> {
                ZMQ.Socket client = ctx.socket(SocketType.CLIENT);
                client.connect(a.endpoint());
                for (int j = 0; j < share; j++) {
                    client.sendMsg(new zmq.Msg(a.size()));
                }
                client.close();
            }, "sender-" + i);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
    }
}
