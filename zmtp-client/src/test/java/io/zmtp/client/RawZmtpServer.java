/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.client;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A hand-written ZMTP 3.1 SERVER on a plain {@link ServerSocket}, for the behaviours a well-behaved peer never
 * shows: it writes a NULL greeting and a READY announcing {@code SERVER} (ZMTP-NOTES 1.1, 3.2), and then does only
 * what the test tells it to. Each accepted connection is handed to the test as a {@link Peer}.
 */
final class RawZmtpServer implements AutoCloseable {

    /** Our 64-octet greeting: signature, version 3.1, mechanism NULL, as-server 0, filler. */
    static final byte[] GREETING = greeting();
    /** READY with Socket-Type SERVER: {@code 04 1c 05 'READY' 0b 'Socket-Type' 00 00 00 06 'SERVER'}. */
    static final byte[] READY_SERVER = readyServer();

    private final ServerSocket serverSocket;
    private final BlockingQueue<Peer> accepted = new LinkedBlockingQueue<>();
    private final List<Socket> sockets = new ArrayList<>();
    private final Thread acceptor;
    private final byte[] handshake;

    RawZmtpServer() throws IOException {
        this(GREETING, READY_SERVER);
    }

    /** A server that answers every connection with {@code greeting} and {@code ready} (either may be wrong). */
    RawZmtpServer(byte[] greeting, byte[] ready) throws IOException {
        handshake = new byte[greeting.length + ready.length];
        System.arraycopy(greeting, 0, handshake, 0, greeting.length);
        System.arraycopy(ready, 0, handshake, greeting.length, ready.length);
        serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "raw-zmtp-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String endpoint() {
        return "tcp://127.0.0.1:" + serverSocket.getLocalPort();
    }

    private void acceptLoop() {
        try {
            for (;;) {
                Socket s = serverSocket.accept();
                synchronized (sockets) {
                    sockets.add(s);
                }
                s.getOutputStream().write(handshake);
                s.getOutputStream().flush();
                accepted.add(new Peer(s));
            }
        } catch (IOException e) {
            // closed
        }
    }

    /** Returns the next accepted connection, waiting up to {@code timeoutMillis}; null if none came. */
    Peer accept(long timeoutMillis) throws InterruptedException {
        return accepted.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (sockets) {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    /** One accepted connection. */
    static final class Peer {
        final Socket socket;
        final DataInputStream in;
        final OutputStream out;

        Peer(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new DataInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        /** Writes one data frame; {@code more} sets the MORE flag. */
        void writeFrame(byte[] body, boolean more) throws IOException {
            out.write(more ? 0x01 : 0x00);
            out.write(body.length);
            out.write(body);
            out.flush();
        }

        /**
         * Reads the client's greeting and READY, then every complete message until end of stream or
         * {@code timeoutMillis} of silence, and returns their bodies; a frame cut off by the end of the stream is
         * not counted.
         */
        List<byte[]> readMessages(long timeoutMillis) throws IOException {
            socket.setSoTimeout((int) timeoutMillis);
            List<byte[]> messages = new ArrayList<>();
            try {
                in.readFully(new byte[64]);
                for (;;) {
                    int flags = in.readUnsignedByte();
                    long size = (flags & 0x02) != 0 ? in.readLong() : in.readUnsignedByte();
                    byte[] body = new byte[(int) size];
                    in.readFully(body);
                    if ((flags & 0x04) == 0) {
                        messages.add(body);
                    }
                }
            } catch (EOFException | java.net.SocketTimeoutException | java.net.SocketException e) {
                return messages;
            }
        }

        /** Writes one single-frame message per body (short form, up to 255 octets each) in one write. */
        void writeMessages(List<byte[]> bodies) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (byte[] body : bodies) {
                b.write(0x00);
                b.write(body.length);
                b.writeBytes(body);
            }
            out.write(b.toByteArray());
            out.flush();
        }

        /** One frame as read off the wire: its flags octet and its body. */
        record Frame(int flags, byte[] body) {
        }

        /**
         * Reads the client's greeting, then frames until {@code count} data frames have come, skipping commands,
         * and returns the data frames with their flags; throws if the stream ends or stays silent for
         * {@code timeoutMillis} first.
         */
        List<Frame> readDataFrames(int count, long timeoutMillis) throws IOException {
            socket.setSoTimeout((int) timeoutMillis);
            List<Frame> frames = new ArrayList<>(count);
            in.readFully(new byte[64]);
            while (frames.size() < count) {
                int flags = in.readUnsignedByte();
                long size = (flags & 0x02) != 0 ? in.readLong() : in.readUnsignedByte();
                byte[] body = new byte[(int) size];
                in.readFully(body);
                if ((flags & 0x04) == 0) {
                    frames.add(new Frame(flags, body));
                }
            }
            return frames;
        }

        /** Half-closes: we send FIN (the client sees the server go away) but keep reading. */
        void shutdownOutput() throws IOException {
            socket.shutdownOutput();
        }

        /** Reads and discards everything until end of stream; returns whether the stream ended in time. */
        boolean awaitClosedByClient(long timeoutMillis) throws IOException {
            socket.setSoTimeout((int) timeoutMillis);
            byte[] buf = new byte[8192];
            try {
                InputStream in = socket.getInputStream();
                while (in.read(buf) >= 0) {
                    // discard
                }
                return true;
            } catch (java.net.SocketTimeoutException e) {
                return false;
            } catch (java.net.SocketException e) {
                return true;
            }
        }
    }

    private static byte[] greeting() {
        return greeting("NULL");
    }

    /** Returns a ZMTP 3.1 greeting announcing {@code mechanism}. */
    static byte[] greeting(String mechanism) {
        byte[] g = new byte[64];
        g[0] = (byte) 0xff;
        g[9] = 0x7f;
        g[10] = 3;
        g[11] = 1;
        byte[] name = mechanism.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, g, 12, name.length);
        return g;
    }

    private static byte[] readyServer() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x04);
        b.write(0x1c);
        b.write(5);
        b.writeBytes("READY".getBytes(StandardCharsets.US_ASCII));
        b.write(11);
        b.writeBytes("Socket-Type".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(new byte[] {0, 0, 0, 6});
        b.writeBytes("SERVER".getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }
}
