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
 * {@code rthr-local}, {@code rthr-remote},
 * {@code lat-local}, {@code lat-remote} and {@code fanin-remote}, with the same arguments and output.
 *
 * <p>The SERVER side uses {@link ZMQ.Socket#recvMsg()} / {@link ZMQ.Socket#sendMsg(zmq.Msg)}: a received
 * {@link zmq.Msg} keeps its routing id, so the echo re-sends it as it is.
 *
 * <p>{@code --mechanism curve} (on both sides) uses JeroMQ's own CURVE (pure Java) with the fixed test keys of
 * {@link PerfSupport}; without a ZAP handler the SERVER accepts any client key.
 */
public final class JeroMqPerf {

    private static final String IMPL = "jeromq";

    /** How long one blocking send waits before it looks at its socket's commands again (see {@link #send}). */
    private static final int SEND_RECHECK_MILLIS = 100;

    /**
     * The CLIENT's handshake interval. JeroMQ 0.6.0 now and then loses the registration of a connection it has just
     * opened (its poller retires the connecter's key for the channel and registers the engine for the same channel in
     * one pass; JeroMQ pull request 1022): the connection never greets and the sender blocks at its high-water mark
     * until the handshake interval, 30 s by default, drops it and JeroMQ reconnects. That hit one pair in five here;
     * a second instead of 30 keeps those stalls out of the script's time. They were never in the timed part, which
     * starts after the warm-up.
     */
    private static final int CLIENT_HANDSHAKE_IVL_MILLIS = 1_000;

    private JeroMqPerf() {
    }

    /** Runs the mode named by the first argument. */
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: thr-local|thr-remote|rthr-local|rthr-remote|lat-local|lat-remote|fanin-remote "
                    + PerfSupport.USAGE);
        }
        PerfSupport.Args a;
        try {
            a = PerfSupport.parse(args, 100);
            if (a.zmtpOnlyOptions()) {
                throw new IllegalArgumentException("--receive-spin-us and --reply-spin-us are options of zmtp-netty's "
                        + "Perf only");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("JeroMqPerf: " + e.getMessage());
            System.exit(2);
            return;
        }
        ZMQ.Context ctx = ZMQ.context(1);
        try {
            switch (args[0]) {
                case "thr-local" -> thrLocal(ctx, a);
                case "thr-remote" -> thrRemote(ctx, a);
                case "rthr-local" -> rthrLocal(ctx, a);
                case "rthr-remote" -> rthrRemote(ctx, a);
                case "lat-local" -> latLocal(ctx, a);
                case "lat-remote" -> latRemote(ctx, a);
                case "fanin-remote" -> faninRemote(ctx, a);
                default -> throw new IllegalArgumentException("unknown mode " + args[0]);
            }
        } catch (RuntimeException e) {
            // not ctx.term(): it would wait forever for the sockets the failed mode left open
            System.err.println("JeroMqPerf: " + args[0] + " failed: " + e);
            System.exit(1);
        }
        ctx.term();
        System.exit(0);
    }

    /**
     * A SERVER socket, a CURVE server with the test server key pair when asked for.
     *
     * <p>With CURVE its receive high-water mark is unlimited: JeroMQ 0.6.0 delivers a MESSAGE command still
     * encrypted (64 B of data arrive as 97 B) whenever a CURVE connection's receive pipe has been full and input
     * restarts ({@code StreamEngine.restartInput} re-pushes the decoder's raw message, not the decrypted one that
     * {@code decodeAndPush} could not push). Without a limit the pipe is never full and that path is never taken;
     * the sender is still held back by the receiving I/O thread's pace, through TCP.
     */
    private static ZMQ.Socket server(ZMQ.Context ctx, PerfSupport.Args a) {
        ZMQ.Socket socket = ctx.socket(SocketType.SERVER);
        socket.setSendTimeOut(SEND_RECHECK_MILLIS);
        if (a.curve()) {
            socket.setRcvHWM(0);
            requireSet(socket.setCurveServer(true)
                    && socket.setCurvePublicKey(ZMQ.Curve.z85Decode(PerfSupport.CURVE_SERVER_PUBLIC))
                    && socket.setCurveSecretKey(ZMQ.Curve.z85Decode(PerfSupport.CURVE_SERVER_SECRET)));
        }
        return socket;
    }

    /** A CLIENT socket, a CURVE client with the test client key pair expecting the server key when asked for. */
    private static ZMQ.Socket client(ZMQ.Context ctx, PerfSupport.Args a) {
        ZMQ.Socket socket = ctx.socket(SocketType.CLIENT);
        socket.setSendTimeOut(SEND_RECHECK_MILLIS);
        socket.setHandshakeIvl(CLIENT_HANDSHAKE_IVL_MILLIS);
        if (a.curve()) {
            requireSet(socket.setCurveServerKey(ZMQ.Curve.z85Decode(a.curveServerKey()))
                    && socket.setCurvePublicKey(ZMQ.Curve.z85Decode(PerfSupport.CURVE_CLIENT_PUBLIC))
                    && socket.setCurveSecretKey(ZMQ.Curve.z85Decode(PerfSupport.CURVE_CLIENT_SECRET)));
        }
        return socket;
    }

    private static void requireSet(boolean accepted) {
        if (!accepted) {
            throw new IllegalStateException("JeroMQ refused a CURVE socket option");
        }
    }

    /** Binds the SERVER and prints the endpoint it is bound to (the port JeroMQ chose, when {@code *} was asked). */
    private static void bind(ZMQ.Socket server, PerfSupport.Args a) {
        if (!server.bind(a.endpoint())) {
            throw new IllegalStateException("JeroMQ could not bind " + a.endpoint());
        }
        PerfSupport.printBound(server.getLastEndpoint());
    }

    private static void thrLocal(ZMQ.Context ctx, PerfSupport.Args a) {
        ZMQ.Socket server = server(ctx, a);
        bind(server, a);
        long elapsed = receiveTimed(server, PerfSupport.warmup(a.count()), a.count(), a.size());
        PerfSupport.printThroughput(IMPL, a, elapsed);
        server.close();
    }

    /**
     * Receives {@code warmup + count} messages in one loop and returns the nanoseconds the last {@code count} took
     * (one loop, as in {@link Perf}: a second call would begin in the interpreter again, inside the timed part).
     */
    private static long receiveTimed(ZMQ.Socket socket, int warmup, int count, int size) {
        long start = System.nanoTime();
        for (int i = 0; i < warmup + count; i++) {
            if (i == warmup) {
                start = System.nanoTime();
            }
            zmq.Msg m = socket.recvMsg();
            if (m == null) {
                throw new IllegalStateException("recvMsg failed after " + i + " messages: errno " + socket.errno());
            }
            if (m.size() != size) {
                throw new IllegalStateException("message " + i + " of " + (warmup + count) + ": " + m.size()
                        + " bytes, expected " + size);
            }
        }
        return System.nanoTime() - start;
    }

    private static void thrRemote(ZMQ.Context ctx, PerfSupport.Args a) {
        int total = PerfSupport.warmup(a.count()) + a.count();
        ZMQ.Socket client = client(ctx, a);
        client.connect(a.endpoint());
        for (int i = 0; i < total; i++) {
            send(client, new zmq.Msg(a.size()));
        }
        client.close();
    }

    /**
     * Sends {@code m}, blocking while the socket is at its high-water mark. The socket's send timeout is short and an
     * expired send is retried, which processes the socket's pending commands again. That was a remedy for senders
     * stalled for about 30 s, thought to miss the command that frees them (JeroMQ issue #912); the stalls turned out
     * to be the lost registration of the connection (see {@link #CLIENT_HANDSHAKE_IVL_MILLIS}). The retry costs
     * nothing measurable and stays.
     */
    private static void send(ZMQ.Socket socket, zmq.Msg m) {
        while (!socket.sendMsg(m)) {
            if (socket.errno() != zmq.ZError.EAGAIN) {
                throw new IllegalStateException("sendMsg failed: errno " + socket.errno());
            }
        }
    }

    /** thr-local reversed: the SERVER sends to the CLIENT whose first message it received, then awaits its last. */
    private static void rthrLocal(ZMQ.Context ctx, PerfSupport.Args a) {
        int total = PerfSupport.warmup(a.count()) + a.count();
        ZMQ.Socket server = server(ctx, a);
        bind(server, a);
        int peer = server.recvMsg().getRoutingId();
        for (int i = 0; i < total; i++) {
            zmq.Msg m = new zmq.Msg(a.size());
            m.setRoutingId(peer);
            send(server, m);
        }
        server.recvMsg();
        server.close();
    }

    /** thr-remote reversed: the CLIENT receives and times what rthr-local sends. */
    private static void rthrRemote(ZMQ.Context ctx, PerfSupport.Args a) {
        ZMQ.Socket client = client(ctx, a);
        client.connect(a.endpoint());
        send(client, new zmq.Msg(0));
        long elapsed = receiveTimed(client, PerfSupport.warmup(a.count()), a.count(), a.size());
        PerfSupport.printThroughput(IMPL, a, elapsed);
        send(client, new zmq.Msg(0));
        client.close();
    }

    private static void latLocal(ZMQ.Context ctx, PerfSupport.Args a) {
        int total = PerfSupport.warmup(a.count()) + a.count();
        ZMQ.Socket server = server(ctx, a);
        bind(server, a);
        for (int i = 0; i < total; i++) {
            zmq.Msg m = server.recvMsg();
            send(server, m);
        }
        server.close();
    }

    private static void latRemote(ZMQ.Context ctx, PerfSupport.Args a) {
        int warmup = PerfSupport.warmup(a.count());
        Histogram rtt = PerfSupport.newRttHistogram();
        ZMQ.Socket client = client(ctx, a);
        client.connect(a.endpoint());
        byte[] payload = new byte[a.size()];
        for (int i = 0; i < warmup + a.count(); i++) {
            long start = System.nanoTime();
            send(client, new zmq.Msg(payload));
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
        PerfSupport.printLatency(IMPL, a, rtt);
    }

    private static void faninRemote(ZMQ.Context ctx, PerfSupport.Args a) throws InterruptedException {
        int clients = a.extra();
        int total = PerfSupport.warmup(a.count()) + a.count();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int share = total / clients + (i < total % clients ? 1 : 0);
            Thread t = new Thread(() -> {
                ZMQ.Socket client = client(ctx, a);
                client.connect(a.endpoint());
                for (int j = 0; j < share; j++) {
                    send(client, new zmq.Msg(a.size()));
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
