/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server;

import io.zmtp.codec.ZmtpHandshakeFailureReason;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.net.SocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Connects JeroMQ sockets to a {@link ZmtpServer} under test and records the server's connection events.
 *
 * <p>JeroMQ 0.6.0 now and then opens a TCP connection and never sends its greeting (seen with a plain
 * {@code java.net.ServerSocket} as the peer too); such a socket is replaced by a fresh one, so that the tests pin
 * our behaviour and not that JeroMQ fault.
 */
final class JeromqClients implements ZmtpServerListener, AutoCloseable {

    private static final int ATTEMPTS = 3;
    private static final long ATTEMPT_MILLIS = 3_000;

    final ZContext context = new ZContext();
    final BlockingQueue<Integer> connected = new LinkedBlockingQueue<>();
    final BlockingQueue<Integer> disconnected = new LinkedBlockingQueue<>();
    final BlockingQueue<ZmtpHandshakeFailureReason> failures = new LinkedBlockingQueue<>();

    @Override
    public void peerConnected(int routingId, SocketAddress remoteAddress) {
        connected.add(routingId);
    }

    @Override
    public void peerDisconnected(int routingId, SocketAddress remoteAddress, int undelivered) {
        disconnected.add(routingId);
    }

    @Override
    public void handshakeFailed(SocketAddress remoteAddress, ZmtpHandshakeFailureReason reason, String message) {
        failures.add(reason);
    }

    /** A connected JeroMQ socket and the routing id the server gave it. */
    static final class Connection {
        final ZMQ.Socket socket;
        final int routingId;

        Connection(ZMQ.Socket socket, int routingId) {
            this.socket = socket;
            this.routingId = routingId;
        }
    }

    /** Connects a JeroMQ socket of {@code type} to {@code server} and waits for the server to register it. */
    Connection connect(ZmtpServer server, SocketType type, int receiveHighWaterMark) throws InterruptedException {
        String endpoint = "tcp://127.0.0.1:" + server.endpoints().get(0).port();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            ZMQ.Socket socket = context.createSocket(type);
            socket.setLinger(0);
            socket.setReceiveTimeOut(10_000);
            socket.setSendTimeOut(10_000);
            socket.setRcvHWM(receiveHighWaterMark);
            socket.connect(endpoint);
            Integer routingId = connected.poll(ATTEMPT_MILLIS, TimeUnit.MILLISECONDS);
            if (routingId != null) {
                return new Connection(socket, routingId);
            }
            socket.close();
        }
        throw new AssertionError("no JeroMQ " + type + " completed a handshake in " + ATTEMPTS + " attempts");
    }

    Connection connect(ZmtpServer server) throws InterruptedException {
        return connect(server, SocketType.CLIENT, 1000);
    }

    @Override
    public void close() {
        context.close();
    }
}
