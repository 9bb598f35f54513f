/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * ZeroMQ endpoints: {@link io.zmtp.codec.transport.ZmtpEndpoint}, the parsed, immutable form of an endpoint
 * string such as {@code tcp://127.0.0.1:5555}, and {@link io.zmtp.codec.transport.ZmtpTransport}, the transports
 * it can name. Parsing follows libzmq's endpoint syntax ({@code zmq_tcp}, {@code zmq_ipc}, {@code zmq_inproc},
 * {@code zmq_ws}) and never resolves a name or touches the network; malformed strings fail with an
 * {@link io.zmtp.codec.transport.InvalidEndpointException} that quotes the input.
 */
package io.zmtp.codec.transport;
