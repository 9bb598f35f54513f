/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.internal.curve;

import io.zmtp.codec.ZmtpCommand;
import io.zmtp.codec.ZmtpHandshakeFailureReason;
import io.zmtp.codec.ZmtpMetadata;
import io.zmtp.codec.ZmtpProtocolException;
import io.zmtp.codec.ZmtpRawCommand;
import io.zmtp.codec.internal.Authenticators;
import io.zmtp.codec.internal.PeerMetadata;
import io.zmtp.codec.internal.PeerText;
import io.zmtp.codec.internal.SocketTypeCheck;
import io.zmtp.codec.mechanism.ZmtpAuthRequest;
import io.zmtp.codec.mechanism.ZmtpAuthResult;
import io.zmtp.codec.mechanism.ZmtpAuthenticator;
import io.zmtp.codec.mechanism.ZmtpMechanismContext;
import io.zmtp.codec.mechanism.ZmtpMechanismHandshake;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The server side of one CURVE handshake (25/ZMTP-CURVE, 26/CurveZMQ; ZMTP-NOTES 9.4), following libzmq:
 *
 * <ul>
 *   <li>HELLO must be exactly 200 octets, version 1.0, and its signature box must open with (C', s). A malformed
 *       HELLO fails with {@code PROTOCOL}, a box that does not open (the client has the wrong server key) with
 *       {@code AUTHENTICATION}; neither sends ERROR, so a wrong key looks like a dropped connection to the client,
 *       as with libzmq. A good HELLO is answered with WELCOME, boxed with the key that opened HELLO: a fresh
 *       transient key pair S'/s' and a cookie sealed with a fresh cookie key K.</li>
 *   <li>INITIATE must carry our cookie (it must open with K and hold the same C' and s'), its box must open with
 *       (C', s'), and the vouch inside with (C, s'), holding C' and S; its metadata may not exceed
 *       {@link io.zmtp.codec.ZmtpCodecOptions#maxMetadataSize()}. Failures are {@code PROTOCOL} (malformed) or
 *       {@code AUTHENTICATION} (a box that does not open), without ERROR.</li>
 *   <li>Then the {@link ZmtpAuthenticator} decides about the client's permanent key C, before anything looks at
 *       the client's metadata (libzmq asks ZAP before it checks the socket type too): a refused client learns
 *       nothing about our socket type, and the authenticator hears of every attempt. 300 closes without ERROR; 400
 *       and 500 send ERROR with the code and close, all with {@code AUTHENTICATION}. The decision may come later,
 *       on any thread: it is carried back to the event loop.</li>
 *   <li>On 200, a client whose {@code Socket-Type} does not fit ours fails with {@code SOCKET_TYPE} and gets ERROR
 *       instead of READY; any other gets READY and the handshake completes (the user id, if any, joins the peer's
 *       metadata as {@value ZmtpAuthResult#USER_ID}, in place of any the client sent).</li>
 * </ul>
 *
 * <p>On success the context gets a {@link CurveMessageCodec} keyed with the session key; our first MESSAGE nonce is
 * 2 (READY took 1). Runs on the connection's event loop; not thread-safe. Commands it receives stay owned by the
 * caller. Its secrets (s', K, the session key) are wiped by {@link #close()}; the permanent secret key s is shared
 * and left alone.
 */
public final class CurveServerHandshake implements ZmtpMechanismHandshake {

    private enum State { WAIT_HELLO, WAIT_INITIATE, AUTHENTICATING, DONE }

    private final ZmtpMechanismContext context;
    private final CurveRandom random;
    private final byte[] serverPublicKey;
    private final byte[] serverSecretKey;
    private final ZmtpAuthenticator authenticator;

    private State state = State.WAIT_HELLO;
    private long peerNonce;
    private byte[] clientTransientKey;
    private byte[] transientSecretKey;
    private byte[] cookieKey;
    private CurveBox session;
    private ZmtpMetadata peerMetadata;

    /**
     * Creates the handshake.
     *
     * @param serverPublicKey S, 32 octets (kept, not copied)
     * @param serverSecretKey s, 32 octets (kept, not copied, never modified)
     * @param authenticator decides about the client's permanent public key
     * @param random where s', K and the long nonces come from
     */
    public CurveServerHandshake(ZmtpMechanismContext context, byte[] serverPublicKey, byte[] serverSecretKey,
                                ZmtpAuthenticator authenticator, CurveRandom random) {
        this.context = context;
        this.serverPublicKey = serverPublicKey;
        this.serverSecretKey = serverSecretKey;
        this.authenticator = authenticator;
        this.random = random;
    }

    @Override
    public boolean rawCommands() {
        return true;
    }

    @Override
    public void start() {
        // The client speaks first.
    }

    @Override
    public void commandReceived(ZmtpCommand command) {
        ZmtpRawCommand raw = (ZmtpRawCommand) command;
        try {
            if (state == State.WAIT_HELLO && raw.is(CurveCommands.HELLO)) {
                helloReceived(CurveCommands.data(raw));
            } else if (state == State.WAIT_INITIATE && raw.is(CurveCommands.INITIATE)) {
                initiateReceived(CurveCommands.data(raw));
            } else if (raw.is(CurveCommands.ERROR)) {
                fail(ZmtpHandshakeFailureReason.PROTOCOL, "client sent ERROR: "
                        + CurveCommands.errorReason(CurveCommands.data(raw)));
            } else {
                fail(ZmtpHandshakeFailureReason.PROTOCOL, "unexpected " + PeerText.escape(raw.name())
                        + " in the CURVE handshake (expected " + (state == State.WAIT_HELLO ? "HELLO"
                        : state == State.WAIT_INITIATE ? "INITIATE" : "nothing until the authenticator has decided")
                        + ")");
            }
        } catch (ZmtpProtocolException e) {
            fail(ZmtpHandshakeFailureReason.PROTOCOL, e.getMessage());
        }
    }

    private void helloReceived(byte[] data) {
        if (data.length != CurveCommands.HELLO_DATA) {
            throw new ZmtpProtocolException("malformed HELLO: " + (data.length + 6) + " octets (expected 200)");
        }
        if (data[0] != 1 || data[1] != 0) {
            throw new ZmtpProtocolException("unsupported CurveZMQ version " + (data[0] & 0xFF) + "."
                    + (data[1] & 0xFF) + " in HELLO (expected 1.0)");
        }
        int offset = 2 + CurveCommands.HELLO_PADDING;
        clientTransientKey = Arrays.copyOfRange(data, offset, offset + 32);
        long nonce = CurveCommands.uint64(data, offset + 32);
        // The box between C' and s opens HELLO and seals WELCOME: one X25519 agreement serves both.
        CurveBox box = CurveBox.precompute(clientTransientKey, serverSecretKey);
        try {
            byte[] signature = box == null ? null : box.open(CurveNonces.shortNonce(CurveNonces.HELLO, nonce), data,
                    offset + 40, data.length - offset - 40);
            if (signature == null) {
                fail(ZmtpHandshakeFailureReason.AUTHENTICATION, "HELLO signature box does not open: the client "
                        + "does not have our public key");
                return;
            }
            peerNonce = nonce;
            sendWelcome(box);
        } finally {
            if (box != null) {
                box.destroy();
            }
        }
    }

    /** Draws s' and K, and sends WELCOME (S' and the cookie) sealed with {@code box}, the box of (C', s). */
    private void sendWelcome(CurveBox box) {
        transientSecretKey = random.next(CurveRandom.Use.TRANSIENT_SECRET_KEY);
        byte[] transientPublicKey = CurveBox.publicKey(transientSecretKey);
        cookieKey = random.next(CurveRandom.Use.COOKIE_KEY);
        byte[] cookieTail = random.next(CurveRandom.Use.COOKIE_NONCE);
        byte[] cookiePlaintext = concat(clientTransientKey, transientSecretKey);
        CurveBox cookieBox = CurveBox.secretKey(cookieKey);
        byte[] cookie;
        try {
            cookie = concat(cookieTail, cookieBox.seal(CurveNonces.longNonce(CurveNonces.COOKIE, cookieTail, 0),
                    cookiePlaintext));
        } finally {
            cookieBox.destroy();
            Arrays.fill(cookiePlaintext, (byte) 0);
        }
        byte[] welcomeTail = random.next(CurveRandom.Use.WELCOME_NONCE);
        byte[] welcome = box.seal(CurveNonces.longNonce(CurveNonces.WELCOME, welcomeTail, 0),
                concat(transientPublicKey, cookie));
        state = State.WAIT_INITIATE;
        context.send(CurveCommands.command(context, CurveCommands.WELCOME, welcomeTail, welcome));
    }

    private void initiateReceived(byte[] data) {
        if (data.length < CurveCommands.INITIATE_DATA_MIN) {
            throw new ZmtpProtocolException("malformed INITIATE: " + (data.length + 9)
                    + " octets (expected >= 257)");
        }
        int metadataLength = data.length - CurveCommands.INITIATE_DATA_MIN;
        int max = context.options().maxMetadataSize();
        if (metadataLength > max) {
            throw new ZmtpProtocolException("peer metadata of " + metadataLength + " octets exceeds maxMetadataSize "
                    + max);
        }
        if (!cookieIsOurs(data)) {
            fail(ZmtpHandshakeFailureReason.AUTHENTICATION, "INITIATE does not carry the cookie we sent");
            return;
        }
        long nonce = CurveCommands.uint64(data, CurveCommands.COOKIE);
        session = CurveBox.precompute(clientTransientKey, transientSecretKey);
        if (session == null) {
            fail(ZmtpHandshakeFailureReason.PROTOCOL, "unusable client transient key");
            return;
        }
        int boxOffset = CurveCommands.COOKIE + 8;
        byte[] plain = session.open(CurveNonces.shortNonce(CurveNonces.INITIATE, nonce), data, boxOffset,
                data.length - boxOffset);
        if (plain == null) {
            fail(ZmtpHandshakeFailureReason.AUTHENTICATION, "INITIATE box does not open with the session key");
            return;
        }
        byte[] clientPublicKey = Arrays.copyOfRange(plain, 0, 32);
        if (!vouchIsValid(plain, clientPublicKey)) {
            fail(ZmtpHandshakeFailureReason.AUTHENTICATION, "INITIATE carries a vouch that does not open or does "
                    + "not name our keys");
            return;
        }
        peerMetadata = CurveCommands.decodeMetadata(plain, 32 + CurveCommands.VOUCH, metadataLength);
        peerNonce = nonce;
        state = State.AUTHENTICATING;
        ZmtpAuthRequest request = ZmtpAuthRequest.curve(context.remoteAddress(), clientPublicKey);
        Authenticators.ask(authenticator, request).whenComplete((result, error) -> {
            if (context.executor().inEventLoop()) {
                decided(result, error);
            } else {
                context.executor().execute(() -> decided(result, error));
            }
        });
    }

    /** Opens the cookie with K and checks that it holds the C' and s' of this connection. */
    private boolean cookieIsOurs(byte[] data) {
        CurveBox cookieBox = CurveBox.secretKey(cookieKey);
        byte[] plain;
        try {
            plain = cookieBox.open(CurveNonces.longNonce(CurveNonces.COOKIE, data, 0), data, 16,
                    CurveCommands.COOKIE - 16);
        } finally {
            cookieBox.destroy();
        }
        if (plain == null) {
            return false;
        }
        byte[] expected = concat(clientTransientKey, transientSecretKey);
        boolean same = MessageDigest.isEqual(plain, expected);
        Arrays.fill(plain, (byte) 0);
        Arrays.fill(expected, (byte) 0);
        return same;
    }

    /** Opens the vouch in {@code plain} with (C, s') and checks that it holds C' and S. */
    private boolean vouchIsValid(byte[] plain, byte[] clientPublicKey) {
        CurveBox vouchBox = CurveBox.precompute(clientPublicKey, transientSecretKey);
        if (vouchBox == null) {
            return false;
        }
        byte[] vouch;
        try {
            vouch = vouchBox.open(CurveNonces.longNonce(CurveNonces.VOUCH, plain, 32), plain, 48,
                    CurveCommands.VOUCH - 16);
        } finally {
            vouchBox.destroy();
        }
        return vouch != null && MessageDigest.isEqual(vouch, concat(clientTransientKey, serverPublicKey));
    }

    private void decided(ZmtpAuthResult result, Throwable error) {
        if (state != State.AUTHENTICATING) {
            return;
        }
        if (error != null || result == null) {
            result = ZmtpAuthResult.deny(500, "authenticator failed: " + error);
        }
        state = State.DONE;
        if (!result.isAllowed()) {
            context.fail(ZmtpHandshakeFailureReason.AUTHENTICATION, "CURVE client key rejected ("
                    + result.statusCode() + " " + result.reason() + ")",
                    result.statusCode() == 300 ? null : Integer.toString(result.statusCode()));
            return;
        }
        SocketTypeCheck.Mismatch mismatch = SocketTypeCheck.check(context.localSocketType(), peerMetadata);
        if (mismatch != null) {
            context.fail(ZmtpHandshakeFailureReason.SOCKET_TYPE, mismatch.message(), mismatch.errorReason());
            return;
        }
        ZmtpMetadata peer = PeerMetadata.authenticated(peerMetadata, result.userId());
        long nonce = 1;
        byte[] ready = session.seal(CurveNonces.shortNonce(CurveNonces.READY, nonce),
                CurveCommands.encode(context.localMetadata()));
        context.send(CurveCommands.command(context, CurveCommands.READY, CurveCommands.uint64(nonce), ready));
        CurveMessageCodec codec = new CurveMessageCodec(session, true, nonce, peerNonce, context.options());
        session = null;
        context.complete(peer, codec);
    }

    private void fail(ZmtpHandshakeFailureReason reason, String message) {
        state = State.DONE;
        context.fail(reason, message, null);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public void close() {
        state = State.DONE;
        if (transientSecretKey != null) {
            Arrays.fill(transientSecretKey, (byte) 0);
        }
        if (cookieKey != null) {
            Arrays.fill(cookieKey, (byte) 0);
        }
        if (session != null) {
            session.destroy();
            session = null;
        }
    }

    @Override
    public String toString() {
        return "CurveServerHandshake(" + state + ")";
    }
}
