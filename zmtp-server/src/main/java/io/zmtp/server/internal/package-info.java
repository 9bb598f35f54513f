/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
/** Implementation details of the SERVER socket; not API, may change without notice. */
package io.zmtp.server.internal;
