/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * The {@code zmtp-client} command-line tool ({@link io.zmtp.client.cli.ZmtpClientMain}), shipped in the standalone
 * jar: sends messages to CLIENT/SERVER endpoints from the command line or standard input, optionally waiting for
 * replies.
 */
package io.zmtp.client.cli;
