/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.it.server;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hostile CLIENT written from the ZMTP 3.1 spec on a plain socket: it completes a NULL handshake, then sends
 * messages of one size as fast as the server takes them and never reads a byte, reconnecting whenever the server
 * closes it, until it is stopped. It runs on a thread of its own.
 */
final class FloodingPeer implements AutoCloseable {

    private final int port;
    private final byte[] body;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final Thread thread;
    private volatile boolean stopped;
    private volatile Socket socket;

    FloodingPeer(int port, int messageSize) {
        this.port = port;
        this.body = new byte[messageSize];
        this.thread = new Thread(this::run, "flooding-peer-" + messageSize);
        thread.setDaemon(true);
        thread.start();
    }

    /** Returns the octets of whole messages written to the server so far. */
    long sentBytes() {
        return sent.get();
    }

    /** Returns how many connections it has made. */
    long connections() {
        return connections.get();
    }

    private void run() {
        while (!stopped) {
            try (Socket s = new Socket()) {
                socket = s;
                s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                connections.incrementAndGet();
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                handshake(out, s.getInputStream());
                while (!stopped) {
                    out.writeByte(0x02); // a final frame with an 8-octet size
                    out.writeLong(body.length);
                    out.write(body);
                    out.flush();
                    sent.addAndGet(body.length);
                }
            } catch (IOException e) {
                // the server closed us, or we were stopped: connect again unless stopped
            }
        }
    }

    /** Sends our greeting and READY, and reads the server's greeting; its READY stays unread, like the rest. */
    private static void handshake(DataOutputStream out, InputStream in) throws IOException {
        byte[] greeting = new byte[64];
        greeting[0] = (byte) 0xff;
        greeting[9] = 0x7f;
        greeting[10] = 3;
        greeting[11] = 1;
        System.arraycopy("NULL".getBytes(StandardCharsets.US_ASCII), 0, greeting, 12, 4);
        out.write(greeting);
        out.flush();
        byte[] theirs = in.readNBytes(64);
        if (theirs.length < 64) {
            throw new IOException("the server closed during the greeting");
        }
        byte[] name = "READY".getBytes(StandardCharsets.US_ASCII);
        byte[] property = "Socket-Type".getBytes(StandardCharsets.US_ASCII);
        byte[] type = "CLIENT".getBytes(StandardCharsets.US_ASCII);
        int size = 1 + name.length + 1 + property.length + 4 + type.length;
        out.writeByte(0x04);
        out.writeByte(size);
        out.writeByte(name.length);
        out.write(name);
        out.writeByte(property.length);
        out.write(property);
        out.writeInt(type.length);
        out.write(type);
        out.flush();
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        Socket s = socket;
        if (s != null) {
            try {
                s.close(); // unblocks a write the server no longer reads
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        thread.join(10_000);
    }
}
