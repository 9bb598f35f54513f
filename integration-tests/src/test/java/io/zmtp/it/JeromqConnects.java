/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.it;

/**
 * How often a test replaces a JeroMQ socket whose connection to us stays silent.
 *
 * <p>JeroMQ 0.6.0 sometimes loses a connection it has just opened: its poller retires the connecter's registration
 * of the channel and registers the new engine for the same channel in one pass, and when it meets the engine first,
 * the still-cancelled key makes it skip the registration. The connection is established but never greets and never
 * reads, until JeroMQ's handshake interval (30 s by default) or forever (JeroMQ pull request 1022 describes it). It
 * hits one fresh connection in 20 to 50 here, more under load, also with a plain {@code java.net.ServerSocket} as the
 * peer, so it is not our doing. Each attempt is independent, so a test tries fresh sockets up to {@link #ATTEMPTS}
 * times, each for a few seconds.
 */
public final class JeromqConnects {

    /** Fresh sockets tried: even at one silent connection in three, all of them fail once in 6 500 connects. */
    public static final int ATTEMPTS = 8;

    private JeromqConnects() {
    }
}
