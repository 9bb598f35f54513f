/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.it.report;

/** A peer implementation that can name itself in the interoperability report. */
public interface InteropPeerInfo {

    /** The implementation, e.g. {@code libzmq}. */
    String product();

    /** Its version, e.g. {@code 4.3.4 (drafts)}. */
    String version();
}
