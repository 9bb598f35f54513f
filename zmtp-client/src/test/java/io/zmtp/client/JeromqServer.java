/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.client;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import zmq.Msg;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JeroMQ SERVER socket, a real and independent ZMTP peer, run by one thread of its own: it records every message
 * it receives and, in echo mode, sends it back to the routing id it came from. {@link #close()} stops the thread
 * and closes the socket with linger 0, so the TCP port is free again.
 */
final class JeromqServer implements AutoCloseable {

    private final ZContext context = new ZContext();
    private final ZMQ.Socket socket;
    private final boolean echo;
    private final Thread thread;
    private final List<byte[]> received = new ArrayList<>();
    private volatile boolean running = true;
    final int port;

    private JeromqServer(String endpoint, boolean echo) {
        this.echo = echo;
        this.socket = context.createSocket(SocketType.SERVER);
        socket.setLinger(0);
        socket.setReceiveTimeOut(20);
        socket.setRcvHWM(0);
        socket.setSendTimeOut(2_000);
        if (!socket.bind(endpoint)) {
            context.close();
            throw new IllegalStateException("cannot bind " + endpoint);
        }
        String last = socket.getLastEndpoint();
        this.port = Integer.parseInt(last.substring(last.lastIndexOf(':') + 1));
        this.thread = new Thread(this::run, "jeromq-server-" + port);
        thread.setDaemon(true);
        thread.start();
    }

    /** Binds a recording SERVER on an ephemeral loopback port. */
    static JeromqServer start() {
        return new JeromqServer("tcp://127.0.0.1:*", false);
    }

    /** Binds an echoing SERVER on an ephemeral loopback port. */
    static JeromqServer startEcho() {
        return new JeromqServer("tcp://127.0.0.1:*", true);
    }

    /** Binds a recording SERVER on {@code port}, which the OS gave this test earlier. */
    static JeromqServer startOn(int port) {
        return new JeromqServer("tcp://127.0.0.1:" + port, false);
    }

    String endpoint() {
        return "tcp://127.0.0.1:" + port;
    }

    private void run() {
        while (running) {
            Msg msg = socket.recvMsg(0);
            if (msg == null) {
                continue;
            }
            synchronized (received) {
                received.add(msg.data());
                received.notifyAll();
            }
            if (echo) {
                Msg reply = new Msg(msg.data());
                reply.setRoutingId(msg.getRoutingId());
                socket.sendMsg(reply, 0); // waits at most the send timeout for a client that left
            }
        }
        context.close();
    }

    /** Returns the number of messages received so far. */
    int count() {
        synchronized (received) {
            return received.size();
        }
    }

    /** Returns a copy of the messages received so far. */
    List<byte[]> messages() {
        synchronized (received) {
            return new ArrayList<>(received);
        }
    }

    /** Waits until at least {@code n} messages arrived or {@code timeoutMillis} passed; returns the count. */
    int awaitCount(int n, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (received) {
            while (received.size() < n) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    break;
                }
                received.wait(left);
            }
            return received.size();
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
