/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * The standalone server: {@link io.zmtp.server.cli.ZmtpServerMain}, its built-in handlers and its HTTP endpoint
 * for Prometheus metrics and health.
 */
package io.zmtp.server.cli;
