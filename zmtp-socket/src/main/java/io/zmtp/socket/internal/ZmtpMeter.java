/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.socket.internal;

/**
 * Every meter a socket records, declared once: its name after the socket's prefix ({@code zmtp.client.},
 * {@code zmtp.server.}), its type, its description and its tags. Tag values come from fixed sets, never from peers
 * or endpoints, so that no meter's cardinality grows with traffic. Which sockets record it is said in
 * {@link #sockets}.
 *
 * <table>
 *   <caption>Meters (name after the prefix, type, tags, sockets)</caption>
 *   <tr><td>handshakes</td><td>counter</td><td>outcome=success|failure, reason</td><td>both</td></tr>
 *   <tr><td>messages.sent / messages.received</td><td>counter</td><td></td><td>both</td></tr>
 *   <tr><td>bytes.sent / bytes.received</td><td>counter</td><td></td><td>both</td></tr>
 *   <tr><td>messages.discarded</td><td>counter</td><td>reason=multipart</td><td>both</td></tr>
 *   <tr><td>sends.blocked</td><td>counter</td><td></td><td>both</td></tr>
 *   <tr><td>connections</td><td>gauge</td><td>state</td><td>client</td></tr>
 *   <tr><td>connect.attempts / connect.failures / reconnects</td><td>counter</td><td></td><td>client</td></tr>
 *   <tr><td>messages.rerouted / messages.dropped</td><td>counter</td><td></td><td>client</td></tr>
 *   <tr><td>messages.unsent</td><td>gauge</td><td></td><td>client</td></tr>
 *   <tr><td>heartbeat.timeouts</td><td>counter</td><td></td><td>client</td></tr>
 *   <tr><td>heartbeat.rtt</td><td>timer</td><td></td><td>client</td></tr>
 *   <tr><td>connections.active / connections.handshaking</td><td>gauge</td><td></td><td>server</td></tr>
 *   <tr><td>handshakes.refused</td><td>counter</td><td></td><td>server</td></tr>
 *   <tr><td>receive.queue.depth / receive.queue.bytes / send.queue.bytes</td><td>gauge</td><td></td><td>server</td></tr>
 *   <tr><td>peers.held</td><td>gauge</td><td></td><td>server</td></tr>
 *   <tr><td>sends.unreachable / messages.undelivered / handler.errors</td><td>counter</td><td></td><td>server</td></tr>
 *   <tr><td>connection.errors</td><td>counter</td><td>reason=protocol|too-large|heartbeat-timeout|io|memory</td>
 *       <td>server</td></tr>
 * </table>
 */
public enum ZmtpMeter {
    HANDSHAKES("handshakes", "ZMTP handshakes by outcome", Sockets.BOTH),
    MESSAGES_SENT("messages.sent", "messages handed to the kernel", Sockets.BOTH),
    MESSAGES_RECEIVED("messages.received", "messages received from peers", Sockets.BOTH),
    BYTES_SENT("bytes.sent", "payload octets handed to the kernel", Sockets.BOTH),
    BYTES_RECEIVED("bytes.received", "payload octets received from peers", Sockets.BOTH),
    MESSAGES_DISCARDED("messages.discarded", "inbound messages discarded whole", Sockets.BOTH),
    SENDS_BLOCKED("sends.blocked", "sends that found no room below the high-water mark", Sockets.BOTH),

    CONNECTIONS("connections", "connections by state", Sockets.CLIENT),
    CONNECT_ATTEMPTS("connect.attempts", "TCP connect attempts", Sockets.CLIENT),
    CONNECT_FAILURES("connect.failures", "TCP connect attempts that failed", Sockets.CLIENT),
    RECONNECTS("reconnects", "reconnects scheduled after a failure or a lost connection", Sockets.CLIENT),
    MESSAGES_REROUTED("messages.rerouted", "messages handed to another connection after theirs was lost",
            Sockets.CLIENT),
    MESSAGES_DROPPED("messages.dropped", "messages not written before the client closed", Sockets.CLIENT),
    MESSAGES_UNSENT("messages.unsent", "messages accepted by send and not yet handed to the kernel", Sockets.CLIENT),
    HEARTBEAT_TIMEOUTS("heartbeat.timeouts", "connections closed because no traffic followed a PING",
            Sockets.CLIENT),
    HEARTBEAT_RTT("heartbeat.rtt", "time from a PING to its PONG", Sockets.CLIENT),

    CONNECTIONS_ACTIVE("connections.active", "handshaken peer connections", Sockets.SERVER),
    CONNECTIONS_HANDSHAKING("connections.handshaking", "accepted connections whose handshake is under way",
            Sockets.SERVER),
    HANDSHAKES_REFUSED("handshakes.refused",
            "connections closed at accept because maxHandshakes handshakes were under way", Sockets.SERVER),
    RECEIVE_QUEUE_DEPTH("receive.queue.depth", "messages waiting to be received", Sockets.SERVER),
    RECEIVE_QUEUE_BYTES("receive.queue.bytes", "body octets waiting to be received", Sockets.SERVER),
    SEND_QUEUE_BYTES("send.queue.bytes", "body octets queued to peers and not yet written", Sockets.SERVER),
    PEERS_HELD("peers.held", "peers not received from until they read the replies queued to them", Sockets.SERVER),
    SENDS_UNREACHABLE("sends.unreachable", "sends to an unknown or departed routing id", Sockets.SERVER),
    MESSAGES_UNDELIVERED("messages.undelivered",
            "queued messages not written before their peer disconnected or the server closed", Sockets.SERVER),
    HANDLER_ERRORS("handler.errors", "exceptions thrown by the message handler", Sockets.SERVER),
    CONNECTION_ERRORS("connection.errors", "established connections closed because of an error", Sockets.SERVER);

    /** Which sockets record a meter. */
    public enum Sockets {
        /** CLIENT and SERVER. */
        BOTH,
        /** CLIENT only. */
        CLIENT,
        /** SERVER only. */
        SERVER
    }

    private final String suffix;
    private final String description;
    private final Sockets sockets;

    ZmtpMeter(String suffix, String description, Sockets sockets) {
        this.suffix = suffix;
        this.description = description;
        this.sockets = sockets;
    }

    /** Returns the meter's name for a socket whose meters start with {@code prefix}, e.g. {@code zmtp.server}. */
    public String name(String prefix) {
        return prefix + '.' + suffix;
    }

    /** Returns the meter's description. */
    public String description() {
        return description;
    }

    /** Returns which sockets record the meter. */
    public Sockets sockets() {
        return sockets;
    }
}
