/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.mechanism;

import io.zmtp.codec.ZmtpCommand;
import io.zmtp.codec.ZmtpErrorCommand;
import io.zmtp.codec.ZmtpHandshakeFailureReason;
import io.zmtp.codec.ZmtpReadyCommand;
import io.zmtp.codec.internal.PeerMetadata;
import io.zmtp.codec.internal.PeerText;

/**
 * The NULL mechanism (23/ZMTP "The NULL Security Mechanism"): no authentication, no encryption. Each side sends
 * READY with its metadata as soon as the greetings are exchanged, without waiting for the peer's, which is what
 * libzmq does on every ZMTP version; the handshake completes when the peer's READY arrives. A {@code User-Id} in
 * the peer's READY is dropped: nothing authenticates the peer.
 *
 * <p>A peer's ERROR fails the handshake with reason {@code AUTHENTICATION} when its reason is a ZAP status code
 * ({@code 400} or {@code 500}, the peer's authenticator rejected us) and {@code PROTOCOL} otherwise. Any other
 * command, or READY metadata above {@link io.zmtp.codec.ZmtpCodecOptions#maxMetadataSize()}, fails it with
 * {@code PROTOCOL} and an ERROR to the peer.
 */
public final class ZmtpNullMechanism implements ZmtpMechanism {

    /** The NULL mechanism. */
    public static final ZmtpNullMechanism INSTANCE = new ZmtpNullMechanism();

    private ZmtpNullMechanism() {
    }

    @Override
    public String name() {
        return "NULL";
    }

    @Override
    public boolean asServer() {
        return false;
    }

    @Override
    public ZmtpMechanismHandshake newHandshake(ZmtpMechanismContext context) {
        return new Handshake(context);
    }

    @Override
    public String toString() {
        return "ZmtpNullMechanism";
    }

    private static final class Handshake implements ZmtpMechanismHandshake {
        private final ZmtpMechanismContext context;

        Handshake(ZmtpMechanismContext context) {
            this.context = context;
        }

        @Override
        public void start() {
            context.send(new ZmtpReadyCommand(context.localMetadata()));
        }

        @Override
        public void commandReceived(ZmtpCommand command) {
            if (command instanceof ZmtpReadyCommand) {
                ZmtpReadyCommand ready = (ZmtpReadyCommand) command;
                int size = ready.dataLength();
                int max = context.options().maxMetadataSize();
                if (size > max) {
                    context.fail(ZmtpHandshakeFailureReason.PROTOCOL, "peer metadata of " + size
                            + " octets exceeds maxMetadataSize " + max, "metadata too large");
                } else {
                    context.complete(PeerMetadata.authenticated(ready.metadata(), null), null);
                }
            } else if (command instanceof ZmtpErrorCommand) {
                String reason = ((ZmtpErrorCommand) command).reason();
                context.fail(isZapRejection(reason) ? ZmtpHandshakeFailureReason.AUTHENTICATION
                        : ZmtpHandshakeFailureReason.PROTOCOL, "peer sent ERROR: " + reason, null);
            } else {
                context.fail(ZmtpHandshakeFailureReason.PROTOCOL, "unexpected " + PeerText.escape(command.name())
                        + " command in the NULL handshake", "unexpected command");
            }
        }

        private static boolean isZapRejection(String reason) {
            return reason.equals("400") || reason.equals("500");
        }
    }
}
