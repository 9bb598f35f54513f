/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec;

import java.util.Objects;

/**
 * The ZeroMQ socket types that announce themselves in the {@code Socket-Type} property of a ZMTP handshake,
 * and which of them may talk to each other (23/ZMTP section "The Socket-Type Property", 37/ZMTP 3.1).
 *
 * <p>The compatibility table is the one libzmq enforces ({@code mechanism_t::check_socket_type}); matching of
 * wire names is exact and case-sensitive, as in libzmq. The thread-safe family ({@link #CLIENT}, {@link #SERVER},
 * {@link #RADIO}, {@link #DISH}, {@link #SCATTER}, {@link #GATHER}, {@link #PEER}, {@link #CHANNEL}) exists only in
 * libzmq builds with draft APIs enabled; those sockets exchange single-part messages only.
 */
public enum ZmtpSocketType {
    /** Request socket of the request-reply pattern (28/REQREP). */
    REQ,
    /** Reply socket of the request-reply pattern (28/REQREP). */
    REP,
    /** Asynchronous request socket (28/REQREP). */
    DEALER,
    /** Asynchronous reply socket that routes by peer identity (28/REQREP). */
    ROUTER,
    /** Publisher (29/PUBSUB). */
    PUB,
    /** Publisher that sees subscriptions (29/PUBSUB). */
    XPUB,
    /** Subscriber (29/PUBSUB). */
    SUB,
    /** Subscriber that sends subscriptions as messages (29/PUBSUB). */
    XSUB,
    /** Pipeline sender (30/PIPELINE). */
    PUSH,
    /** Pipeline receiver (30/PIPELINE). */
    PULL,
    /** Exclusive pair (31/EXPAIR). */
    PAIR,
    /** Thread-safe client: round-robins sends, fair-queues receives (41/CLIENTSERVER). */
    CLIENT,
    /** Thread-safe server: addresses every peer by a 32-bit routing id (41/CLIENTSERVER). */
    SERVER,
    /** Thread-safe group publisher (48/RADIO-DISH). */
    RADIO,
    /** Thread-safe group subscriber (48/RADIO-DISH). */
    DISH,
    /** Thread-safe pipeline sender (49/SCATTER-GATHER). */
    SCATTER,
    /** Thread-safe pipeline receiver (49/SCATTER-GATHER). */
    GATHER,
    /** Thread-safe peer-to-peer socket (51/P2P). */
    PEER,
    /** Thread-safe exclusive pair (52/CHANNEL). */
    CHANNEL;

    /**
     * Returns whether a socket of this type accepts a peer announcing {@code peer}.
     * The relation is symmetric for every pair in the table.
     */
    public boolean isCompatibleWith(ZmtpSocketType peer) {
        Objects.requireNonNull(peer, "peer");
        switch (this) {
            case REQ:
                return peer == REP || peer == ROUTER;
            case REP:
                return peer == REQ || peer == DEALER;
            case DEALER:
                return peer == REP || peer == DEALER || peer == ROUTER;
            case ROUTER:
                return peer == REQ || peer == DEALER || peer == ROUTER;
            case PUB:
            case XPUB:
                return peer == SUB || peer == XSUB;
            case SUB:
            case XSUB:
                return peer == PUB || peer == XPUB;
            case PUSH:
                return peer == PULL;
            case PULL:
                return peer == PUSH;
            case PAIR:
                return peer == PAIR;
            case CLIENT:
                return peer == SERVER;
            case SERVER:
                return peer == CLIENT;
            case RADIO:
                return peer == DISH;
            case DISH:
                return peer == RADIO;
            case SCATTER:
                return peer == GATHER;
            case GATHER:
                return peer == SCATTER;
            case PEER:
                return peer == PEER;
            case CHANNEL:
                return peer == CHANNEL;
            default:
                throw new AssertionError(this);
        }
    }

    /**
     * Returns whether this socket type sends the {@code Identity} property in its handshake metadata.
     * libzmq sends it for {@link #REQ}, {@link #DEALER} and {@link #ROUTER} only, and only a {@link #ROUTER}
     * uses what it receives.
     */
    public boolean sendsIdentity() {
        return this == REQ || this == DEALER || this == ROUTER;
    }

    /** Returns whether this is one of the thread-safe, single-part socket types introduced with ZMTP 3.1. */
    public boolean isThreadSafe() {
        return ordinal() >= CLIENT.ordinal();
    }

    /** Returns the name this type has in the {@code Socket-Type} property, e.g. {@code "SERVER"}. */
    public String wireName() {
        return name();
    }

    /**
     * Returns the socket type whose wire name is exactly {@code wireName}, or {@code null} when there is none.
     * The match is case-sensitive, as in libzmq.
     */
    public static ZmtpSocketType fromWireName(String wireName) {
        Objects.requireNonNull(wireName, "wireName");
        for (ZmtpSocketType type : values()) {
            if (type.name().equals(wireName)) {
                return type;
            }
        }
        return null;
    }
}
