/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.internal.curve;

import io.zmtp.codec.ZmtpCommand;
import io.zmtp.codec.ZmtpHandshakeFailureReason;
import io.zmtp.codec.ZmtpMetadata;
import io.zmtp.codec.ZmtpProtocolException;
import io.zmtp.codec.ZmtpRawCommand;
import io.zmtp.codec.internal.PeerMetadata;
import io.zmtp.codec.internal.PeerText;
import io.zmtp.codec.internal.SocketTypeCheck;
import io.zmtp.codec.mechanism.ZmtpMechanismContext;
import io.zmtp.codec.mechanism.ZmtpMechanismHandshake;

import java.util.Arrays;

/**
 * The client side of one CURVE handshake (25/ZMTP-CURVE, 26/CurveZMQ; ZMTP-NOTES 9.4):
 *
 * <pre>
 * C: HELLO    01 00, 72 x 00, C', nonce 1, Box[64 x 00](C' -&gt; S)
 * S: WELCOME  W, Box[S' | cookie](S -&gt; C')                    (or ERROR)
 * C: INITIATE cookie, nonce 2, Box[C | vouch | metadata](C' -&gt; S'), vouch = V | Box[C' | S](C -&gt; S')
 * S: READY    nonce 1, Box[metadata](S' -&gt; C')                 (or ERROR)
 * </pre>
 *
 * <p>WELCOME must be exactly 168 octets and open with (S, c'); READY must open with the key precomputed from
 * (S', c'), its metadata within {@link io.zmtp.codec.ZmtpCodecOptions#maxMetadataSize()} and its
 * {@code Socket-Type} compatible with ours ({@code SOCKET_TYPE} otherwise). Anything else fails with
 * {@code PROTOCOL}. An ERROR is accepted while waiting for WELCOME or READY: with a ZAP status code or no reason it
 * fails with {@code AUTHENTICATION}, with any other reason with {@code PROTOCOL}. The client never sends ERROR (only
 * servers do). On success the handshake hands a {@link CurveMessageCodec} keyed with the session
 * key to the context; its first MESSAGE nonce is 3.
 *
 * <p>Runs on the connection's event loop; not thread-safe. Commands it receives stay owned by the caller. Its
 * secrets are wiped by {@link #close()}.
 */
public final class CurveClientHandshake implements ZmtpMechanismHandshake {

    private enum State { WAIT_WELCOME, WAIT_READY, DONE }

    private final ZmtpMechanismContext context;
    private final CurveRandom random;
    private final byte[] serverPublicKey;
    private final byte[] clientPublicKey;
    private final byte[] clientSecretKey;

    private State state = State.WAIT_WELCOME;
    private long lastNonce;
    private byte[] transientPublicKey;
    private byte[] transientSecretKey;
    private CurveBox session;

    /**
     * Creates the handshake.
     *
     * @param serverPublicKey S, 32 octets (kept, not copied)
     * @param clientPublicKey C, 32 octets (kept, not copied)
     * @param clientSecretKey c, 32 octets (kept, not copied, wiped by {@link #close()})
     * @param random where c' and the vouch nonce come from
     */
    public CurveClientHandshake(ZmtpMechanismContext context, byte[] serverPublicKey, byte[] clientPublicKey,
                                byte[] clientSecretKey, CurveRandom random) {
        this.context = context;
        this.serverPublicKey = serverPublicKey;
        this.clientPublicKey = clientPublicKey;
        this.clientSecretKey = clientSecretKey;
        this.random = random;
    }

    @Override
    public boolean rawCommands() {
        return true;
    }

    @Override
    public void start() {
        transientSecretKey = random.next(CurveRandom.Use.TRANSIENT_SECRET_KEY);
        transientPublicKey = CurveBox.publicKey(transientSecretKey);
        CurveBox box = CurveBox.precompute(serverPublicKey, transientSecretKey);
        if (box == null) {
            fail(ZmtpHandshakeFailureReason.PROTOCOL, "the configured CURVE server public key is not usable");
            return;
        }
        long nonce = ++lastNonce;
        byte[] signature;
        try {
            signature = box.seal(CurveNonces.shortNonce(CurveNonces.HELLO, nonce),
                    new byte[CurveCommands.HELLO_SIGNATURE_PLAINTEXT]);
        } finally {
            box.destroy();
        }
        context.send(CurveCommands.command(context, CurveCommands.HELLO, new byte[] {1, 0},
                new byte[CurveCommands.HELLO_PADDING], transientPublicKey, CurveCommands.uint64(nonce), signature));
    }

    @Override
    public void commandReceived(ZmtpCommand command) {
        ZmtpRawCommand raw = (ZmtpRawCommand) command;
        try {
            if (raw.is(CurveCommands.ERROR) && state != State.DONE) {
                String reason = CurveCommands.errorReason(CurveCommands.data(raw));
                fail(isRejection(reason) ? ZmtpHandshakeFailureReason.AUTHENTICATION
                        : ZmtpHandshakeFailureReason.PROTOCOL, "server rejected the CURVE handshake: ERROR "
                        + (reason.isEmpty() ? "with no reason" : reason));
            } else if (state == State.WAIT_WELCOME && raw.is(CurveCommands.WELCOME)) {
                welcomeReceived(CurveCommands.data(raw));
            } else if (state == State.WAIT_READY && raw.is(CurveCommands.READY)) {
                readyReceived(CurveCommands.data(raw));
            } else {
                fail(ZmtpHandshakeFailureReason.PROTOCOL, "unexpected " + PeerText.escape(raw.name())
                        + " in the CURVE handshake (expected " + (state == State.WAIT_WELCOME ? "WELCOME" : "READY")
                        + ")");
            }
        } catch (ZmtpProtocolException e) {
            fail(ZmtpHandshakeFailureReason.PROTOCOL, e.getMessage());
        }
    }

