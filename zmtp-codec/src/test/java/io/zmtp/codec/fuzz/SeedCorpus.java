/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.fuzz;

import io.zmtp.codec.ZmtpSocketType;
import io.zmtp.codec.mechanism.KnownAnswerCurve;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;

import static io.zmtp.codec.fuzz.PeerBytes.MORE;
import static io.zmtp.codec.fuzz.PeerBytes.ascii;
import static io.zmtp.codec.fuzz.PeerBytes.command;
import static io.zmtp.codec.fuzz.PeerBytes.commandBody;
import static io.zmtp.codec.fuzz.PeerBytes.concat;
import static io.zmtp.codec.fuzz.PeerBytes.frame;
import static io.zmtp.codec.fuzz.PeerBytes.greeting;
import static io.zmtp.codec.fuzz.PeerBytes.metadata;
import static io.zmtp.codec.fuzz.PeerBytes.plainHello;
import static io.zmtp.codec.fuzz.PeerBytes.ready;
import static io.zmtp.codec.fuzz.FuzzInput.header;

/**
 * Writes the seed inputs of every fuzz target into the inputs directories that Jazzer runs in regression mode
 * ({@code src/test/resources/io/zmtp/codec/fuzz/<Class>Inputs/<method>/seed-*}): small valid and nearly valid
 * greetings, handshakes, frames, commands, Z85 strings and endpoints. Run from the module directory after changing
 * a target's input format; crash inputs that Jazzer adds beside the seeds are left alone.
 */
public final class SeedCorpus {

    private static final Path ROOT = Paths.get("src/test/resources/io/zmtp/codec/fuzz");

    /** Profile octets (see {@link FuzzProfile}): limits in bits 5-7, headroom in bits 3-4, read size in bits 0-2. */
    private static final int WHOLE = 0x00;
    private static final int BYTE_BY_BYTE = 0x01;
    private static final int SMALL_READS_HEADROOM = 0x0A;
    private static final int TINY_LIMITS = 0x40;
    private static final int LARGE_FRAMES = 0x66;
    private static final int HEARTBEATS = 0x83;

    private SeedCorpus() {
    }

    public static void main(String[] args) throws IOException {
        nullHandshake();
        plainHandshake();
        curveHandshake();
        frames();
        curveMessages();
        commands();
        z85();
        endpoints();
    }

    private static void nullHandshake() throws IOException {
        for (boolean server : new boolean[] {true, false}) {
            String dir = "NullHandshakeFuzzTestInputs/" + (server ? "asServer" : "asClient");
            ZmtpSocketType ours = server ? ZmtpSocketType.ROUTER : ZmtpSocketType.DEALER;
            String peer = server ? "DEALER" : "ROUTER";
            byte[] greeting = greeting("NULL", false, 1);
            write(dir, "valid", header(WHOLE, false, ours), greeting, ready(peer, "Identity", ""),
                    frame(0, ascii("hello")));
            write(dir, "valid-byte-by-byte", header(BYTE_BY_BYTE, false, ours), greeting, ready(peer));
            write(dir, "prefixed-ready", header(SMALL_READS_HEADROOM, true, ours), ready(peer, "X-App", "1"));
            write(dir, "zmtp-3-0", header(WHOLE, false, ours), greeting("NULL", false, 0), ready(peer));
            write(dir, "zmtp-1-0-signature", header(WHOLE, false, ours), new byte[] {0x01, 0x00});
            write(dir, "zmtp-2-0-version", header(WHOLE, false, ours),
                    Arrays.copyOf(greeting, 11), new byte[] {0x01});
            write(dir, "mechanism-mismatch", header(WHOLE, false, ours), greeting("PLAIN", false, 1));
            write(dir, "socket-type-mismatch", header(WHOLE, true, ZmtpSocketType.SUB), ready("PULL"));
            write(dir, "error-instead-of-ready", header(WHOLE, true, ours),
                    command("ERROR", concat(new byte[] {4}, ascii("nope"))));
            write(dir, "metadata-above-limit", header(TINY_LIMITS, true, ours),
                    ready(peer, "X-Big", "x".repeat(100)));
            write(dir, "ready-twice", header(HEARTBEATS, true, ours), ready(peer), ready(peer),
                    command("PING", new byte[] {0, 10}));
            write(dir, "data-before-ready", header(WHOLE, true, ours), frame(0, ascii("early")));
        }
    }

