/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.internal.curve;

import java.security.SecureRandom;

/**
 * Where a CURVE handshake (26/CurveZMQ) takes its fresh secrets from: transient secret keys, the cookie key and the
 * random tails of the long nonces. {@link #SECURE} draws them from a {@link SecureRandom}; tests substitute fixed
 * values to reproduce a known-answer transcript byte for byte. Never use anything but {@link #SECURE} in production:
 * a repeated transient key or long nonce breaks the protocol's security.
 *
 * <p>Implementations must be thread-safe; each call returns a new array that the caller owns (and wipes).
 */
@FunctionalInterface
public interface CurveRandom {

    /** What a random value is for, and how long it is. */
    enum Use {
        /** The client's or the server's transient secret key, c' or s' (32 octets). */
        TRANSIENT_SECRET_KEY(32),
        /** The server's cookie key K (32 octets). */
        COOKIE_KEY(32),
        /** The tail of the WELCOME box's nonce after {@code WELCOME-} (16 octets). */
        WELCOME_NONCE(16),
        /** The tail of the cookie box's nonce after {@code COOKIE--} (16 octets). */
        COOKIE_NONCE(16),
        /** The tail of the vouch box's nonce after {@code VOUCH---} (16 octets). */
        VOUCH_NONCE(16),
        /** A new permanent secret key (32 octets): generated key pairs, and clients with a key pair per connection. */
        PERMANENT_SECRET_KEY(32);

        private final int length;

        Use(int length) {
            this.length = length;
        }

        /** Returns the number of octets of a value for this use. */
        public int length() {
            return length;
        }
    }

    /** Fresh values from a shared {@link SecureRandom}. */
    CurveRandom SECURE = new CurveRandom() {
        private final SecureRandom random = new SecureRandom();

        @Override
        public byte[] next(Use use) {
            byte[] value = new byte[use.length()];
            random.nextBytes(value);
            return value;
        }

        @Override
        public String toString() {
            return "CurveRandom.SECURE";
        }
    };

    /** Returns a new array of {@link Use#length()} octets for {@code use}. */
    byte[] next(Use use);
}