    /**
     * Returns whether an ERROR reason says the server refused our credentials: a ZAP status code (libzmq), or no
     * reason at all (JeroMQ 0.6.0 after a HELLO it cannot open, i.e. we have the wrong server key).
     */
    private static boolean isRejection(String reason) {
        return reason.isEmpty() || reason.equals("300") || reason.equals("400") || reason.equals("500");
    }

    private void welcomeReceived(byte[] data) {
        if (data.length != CurveCommands.WELCOME_DATA) {
            throw new ZmtpProtocolException("malformed WELCOME: " + (data.length + 8) + " octets (expected 168)");
        }
        CurveBox welcomeBox = CurveBox.precompute(serverPublicKey, transientSecretKey);
        byte[] plaintext;
        try {
            plaintext = welcomeBox == null ? null : welcomeBox.open(
                    CurveNonces.longNonce(CurveNonces.WELCOME, data, 0), data, 16, data.length - 16);
        } finally {
            if (welcomeBox != null) {
                welcomeBox.destroy();
            }
        }
        if (plaintext == null) {
            throw new ZmtpProtocolException("WELCOME box does not open with the server's public key");
        }
        byte[] serverTransientKey = Arrays.copyOfRange(plaintext, 0, 32);
        byte[] cookie = Arrays.copyOfRange(plaintext, 32, 32 + CurveCommands.COOKIE);
        Arrays.fill(plaintext, (byte) 0);
        session = CurveBox.precompute(serverTransientKey, transientSecretKey);
        CurveBox vouchBox = CurveBox.precompute(serverTransientKey, clientSecretKey);
        if (session == null || vouchBox == null) {
            if (vouchBox != null) {
                vouchBox.destroy();
            }
            throw new ZmtpProtocolException("WELCOME carries an unusable server transient key");
        }
        byte[] vouchTail = random.next(CurveRandom.Use.VOUCH_NONCE);
        byte[] vouchPlaintext = new byte[64];
        System.arraycopy(transientPublicKey, 0, vouchPlaintext, 0, 32);
        System.arraycopy(serverPublicKey, 0, vouchPlaintext, 32, 32);
        byte[] vouch;
        try {
            vouch = vouchBox.seal(CurveNonces.longNonce(CurveNonces.VOUCH, vouchTail, 0), vouchPlaintext);
        } finally {
            vouchBox.destroy();
        }
        byte[] metadata = CurveCommands.encode(context.localMetadata());
        byte[] plain = new byte[32 + CurveCommands.VOUCH + metadata.length];
        System.arraycopy(clientPublicKey, 0, plain, 0, 32);
        System.arraycopy(vouchTail, 0, plain, 32, 16);
        System.arraycopy(vouch, 0, plain, 48, vouch.length);
        System.arraycopy(metadata, 0, plain, 32 + CurveCommands.VOUCH, metadata.length);
        long nonce = ++lastNonce;
        byte[] initiateBox = session.seal(CurveNonces.shortNonce(CurveNonces.INITIATE, nonce), plain);
        state = State.WAIT_READY;
        context.send(CurveCommands.command(context, CurveCommands.INITIATE, cookie, CurveCommands.uint64(nonce),
                initiateBox));
    }

    private void readyReceived(byte[] data) {
        if (data.length < CurveCommands.READY_DATA_MIN) {
            throw new ZmtpProtocolException("malformed READY: " + (data.length + 6) + " octets (expected >= 30)");
        }
        int metadataLength = data.length - CurveCommands.READY_DATA_MIN;
        int max = context.options().maxMetadataSize();
        if (metadataLength > max) {
            throw new ZmtpProtocolException("peer metadata of " + metadataLength + " octets exceeds maxMetadataSize "
                    + max);
        }
        long nonce = CurveCommands.uint64(data, 0);
        if (!session.openInPlace(CurveNonces.shortNonce(CurveNonces.READY, nonce), data, 8, data.length - 8)) {
            throw new ZmtpProtocolException("READY box does not open with the session key");
        }
        ZmtpMetadata peer = PeerMetadata.authenticated(
                CurveCommands.decodeMetadata(data, 8 + CurveBox.TAG_LENGTH, metadataLength), null);
        SocketTypeCheck.Mismatch mismatch = SocketTypeCheck.check(context.localSocketType(), peer);
        if (mismatch != null) {
            fail(ZmtpHandshakeFailureReason.SOCKET_TYPE, mismatch.message());
            return;
        }
        state = State.DONE;
        CurveMessageCodec codec = new CurveMessageCodec(session, false, lastNonce, nonce, context.options());
        session = null;
        context.complete(peer, codec);
    }

    private void fail(ZmtpHandshakeFailureReason reason, String message) {
        state = State.DONE;
        context.fail(reason, message, null);
    }

    @Override
    public void close() {
        state = State.DONE;
        Arrays.fill(clientSecretKey, (byte) 0);
        if (transientSecretKey != null) {
            Arrays.fill(transientSecretKey, (byte) 0);
        }
        if (session != null) {
            session.destroy();
            session = null;
        }
    }

    @Override
    public String toString() {
        return "CurveClientHandshake(" + state + ")";
    }
}
