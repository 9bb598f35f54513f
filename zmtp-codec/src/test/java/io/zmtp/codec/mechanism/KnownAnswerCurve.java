/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.mechanism;

import io.zmtp.codec.mechanism.CurveKnownAnswerTest.Kat;

/**
 * The CURVE endpoints of the known-answer transcript (shared/vectors/curve_kat.out) for tests outside this package:
 * a client and a server whose transient keys, cookie key and long nonces are fixed, so that the transcript's HELLO,
 * WELCOME, INITIATE and READY are valid for them byte for byte, and the session key that boxes their MESSAGEs is
 * known. The client is a DEALER, the server a ROUTER.
 */
public final class KnownAnswerCurve {

    /** The session key both ends derive: MESSAGEs are boxed with it. */
    public static final byte[] SESSION_KEY = Kat.SESSION_KEY.clone();

    private KnownAnswerCurve() {
    }

    /** Returns the server of the transcript, accepting any client key. */
    public static ZmtpCurveMechanism server() {
        return Kat.server(ZmtpAuthenticator.ALLOW_ALL);
    }

    /** Returns the client of the transcript. */
    public static ZmtpCurveMechanism client() {
        return Kat.client();
    }

    /** Returns the 64-octet ZMTP 3.1 CURVE greeting with the as-server octet set as given. */
    public static byte[] greeting(boolean asServer) {
        return ZmtpCurveMechanismTest.greeting(asServer);
    }

    /** Returns the client's HELLO command as a whole frame. */
    public static byte[] helloFrame() {
        return ZmtpCurveMechanismTest.commandFrame(Kat.HELLO);
    }

    /** Returns the server's WELCOME command as a whole frame. */
    public static byte[] welcomeFrame() {
        return ZmtpCurveMechanismTest.commandFrame(Kat.WELCOME);
    }

    /** Returns the client's INITIATE command as a whole frame; its short nonce is 2. */
    public static byte[] initiateFrame() {
        return ZmtpCurveMechanismTest.commandFrame(Kat.INITIATE);
    }

    /** Returns the server's READY command as a whole frame; its short nonce is 1. */
    public static byte[] readyFrame() {
        return ZmtpCurveMechanismTest.commandFrame(Kat.READY);
    }

    /** Returns the client's first MESSAGE ("Hello", short nonce 3) as a whole frame. */
    public static byte[] clientHelloMessageFrame() {
        return ZmtpCurveMechanismTest.dataFrame(Kat.MESSAGE_CLIENT_3_HELLO);
    }

    /** Returns the server's first MESSAGE ("World", short nonce 2) as a whole frame. */
    public static byte[] serverWorldMessageFrame() {
        return ZmtpCurveMechanismTest.dataFrame(Kat.MESSAGE_SERVER_2_WORLD);
    }
}
