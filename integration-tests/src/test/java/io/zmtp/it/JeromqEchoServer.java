/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.it;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import zmq.Msg;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A JeroMQ SERVER on a free loopback port whose own thread sends every message back to its sender. */
public final class JeromqEchoServer implements AutoCloseable {

    private static final int JEROMQ_TIMEOUT_MILLIS = (int) TimeUnit.SECONDS.toMillis(NettyZmtpPeer.WAIT_SECONDS);

    /** How often the echo thread wakes up to see whether it should stop. */
    private static final int POLL_MILLIS = 50;

    private final ZContext context = new ZContext();
    private final ZMQ.Socket socket;
    private final int port;
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running = true;

    private JeromqEchoServer(Consumer<ZMQ.Socket> configure) {
        try {
            socket = context.createSocket(SocketType.SERVER);
            socket.setLinger(0);
            socket.setReceiveTimeOut(POLL_MILLIS);
            socket.setSendTimeOut(JEROMQ_TIMEOUT_MILLIS);
            configure.accept(socket);
            assertTrue(socket.bind("tcp://127.0.0.1:*"));
            String bound = socket.getLastEndpoint();
            port = Integer.parseInt(bound.substring(bound.lastIndexOf(':') + 1));
        } catch (RuntimeException | Error e) {
            context.close();
            throw e;
        }
        thread = new Thread(this::echoLoop, "jeromq-echo-server");
        thread.setDaemon(true);
    }

    /** Starts a NULL echo server. */
    public static JeromqEchoServer start() {
        return start(socket -> { });
    }

    /** Starts an echo server whose socket {@code configure} sets up (e.g. for CURVE) before it binds. */
    public static JeromqEchoServer start(Consumer<ZMQ.Socket> configure) {
        JeromqEchoServer server = new JeromqEchoServer(configure);
        server.thread.start();
        return server;
    }

    /** Returns the bound loopback port. */
    public int port() {
        return port;
    }

    private void echoLoop() {
        try {
            while (running) {
                Msg msg = socket.recvMsg(0);
                if (msg == null) {
                    continue; // receive timeout: check whether to stop
                }
                // The received Msg carries the sender's routing id, which addresses the reply.
                if (!socket.sendMsg(msg, 0)) {
                    throw new AssertionError("JeroMQ SERVER could not echo a " + msg.size()
                            + "-octet message to routing id " + msg.getRoutingId() + ": errno "
                            + socket.errno());
                }
            }
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }

    /** Fails if the echo thread failed. */
    public void assertNoFailure() {
        Throwable t = failure.get();
        if (t != null) {
            throw new AssertionError("the JeroMQ echo server failed: " + t, t);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(NettyZmtpPeer.WAIT_SECONDS));
            assertFalse(thread.isAlive(), "the JeroMQ echo thread did not stop");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            context.close();
        }
    }
}
