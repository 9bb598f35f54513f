/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.internal.curve;

/**
 * Checks that Bouncy Castle, which the CURVE mechanism (25/ZMTP-CURVE) takes its X25519 from, is on the class path
 * (XSalsa20 and Poly1305 are the codec's own: {@link Salsa20}, {@link Poly1305}). It is an optional dependency of the
 * codec: whoever does not use CURVE does not need it. This class refers to no Bouncy Castle type, so it loads
 * without it; call {@link #requireBouncyCastle()} before touching any class that does.
 *
 * <p>Thread-safe: the check runs once, when this class is initialised.
 */
public final class CurveSupport {

    /** The message of the exception thrown when Bouncy Castle is missing. */
    public static final String MISSING_MESSAGE = "CURVE needs org.bouncycastle:bcprov-jdk18on on the class path";

    private static final String[] REQUIRED_CLASSES = {
        "org.bouncycastle.math.ec.rfc7748.X25519",
        "org.bouncycastle.util.Arrays",
    };

    private static final boolean AVAILABLE = probe();

    private CurveSupport() {
    }

    /** Returns whether Bouncy Castle is on the class path. */
    public static boolean isAvailable() {
        return AVAILABLE;
    }

    /**
     * Throws unless Bouncy Castle is on the class path.
     *
     * @throws IllegalStateException with {@link #MISSING_MESSAGE} if it is not
     */
    public static void requireBouncyCastle() {
        if (!AVAILABLE) {
            throw new IllegalStateException(MISSING_MESSAGE);
        }
    }

    private static boolean probe() {
        ClassLoader loader = CurveSupport.class.getClassLoader();
        try {
            for (String name : REQUIRED_CLASSES) {
                Class.forName(name, false, loader);
            }
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
