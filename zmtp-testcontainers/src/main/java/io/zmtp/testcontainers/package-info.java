/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Testcontainers support: {@link io.zmtp.testcontainers.ZmtpServerContainer} runs the standalone zmtp-netty SERVER
 * in a container for tests.
 */
package io.zmtp.testcontainers;
