/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zmtp.codec.ZmtpSocketType;
import io.zmtp.codec.internal.curve.CurveBox;
import io.zmtp.codec.internal.curve.CurveNonces;
import io.zmtp.codec.mechanism.KnownAnswerCurve;
import io.zmtp.codec.mechanism.ZmtpMechanism;
import org.junit.jupiter.api.BeforeAll;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CURVE MESSAGE box opener and everything behind it (25/ZMTP-CURVE "MESSAGE"): the known-answer handshake
 * completes with known keys, then the fuzzer's operations become MESSAGEs boxed with the session key (so that the
 * inner flags, commands, nonces and message limits are reached), MESSAGEs spoiled after boxing, other frames, and
 * raw bytes.
 *
 * <p>Input: {@link FuzzInput}; choice bit 0 makes us the CURVE client (the peer is then the server); the prefix bit
 * is not used. The peer's bytes are operations, each an octet {@code op} followed by its operands:
 * <pre>
 * op bits 0-1: 0 MESSAGE   nonce step (1), inner flags (1), length (1, or 2 with op bit 2), payload
 *              1 spoiled   as 0, then the index (1) of an octet of the MESSAGE body to flip
 *              2 frame     length (1), body: a frame of that body
 *              3 raw       length (1), octets sent as they are
 * op bits 3-4: the frame's flags for 0 to 2: 00, MORE, COMMAND, COMMAND|MORE
 * </pre>
 * A nonce step of 0 replays the last nonce. Missing operands count as zero.
 */
class CurveMessageFuzzTest {

    private static final byte[] MESSAGE = "\u0007MESSAGE".getBytes(StandardCharsets.US_ASCII);
    private static final ZmtpMechanism SERVER = KnownAnswerCurve.server();
    private static final ZmtpMechanism CLIENT = KnownAnswerCurve.client();
    private static final int[] OUTER_FLAGS = {0, PeerBytes.MORE, PeerBytes.COMMAND, PeerBytes.COMMAND | PeerBytes.MORE};

    /** Runs the targets once before any input is timed: loading and instrumenting classes takes more than 1 s. */
    @BeforeAll
    static void warmUp() {
        new CurveMessageFuzzTest().messagesAfterHandshake(new byte[] {0, 0, 0, 1, 1, 1, 'a', 0, 1, 0, 1, 'b', 3, 1, 0});
        new CurveMessageFuzzTest().messagesAfterHandshake(new byte[] {0, 1, 0, 1, 2, 2, 4, 'P', 'I', 'N', 'G'});
    }

    @FuzzTest(maxDuration = "30s")
    void messagesAfterHandshake(byte[] bytes) {
        FuzzInput input = FuzzInput.of(bytes);
        boolean server = (input.choice & 1) == 0;
        ZmtpSocketType ours = server ? ZmtpSocketType.ROUTER : ZmtpSocketType.DEALER;
        FuzzedConnection connection = new FuzzedConnection(input.profile, ours, server,
                server ? SERVER : CLIENT);
        byte[] handshake = server
                ? PeerBytes.concat(KnownAnswerCurve.greeting(false), KnownAnswerCurve.helloFrame(),
                        KnownAnswerCurve.initiateFrame())
                : PeerBytes.concat(KnownAnswerCurve.greeting(true), KnownAnswerCurve.welcomeFrame(),
                        KnownAnswerCurve.readyFrame());
        // The peer's last handshake nonce: INITIATE is the client's 2, READY the server's 1.
        byte[] wire = new Peer(server ? CurveNonces.MESSAGE_FROM_CLIENT : CurveNonces.MESSAGE_FROM_SERVER,
                server ? 2 : 1).wire(input.wire);
        connection.receive(PeerBytes.concat(handshake, wire));
        assertTrue(connection.handshake() != null && connection.handshake().isSuccess(),
                () -> "the known-answer handshake failed: " + connection.handshake());
        connection.checkHandshake(ours);
        connection.finish();
    }

    /** The peer: turns operations into bytes, boxing MESSAGEs with the session key and its nonces. */
    private static final class Peer {
        private final CurveBox box = CurveBox.secretKey(KnownAnswerCurve.SESSION_KEY);
        private final byte[] noncePrefix;
        private long nonce;

        Peer(byte[] noncePrefix, long lastNonce) {
            this.noncePrefix = noncePrefix;
            this.nonce = lastNonce;
        }

        byte[] wire(byte[] ops) {
            ByteBuffer in = ByteBuffer.wrap(ops);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                while (in.hasRemaining()) {
                    int op = in.get() & 0xFF;
                    int flags = OUTER_FLAGS[(op >>> 3) & 3];
                    switch (op & 3) {
                        case 0 -> out.writeBytes(PeerBytes.frame(flags, message(in, (op & 4) != 0)));
                        case 1 -> {
                            byte[] body = message(in, (op & 4) != 0);
                            body[next(in) % body.length] ^= 0x01;
                            out.writeBytes(PeerBytes.frame(flags, body));
                        }
                        case 2 -> out.writeBytes(PeerBytes.frame(flags, take(in, next(in))));
                        default -> out.writeBytes(take(in, next(in)));
                    }
                }
            } finally {
                box.destroy();
            }
            return out.toByteArray();
        }

        private byte[] message(ByteBuffer in, boolean longLength) {
            nonce += next(in);
            int innerFlags = next(in);
            int length = longLength ? next(in) << 8 | next(in) : next(in);
            byte[] plain = PeerBytes.concat(new byte[] {(byte) innerFlags}, take(in, length));
            byte[] boxed = box.seal(CurveNonces.shortNonce(noncePrefix, nonce), plain);
            return PeerBytes.concat(MESSAGE, ByteBuffer.allocate(8).putLong(nonce).array(), boxed);
        }

        private static int next(ByteBuffer in) {
            return in.hasRemaining() ? in.get() & 0xFF : 0;
        }

        private static byte[] take(ByteBuffer in, int length) {
            byte[] b = Arrays.copyOfRange(in.array(), in.position(), in.position() + Math.min(length, in.remaining()));
            in.position(in.position() + b.length);
            return b;
        }
    }
}
