/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * ZMTP security mechanisms (23/ZMTP, 24/ZMTP-PLAIN, 25/ZMTP-CURVE): the {@link io.zmtp.codec.mechanism.ZmtpMechanism}
 * interface that the handshake handler drives, and the NULL mechanism.
 */
package io.zmtp.codec.mechanism;
