/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.transport;

/**
 * Signals that an endpoint string is malformed, or that a well-formed endpoint cannot be used the way it was
 * asked to be used (connecting to a wildcard, binding to a host name). The message quotes the offending endpoint
 * and says what is wrong with it.
 */
public class InvalidEndpointException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message that quotes the endpoint and says what is wrong with it. */
    public InvalidEndpointException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the cause that revealed the problem. */
    public InvalidEndpointException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Returns an exception whose message quotes {@code endpoint} and states {@code problem}. */
    static InvalidEndpointException of(String endpoint, String problem) {
        return new InvalidEndpointException(message(endpoint, problem));
    }

    /** Returns an exception whose message quotes {@code endpoint} and states {@code problem}, with its cause. */
    static InvalidEndpointException of(String endpoint, String problem, Throwable cause) {
        return new InvalidEndpointException(message(endpoint, problem), cause);
    }

    private static String message(String endpoint, String problem) {
        return "invalid endpoint '" + endpoint + "': " + problem;
    }
}