    private static void plainHandshake() throws IOException {
        String server = "PlainHandshakeFuzzTestInputs/asServer";
        byte[] initiate = command("INITIATE", metadata("Socket-Type", "DEALER", "Identity", ""));
        write(server, "valid", header(WHOLE, false, ZmtpSocketType.ROUTER), greeting("PLAIN", false, 1),
                plainHello("admin", "secret"), initiate, frame(0, ascii("hello")));
        write(server, "valid-split", header(SMALL_READS_HEADROOM, true, ZmtpSocketType.ROUTER),
                plainHello("admin", "secret"), initiate);
        write(server, "wrong-password", header(WHOLE, true, ZmtpSocketType.ROUTER), plainHello("admin", "guess"));
        write(server, "hello-truncated", header(WHOLE, true, ZmtpSocketType.ROUTER),
                command("HELLO", new byte[] {5, 'a', 'd'}));
        write(server, "initiate-before-hello", header(WHOLE, true, ZmtpSocketType.ROUTER), initiate);
        write(server, "client-as-server", header(WHOLE, false, ZmtpSocketType.ROUTER), greeting("PLAIN", true, 1));

        String client = "PlainHandshakeFuzzTestInputs/asClient";
        byte[] welcome = command("WELCOME", new byte[0]);
        write(client, "valid", header(WHOLE, false, ZmtpSocketType.DEALER), greeting("PLAIN", true, 1), welcome,
                ready("ROUTER", "User-Id", "admin"), frame(0, ascii("hello")));
        write(client, "valid-split", header(BYTE_BY_BYTE, true, ZmtpSocketType.DEALER), welcome, ready("ROUTER"));
        write(client, "error-400", header(WHOLE, true, ZmtpSocketType.DEALER),
                command("ERROR", concat(new byte[] {3}, ascii("400"))));
        write(client, "ready-before-welcome", header(WHOLE, true, ZmtpSocketType.DEALER), ready("ROUTER"));
    }

    private static void curveHandshake() throws IOException {
        String server = "CurveHandshakeFuzzTestInputs/asServer";
        byte[] initiate = KnownAnswerCurve.initiateFrame();
        write(server, "initiate", header(WHOLE, true, ZmtpSocketType.ROUTER), initiate,
                KnownAnswerCurve.clientHelloMessageFrame());
        write(server, "whole-handshake", header(SMALL_READS_HEADROOM, false, ZmtpSocketType.ROUTER),
                KnownAnswerCurve.greeting(false), KnownAnswerCurve.helloFrame(), initiate);
        write(server, "initiate-spoiled", header(WHOLE, true, ZmtpSocketType.ROUTER), spoil(initiate, 100));
        write(server, "hello-short", header(WHOLE, false, ZmtpSocketType.ROUTER), KnownAnswerCurve.greeting(false),
                Arrays.copyOf(KnownAnswerCurve.helloFrame(), 120));
        write(server, "error", header(WHOLE, true, ZmtpSocketType.ROUTER),
                command("ERROR", concat(new byte[] {3}, ascii("500"))));
        write(server, "socket-type-mismatch", header(WHOLE, true, ZmtpSocketType.PUB), initiate);

        String client = "CurveHandshakeFuzzTestInputs/asClient";
        write(client, "welcome-ready", header(WHOLE, true, ZmtpSocketType.DEALER), KnownAnswerCurve.welcomeFrame(),
                KnownAnswerCurve.readyFrame(), KnownAnswerCurve.serverWorldMessageFrame());
        write(client, "whole-handshake", header(BYTE_BY_BYTE, false, ZmtpSocketType.DEALER),
                KnownAnswerCurve.greeting(true), KnownAnswerCurve.welcomeFrame(), KnownAnswerCurve.readyFrame());
        write(client, "welcome-spoiled", header(WHOLE, true, ZmtpSocketType.DEALER),
                spoil(KnownAnswerCurve.welcomeFrame(), 60));
        write(client, "ready-spoiled", header(WHOLE, true, ZmtpSocketType.DEALER), KnownAnswerCurve.welcomeFrame(),
                spoil(KnownAnswerCurve.readyFrame(), 30));
        write(client, "error-400", header(WHOLE, true, ZmtpSocketType.DEALER), KnownAnswerCurve.welcomeFrame(),
                command("ERROR", concat(new byte[] {3}, ascii("400"))));
    }

