/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * The client pool behind {@link io.zmtp.client.ZmtpClient}: connections, reconnects, queues and metrics. Not API:
 * anything here may change without notice.
 */
package io.zmtp.client.internal;
