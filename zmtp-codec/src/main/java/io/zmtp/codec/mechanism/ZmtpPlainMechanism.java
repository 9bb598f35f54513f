/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.mechanism;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.zmtp.codec.ZmtpCommand;
import io.zmtp.codec.ZmtpErrorCommand;
import io.zmtp.codec.ZmtpHandshakeFailureReason;
import io.zmtp.codec.ZmtpMetadata;
import io.zmtp.codec.ZmtpProtocolException;
import io.zmtp.codec.ZmtpRawCommand;
import io.zmtp.codec.ZmtpReadyCommand;
import io.zmtp.codec.internal.Authenticators;
import io.zmtp.codec.internal.PeerMetadata;
import io.zmtp.codec.internal.PeerText;
import io.zmtp.codec.internal.SocketTypeCheck;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The PLAIN mechanism (24/ZMTP-PLAIN): the client sends a user name and password in clear, the server's
 * {@link ZmtpAuthenticator} decides. It authenticates but does not encrypt: use it on trusted networks only.
 *
 * <pre>
 * C: HELLO    ulen username plen password      S: WELCOME      (or ERROR "400")
 * C: INITIATE metadata                         S: READY metadata
 * </pre>
 *
 * <p>Server: a HELLO must be exactly the two length-prefixed fields with nothing after (the malformed HELLO that
 * libzmq 4.3.0 and 4.3.1 clients send, {@code 05 'WELCOME' ...}, is accepted too). The authenticator's 200 answers
 * WELCOME; 300 closes without ERROR; 400 and 500 send ERROR with the code and close. The failure reason is
 * {@code AUTHENTICATION}; malformed commands are {@code PROTOCOL}. An accepted peer's user id appears in its
 * metadata as {@value ZmtpAuthResult#USER_ID}; a {@code User-Id} the peer sent itself is dropped, on both sides.
 *
 * <p>Client: accepts ERROR only while waiting for WELCOME or READY (reason {@code AUTHENTICATION}); WELCOME must be
 * exactly the 8-octet command. The password never appears in logs or {@code toString()}.
 */
public final class ZmtpPlainMechanism implements ZmtpMechanism {

    private static final String HELLO = "HELLO";
    private static final String WELCOME = "WELCOME";
    private static final String INITIATE = "INITIATE";

    private final boolean server;
    private final String username;
    private final byte[] password;
    private final ZmtpAuthenticator authenticator;

    private ZmtpPlainMechanism(boolean server, String username, byte[] password, ZmtpAuthenticator authenticator) {
        this.server = server;
        this.username = username;
        this.password = password;
        this.authenticator = authenticator;
    }

    /** Returns the server side, which asks {@code authenticator} about every client. */
    public static ZmtpPlainMechanism server(ZmtpAuthenticator authenticator) {
        return new ZmtpPlainMechanism(true, null, null, Objects.requireNonNull(authenticator, "authenticator"));
    }

    /**
     * Returns the client side with these credentials.
     *
     * @throws IllegalArgumentException if the user name or password is longer than 255 octets (UTF-8)
     */
    public static ZmtpPlainMechanism client(String username, String password) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("username: longer than 255 octets");
        }
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        if (pw.length > 255) {
            throw new IllegalArgumentException("password: longer than 255 octets");
        }
        return new ZmtpPlainMechanism(false, username, pw, null);
    }

    @Override
    public String name() {
        return "PLAIN";
    }

    @Override
    public boolean asServer() {
        return server;
    }

    @Override
    public ZmtpMechanismHandshake newHandshake(ZmtpMechanismContext context) {
        return server ? new ServerHandshake(context, authenticator) : new ClientHandshake(context, username, password);
    }

    /** Shows the role and the user name, never the password. */
    @Override
    public String toString() {
        return server ? "ZmtpPlainMechanism(server)" : "ZmtpPlainMechanism(client, user=" + username + ")";
    }

    private static ZmtpRawCommand command(String name, ByteBuf data) {
        return new ZmtpRawCommand(name, data);
    }

    private static ByteBuf metadata(ZmtpMechanismContext context) {
        ZmtpMetadata metadata = context.localMetadata();
        ByteBuf data = context.alloc().buffer(metadata.encodedLength());
        metadata.encode(data);
        return data;
    }

    private static void failOnError(ZmtpMechanismContext context, ZmtpCommand command) {
        context.fail(ZmtpHandshakeFailureReason.AUTHENTICATION,
                "peer rejected the PLAIN handshake: ERROR " + ((ZmtpErrorCommand) command).reason(), null);
    }

    private static void unexpected(ZmtpMechanismContext context, ZmtpCommand command, String expected) {
        context.fail(ZmtpHandshakeFailureReason.PROTOCOL, "unexpected " + PeerText.escape(command.name())
                + " in the PLAIN handshake (expected " + expected + ")", "unexpected command");
    }

    private static final class ClientHandshake implements ZmtpMechanismHandshake {
        private enum State { WAIT_WELCOME, WAIT_READY, DONE }

        private final ZmtpMechanismContext context;
        private final byte[] username;
        private final byte[] password;
        private State state = State.WAIT_WELCOME;

        ClientHandshake(ZmtpMechanismContext context, String username, byte[] password) {
            this.context = context;
            this.username = username.getBytes(StandardCharsets.UTF_8);
            this.password = password.clone();
        }

        @Override
        public void start() {
            ByteBuf data = context.alloc().buffer(2 + username.length + password.length);
            data.writeByte(username.length).writeBytes(username).writeByte(password.length).writeBytes(password);
            context.send(command(HELLO, data));
        }

        @Override
        public void commandReceived(ZmtpCommand command) {
            if (command instanceof ZmtpErrorCommand && state != State.DONE) {
                failOnError(context, command);
            } else if (state == State.WAIT_WELCOME && command instanceof ZmtpRawCommand
                    && ((ZmtpRawCommand) command).is(WELCOME)) {
                if (command.dataLength() != 0) {
                    context.fail(ZmtpHandshakeFailureReason.PROTOCOL, "malformed WELCOME: " + command.dataLength()
                            + " octets of data (expected none)", "malformed WELCOME");
                    return;
                }
                state = State.WAIT_READY;
                context.send(command(INITIATE, metadata(context)));
            } else if (state == State.WAIT_READY && command instanceof ZmtpReadyCommand) {
                state = State.DONE;
                context.complete(PeerMetadata.authenticated(((ZmtpReadyCommand) command).metadata(), null), null);
            } else {
                unexpected(context, command, state == State.WAIT_WELCOME ? "WELCOME" : "READY");
            }
        }

        @Override
        public void close() {
            Arrays.fill(password, (byte) 0);
        }
    }

    private static final class ServerHandshake implements ZmtpMechanismHandshake {
        private enum State { WAIT_HELLO, AUTHENTICATING, WAIT_INITIATE, DONE }

        private final ZmtpMechanismContext context;
        private final ZmtpAuthenticator authenticator;
        private State state = State.WAIT_HELLO;
        private String userId;

        ServerHandshake(ZmtpMechanismContext context, ZmtpAuthenticator authenticator) {
            this.context = context;
            this.authenticator = authenticator;
        }

        @Override
        public void start() {
            // The client speaks first.
        }

        @Override
        public void commandReceived(ZmtpCommand command) {
            if (state == State.WAIT_HELLO && command instanceof ZmtpRawCommand && ((ZmtpRawCommand) command).is(HELLO)) {
                helloReceived(((ZmtpRawCommand) command).content());
            } else if (state == State.WAIT_HELLO && isLibzmq430Hello(command)) {
                ByteBuf data = ((ZmtpRawCommand) command).content();
                helloReceived(data.skipBytes(2));
            } else if (state == State.WAIT_INITIATE && command instanceof ZmtpRawCommand
                    && ((ZmtpRawCommand) command).is(INITIATE)) {
                initiateReceived(((ZmtpRawCommand) command).content());
            } else if (command instanceof ZmtpErrorCommand) {
                context.fail(ZmtpHandshakeFailureReason.PROTOCOL, "client sent ERROR: "
                        + ((ZmtpErrorCommand) command).reason(), null);
            } else {
                unexpected(context, command, state == State.WAIT_HELLO ? "HELLO" : "INITIATE");
            }
        }

        /**
         * libzmq 4.3.0 and 4.3.1 clients send HELLO as {@code 05 'WELCOME' ...}: a 5-octet name "WELCO" whose data
         * starts with "ME" (libzmq issue 3500).
         */
        private static boolean isLibzmq430Hello(ZmtpCommand command) {
            if (!(command instanceof ZmtpRawCommand) || !((ZmtpRawCommand) command).is("WELCO")) {
                return false;
            }
            ByteBuf data = ((ZmtpRawCommand) command).content();
            return data.readableBytes() >= 2 && data.getByte(data.readerIndex()) == 'M'
                    && data.getByte(data.readerIndex() + 1) == 'E';
        }

        private void helloReceived(ByteBuf data) {
            String username;
            byte[] password;
            try {
                username = readField(data, "username").toString(StandardCharsets.UTF_8);
                password = io.netty.buffer.ByteBufUtil.getBytes(readField(data, "password"));
                if (data.isReadable()) {
                    throw new ZmtpProtocolException("malformed HELLO: " + data.readableBytes()
                            + " octets after the password");
                }
            } catch (ZmtpProtocolException e) {
                context.fail(ZmtpHandshakeFailureReason.PROTOCOL, e.getMessage(), "malformed HELLO");
                return;
            }
            state = State.AUTHENTICATING;
            ZmtpAuthRequest request = ZmtpAuthRequest.plain(context.remoteAddress(), username, password);
            Arrays.fill(password, (byte) 0);
            Authenticators.ask(authenticator, request).whenComplete(
                    (result, error) -> context.executor().execute(() -> decided(result, error)));
        }

        private void decided(ZmtpAuthResult result, Throwable error) {
            if (state != State.AUTHENTICATING) {
                return;
            }
            if (error != null || result == null) {
                result = ZmtpAuthResult.deny(500, "authenticator failed: " + error);
            }
            if (result.isAllowed()) {
                userId = result.userId();
                state = State.WAIT_INITIATE;
                context.send(command(WELCOME, Unpooled.EMPTY_BUFFER));
            } else {
                state = State.DONE;
                context.fail(ZmtpHandshakeFailureReason.AUTHENTICATION, "PLAIN credentials rejected ("
                        + result.statusCode() + " " + result.reason() + ")",
                        result.statusCode() == 300 ? null : Integer.toString(result.statusCode()));
            }
        }

        private void initiateReceived(ByteBuf data) {
            ZmtpMetadata peer;
            try {
                if (data.readableBytes() > context.options().maxMetadataSize()) {
                    throw new ZmtpProtocolException("peer metadata of " + data.readableBytes()
                            + " octets exceeds maxMetadataSize " + context.options().maxMetadataSize());
                }
                peer = ZmtpMetadata.decode(data);
            } catch (ZmtpProtocolException e) {
                context.fail(ZmtpHandshakeFailureReason.PROTOCOL, e.getMessage(), "malformed INITIATE");
                return;
            }
            peer = PeerMetadata.authenticated(peer, userId);
            state = State.DONE;
            // A peer whose socket type does not fit gets ERROR instead of READY: complete() refuses it first.
            if (SocketTypeCheck.check(context.localSocketType(), peer) == null) {
                context.send(new ZmtpReadyCommand(context.localMetadata()));
            }
            context.complete(peer, null);
        }

        private static ByteBuf readField(ByteBuf data, String field) {
            if (!data.isReadable()) {
                throw new ZmtpProtocolException("malformed HELLO: no " + field + " length");
            }
            int length = data.readUnsignedByte();
            if (data.readableBytes() < length) {
                throw new ZmtpProtocolException("malformed HELLO: truncated " + field);
            }
            return data.readSlice(length);
        }
    }
}