    private static void frames() throws IOException {
        String dir = "FrameDecoderFuzzTestInputs/framesAfterHandshake";
        byte[] prefixed = afterHandshake(WHOLE, false, false);
        write(dir, "single", prefixed, frame(0, ascii("hello")));
        write(dir, "multipart", afterHandshake(SMALL_READS_HEADROOM, false, false),
                frame(MORE, ascii("id")), frame(MORE, new byte[0]), frame(0, ascii("body")));
        write(dir, "long-form", prefixed, longFrame(0, new byte[300]));
        write(dir, "long-form-for-short-body", prefixed, longFrame(0, ascii("short")));
        write(dir, "commands", prefixed, command("PING", new byte[] {0, 10, 'c', 't', 'x'}),
                command("PONG", ascii("ctx")), command("SUBSCRIBE", ascii("topic")), command("CANCEL", ascii("t")),
                command("X-UNKNOWN", new byte[0]), frame(0, ascii("after")));
        write(dir, "error-command", prefixed, command("ERROR", concat(new byte[] {3}, ascii("bye"))));
        write(dir, "reserved-flags", prefixed, new byte[] {0x08, 0x00});
        write(dir, "command-with-more", prefixed, new byte[] {0x05, 0x00});
        write(dir, "size-top-bit", prefixed, new byte[] {0x02, (byte) 0x80, 0, 0, 0, 0, 0, 0, 1});
        write(dir, "frame-above-limit", afterHandshake(TINY_LIMITS, false, false), frame(0, new byte[2]));
        write(dir, "too-many-frames", afterHandshake(TINY_LIMITS, false, false), frame(MORE, new byte[0]),
                frame(0, new byte[0]));
        // A body of 32 KiB or more that is still incomplete is gathered in a composite buffer; seeds stay small,
        // so that the fuzzer keeps its inputs short, and complete large frames are left to the unit tests.
        write(dir, "large-frame-pending", afterHandshake(LARGE_FRAMES, false, false), longHeader(0, 36_000),
                new byte[100]);
        write(dir, "heartbeats", afterHandshake(HEARTBEATS, false, false),
                command("PING", new byte[] {0, 5}), frame(0, ascii("a")), frame(0, ascii("b")));
        write(dir, "zmtp-3-0-connecting", afterHandshake(BYTE_BY_BYTE, true, true), frame(MORE, ascii("x")),
                frame(0, ascii("y")));
        write(dir, "no-handshake", new byte[] {WHOLE, 0}, frame(0, ascii("x")));
    }

    /** The set-up octets of FrameDecoderFuzzTest: the handshake prefix, ZMTP 3.0 or 3.1, and which side we are. */
    private static byte[] afterHandshake(int profile, boolean zmtp30, boolean connecting) {
        return new byte[] {(byte) profile, (byte) (0x80 | (zmtp30 ? 1 : 0) | (connecting ? 2 : 0))};
    }

    private static void curveMessages() throws IOException {
        String dir = "CurveMessageFuzzTestInputs/messagesAfterHandshake";
        byte[] asServer = {WHOLE, 0};
        byte[] asClient = {WHOLE, 1};
        write(dir, "hello", asServer, message(0, 1, 0, "Hello"));
        write(dir, "multipart", new byte[] {SMALL_READS_HEADROOM, 0}, message(0, 1, 1, "a"), message(0, 1, 1, ""),
                message(0, 1, 0, "c"));
        write(dir, "inner-commands", asServer, message(0, 1, 2, "\u0004PING\u0000\nctx"),
                message(0, 1, 2, "\u0009SUBSCRIBE"), message(0, 1, 2, "\u0004PONG"),
                message(0, 1, 0, "after"));
        write(dir, "inner-error", asServer, message(0, 1, 2, "\u0005ERROR\u0003bye"));
        write(dir, "more-and-command", asServer, message(0, 1, 3, "x"));
        write(dir, "replayed-nonce", asServer, message(0, 1, 0, "one"), message(0, 0, 0, "two"));
        write(dir, "nonce-gap", asServer, message(0, 200, 0, "far"), message(0, 1, 0, "next"));
        write(dir, "spoiled", asServer, message(1, 1, 0, "spoiled"), new byte[] {20});
        write(dir, "outer-command-flag", asServer, message(0x10, 1, 0, "in a command frame"));
        byte[] ping = commandBody("PING", new byte[] {0, 0});
        write(dir, "not-a-message", asServer, new byte[] {2 | 2 << 3, (byte) ping.length}, ping);
        write(dir, "raw-garbage", asServer, new byte[] {3, 3, (byte) 0xFF, 0, 1});
        write(dir, "above-limits", new byte[] {TINY_LIMITS, 0}, message(0, 1, 0, "xy"));
        // maxFrameSize 255, maxMessageSize 1000: a boxed frame of 256 octets (RELIABILITY.md, finding 1)
        write(dir, "inner-frame-above-max-frame-size", new byte[] {0x20, 0}, new byte[] {4, 1, 0, 1, 0},
                new byte[256]);
        write(dir, "client-world", asClient, message(0, 1, 0, "World"));
        write(dir, "client-heartbeats", new byte[] {(byte) HEARTBEATS, 1}, message(0, 1, 2, "\u0004PING\u0000\u0001"),
                message(0, 1, 0, "x"));
    }

