/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.server;

import java.util.Collection;

/**
 * Which peer a {@link ZmtpServer} disconnects when its send queues hold more than
 * {@link ZmtpServerOptions#maxQueuedBytes()}: back-pressure cannot free memory that a peer holds by not reading, so
 * the peer that holds the most unsent octets among those whose connections take no writes now is disconnected
 * (counted as {@code zmtp.server.connection.errors{reason="memory"}} and logged). Its queued messages fail as
 * undelivered, which gives their octets back. Peers already being disconnected count as freed, so one excess
 * disconnects one peer, not one per send. While every peer's connection takes writes, nobody is disconnected: the
 * per-peer marks still bound what each holds.
 */
final class MemoryShedding {

    private static final System.Logger logger = System.getLogger(ZmtpServer.class.getName());

    private MemoryShedding() {
    }

    /**
     * Disconnects one peer of {@code peers} if their send queues hold more than {@code limit} octets once the octets
     * of peers already shed are left out. Any thread.
     */
    static void shed(ZmtpServer server, Collection<Peer> peers, long limit) {
        long held = 0;
        long freeing = 0;
        Peer largest = null;
        for (Peer peer : peers) {
            long bytes = peer.queuedBytes();
            held += bytes;
            if (peer.isShed()) {
                freeing += bytes;
            } else if (!peer.isWritable() && (largest == null || bytes > largest.queuedBytes())) {
                largest = peer;
            }
        }
        if (largest == null || held - freeing <= limit || !largest.markShed()) {
            return;
        }
        server.shedForMemory();
        logger.log(System.Logger.Level.WARNING, "disconnecting peer " + Integer.toUnsignedString(largest.routingId)
                + " (" + largest.remoteAddress + "): it reads none of the " + largest.queuedBytes()
                + " octets queued to it while the send queues hold " + held + " octets, over maxQueuedBytes "
                + limit);
        largest.channel.close();
    }
}
