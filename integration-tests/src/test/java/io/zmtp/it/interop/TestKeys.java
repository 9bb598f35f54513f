/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.it.interop;

import io.zmtp.codec.mechanism.ZmtpCurveKeyPair;

/**
 * Credentials of the security cells: libzmq's standard CURVE test keys ({@code doc/zmq_curve.adoc}, shared/ZMTP-NOTES
 * §8), which every peer program takes on its command line in Z85, and a PLAIN user.
 */
final class TestKeys {

    static final String CLIENT_PUBLIC = "Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID";
    static final String CLIENT_SECRET = "D:)Q[IlAW!ahhC2ac:9*A}h:p?([4%wOTJ%JR%cs";
    static final String SERVER_PUBLIC = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";
    static final String SERVER_SECRET = "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6";

    static final String PLAIN_USER = "admin";
    static final String PLAIN_PASSWORD = "secret";
    static final String WRONG_PASSWORD = "Secret";

    private TestKeys() {
    }

    /** The client key pair, derived from its secret key (which also checks that the public key above matches it). */
    static ZmtpCurveKeyPair clientKeys() {
        ZmtpCurveKeyPair keys = ZmtpCurveKeyPair.fromSecretKeyZ85(CLIENT_SECRET);
        if (!keys.publicKeyZ85().equals(CLIENT_PUBLIC)) {
            throw new AssertionError("the libzmq test client secret key derives " + keys.publicKeyZ85());
        }
        return keys;
    }

    /** The server key pair, derived from its secret key and checked against {@link #SERVER_PUBLIC}. */
    static ZmtpCurveKeyPair serverKeys() {
        ZmtpCurveKeyPair keys = ZmtpCurveKeyPair.fromSecretKeyZ85(SERVER_SECRET);
        if (!keys.publicKeyZ85().equals(SERVER_PUBLIC)) {
            throw new AssertionError("the libzmq test server secret key derives " + keys.publicKeyZ85());
        }
        return keys;
    }

    static byte[] serverPublicKey() {
        return ZmtpCurveKeyPair.decodePublicKeyZ85(SERVER_PUBLIC);
    }

    static byte[] clientPublicKey() {
        return ZmtpCurveKeyPair.decodePublicKeyZ85(CLIENT_PUBLIC);
    }
}