    /** A CurveMessageFuzzTest MESSAGE operation (op 0, or 1 followed by an index) with a one-octet length. */
    private static byte[] message(int op, int nonceStep, int innerFlags, String payload) {
        byte[] data = payload.getBytes(StandardCharsets.ISO_8859_1);
        return concat(new byte[] {(byte) op, (byte) nonceStep, (byte) innerFlags, (byte) data.length}, data);
    }

    private static void commands() throws IOException {
        String dir = "CommandFuzzTestInputs/commandBody";
        write(dir, "ready", commandBody("READY", metadata("Socket-Type", "DEALER", "Identity", "")));
        write(dir, "error", commandBody("ERROR", concat(new byte[] {5}, ascii("error"))));
        write(dir, "error-libzmq-plain", new byte[] {0x5E, 'R', 'R', 'O', 'R', 3, '4', '0', '0'});
        write(dir, "ping", commandBody("PING", new byte[] {0x01, 0x00, 'c', 'o', 'n', 't', 'e', 'x', 't'}));
        write(dir, "ping-long-context", commandBody("PING", concat(new byte[] {0, 1}, new byte[40])));
        write(dir, "pong", commandBody("PONG", ascii("context")));
        write(dir, "subscribe", commandBody("SUBSCRIBE", ascii("topic")));
        write(dir, "cancel", commandBody("CANCEL", new byte[0]));
        write(dir, "unknown", commandBody("X-CUSTOM", new byte[] {1, 2, 3}));
        write(dir, "name-truncated", new byte[] {9, 'S', 'U', 'B'});

        String metadata = "CommandFuzzTestInputs/metadata";
        write(metadata, "socket-type-identity", metadata("Socket-Type", "ROUTER", "Identity", "id"));
        write(metadata, "application", metadata("X-Name", "value", "Resource", "/x", "a.b_c+d-e", ""));
        write(metadata, "binary-value", concat(new byte[] {1, 'X', 0, 0, 0, 3, 0, (byte) 0xFF, 10}));
        write(metadata, "duplicate", metadata("x", "1", "X", "2"));
        write(metadata, "value-truncated", new byte[] {1, 'X', 0, 0, 1, 0, 1});
    }

    private static void z85() throws IOException {
        String decode = "Z85FuzzTestInputs/decode";
        write(decode, "hello-world", ascii("HelloWorld"));
        write(decode, "public-key", ascii("rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7"));
        write(decode, "largest-group", ascii("%nSc0"));
        write(decode, "above-32-bits", ascii("%nSc1"));
        write(decode, "outside-alphabet", ascii("Hello World"));
        write(decode, "non-ascii", "Hell\u00f6".getBytes(StandardCharsets.UTF_8));

        String encode = "Z85FuzzTestInputs/encode";
        write(encode, "hello-world", new byte[] {(byte) 0x86, 0x4F, (byte) 0xD2, 0x6F, (byte) 0xB5, 0x59,
            (byte) 0xF7, 0x5B});
        write(encode, "ones", new byte[] {-1, -1, -1, -1, -1});
    }

    private static void endpoints() throws IOException {
        String dir = "EndpointFuzzTestInputs/parse";
        String[] endpoints = {
            "tcp://127.0.0.1:5555", "tcp://*:*", "tcp://*:0", "tcp://[::1]:80", "tcp://[fe80::1%lo]:1",
            "tcp://localhost:65535", "tcp://example.com:007", "tcp://1.2.3:4", "tcp://[::ffff:1.2.3.4]:9",
            "ws://127.0.0.1:80", "ws://host:80/path/x", "wss://a.example:443/", "ipc:///tmp/zmtp.sock",
            "ipc://relative/path", "ipc://@abstract", "ipc://*", "inproc://name", "udp://127.0.0.1:1",
            "tcp://host", "tcp://127.0.0.1:65536", "tcp://source;host:1",
        };
        for (int i = 0; i < endpoints.length; i++) {
            write(dir, String.format("%02d", i), endpoints[i].getBytes(StandardCharsets.UTF_8));
        }
    }

    private static byte[] longFrame(int flags, byte[] body) {
        return concat(longHeader(flags, body.length), body);
    }

    private static byte[] longHeader(int flags, long size) {
        return ByteBuffer.allocate(9).put((byte) (flags | PeerBytes.LONG)).putLong(size).array();
    }

    private static byte[] spoil(byte[] bytes, int index) {
        byte[] spoiled = bytes.clone();
        spoiled[index] ^= 0x01;
        return spoiled;
    }

    private static void write(String dir, String name, byte[]... parts) throws IOException {
        Path file = ROOT.resolve(dir).resolve("seed-" + name);
        Files.createDirectories(file.getParent());
        Files.write(file, concat(parts));
    }
}
