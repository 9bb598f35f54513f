/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * ZMTP 3.1, the ZeroMQ wire protocol (23/ZMTP, 37/ZMTP), as Netty handlers.
 *
 * <p>{@link io.zmtp.codec.ZmtpCodecBuilder} installs the codec in a pipeline. A connection first runs the handshake
 * ({@link io.zmtp.codec.ZmtpHandshakeHandler}: greeting, security mechanism, socket-type check), which ends in a
 * {@link io.zmtp.codec.ZmtpHandshakeCompletionEvent}; then frames are decoded
 * ({@link io.zmtp.codec.ZmtpFrameDecoder}), commands and heartbeats handled
 * ({@link io.zmtp.codec.ZmtpCommandHandler}) and frames collected into whole messages
 * ({@link io.zmtp.codec.ZmtpMessageAggregator}). Outbound, {@link io.zmtp.codec.ZmtpFrameEncoder} frames messages and
 * commands.
 *
 * <h2>Limits</h2>
 * Every size a peer controls is bounded by {@link io.zmtp.codec.ZmtpCodecOptions} and checked before anything is
 * buffered: frame size, message size, frames per message, handshake metadata size, and the handshake time.
 *
 * <h2>Errors</h2>
 * A ZMTP stream cannot be resynchronised: any protocol error closes the connection. Handshake failures are
 * reported as a failed {@link io.zmtp.codec.ZmtpHandshakeCompletionEvent} with a
 * {@link io.zmtp.codec.ZmtpHandshakeFailureReason}; later errors as a {@link io.zmtp.codec.ZmtpProtocolException},
 * {@link io.netty.handler.codec.TooLongFrameException} or {@link io.zmtp.codec.ZmtpHeartbeatTimeoutException}
 * through {@code exceptionCaught}.
 *
 * <h2>Reference counting</h2>
 * Decoded frames and messages hold retained slices of the inbound buffers; whoever consumes one releases it.
 * Everything written through the encoder is released by it.
 */
package io.zmtp.codec;
