/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * ZMTP security mechanisms (23/ZMTP, 24/ZMTP-PLAIN, 25/ZMTP-CURVE with 26/CurveZMQ): the
 * {@link io.zmtp.codec.mechanism.ZmtpMechanism} interface that the handshake handler drives, the NULL, PLAIN and
 * CURVE mechanisms, the {@link io.zmtp.codec.mechanism.ZmtpAuthenticator} hook that plays ZAP's role (27/ZAP) with
 * its built-ins (a PLAIN password file, a CURVE allow-list), and Z85 (32/Z85) for keys.
 *
 * <p>CURVE needs Bouncy Castle ({@code org.bouncycastle:bcprov-jdk18on}) on the class path, an optional dependency
 * of this module: choosing CURVE without it fails at once with a clear message.
 */
package io.zmtp.codec.mechanism;
