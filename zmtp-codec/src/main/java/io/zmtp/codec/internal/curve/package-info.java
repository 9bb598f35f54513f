/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * The CURVE mechanism's machinery (25/ZMTP-CURVE, 26/CurveZMQ): NaCl boxes on Bouncy Castle, the client and server
 * handshakes, and the per-connection codec that boxes every frame once the handshake is done. Not API, may change
 * without notice. Only the classes named {@code CurveSupport} and {@code CurveRandom} may be loaded without Bouncy
 * Castle on the class path; everything else is loaded only after {@link io.zmtp.codec.internal.curve.CurveSupport}
 * has checked that it is there.
 */
package io.zmtp.codec.internal.curve;
