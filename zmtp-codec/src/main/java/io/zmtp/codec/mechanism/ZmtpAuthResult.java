/*
 * Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
 */
package io.zmtp.codec.mechanism;

import java.util.Objects;

/**
 * An authenticator's answer (the reply of 27/ZAP): a status code with ZAP's meaning, a reason, and for an
 * accepted peer an optional user id that the handshake adds to the peer's metadata as {@value #USER_ID}. A
 * {@code User-Id} the peer sent itself (in any case) never reaches the application: every mechanism drops it, so
 * {@code User-Id} is present only when an authenticator gave it.
 *
 * <ul>
 *   <li>{@code 200}: accepted.</li>
 *   <li>{@code 300}: temporary failure; the connection is closed without ERROR and the peer may retry.</li>
 *   <li>{@code 400}: authentication failure; the peer gets ERROR {@code "400"} and should not retry.</li>
 *   <li>{@code 500}: internal error; the peer gets ERROR {@code "500"}.</li>
 * </ul>
 */
public final class ZmtpAuthResult {

    /** The metadata property under which an accepted peer's user id appears. */
    public static final String USER_ID = "User-Id";

    private final int statusCode;
    private final String reason;
    private final String userId;

    private ZmtpAuthResult(int statusCode, String reason, String userId) {
        this.statusCode = statusCode;
        this.reason = Objects.requireNonNull(reason, "reason");
        this.userId = userId;
    }

    /** Returns an acceptance with {@code userId} (may be {@code null} or empty for none). */
    public static ZmtpAuthResult allow(String userId) {
        return new ZmtpAuthResult(200, "OK", userId == null || userId.isEmpty() ? null : userId);
    }

    /**
     * Returns a refusal with status {@code 300}, {@code 400} or {@code 500} and a reason for logs.
     *
     * @throws IllegalArgumentException for any other status code
     */
    public static ZmtpAuthResult deny(int statusCode, String reason) {
        if (statusCode != 300 && statusCode != 400 && statusCode != 500) {
            throw new IllegalArgumentException("statusCode: " + statusCode + " (expected: 300, 400 or 500)");
        }
        return new ZmtpAuthResult(statusCode, reason, null);
    }

    /** Returns whether the peer was accepted (status 200). */
    public boolean isAllowed() {
        return statusCode == 200;
    }

    /** Returns the ZAP status code: 200, 300, 400 or 500. */
    public int statusCode() {
        return statusCode;
    }

    /** Returns the reason. */
    public String reason() {
        return reason;
    }

    /** Returns the user id of an accepted peer, or {@code null}. */
    public String userId() {
        return userId;
    }

    @Override
    public String toString() {
        return "ZmtpAuthResult(" + statusCode + " " + reason + (userId != null ? ", user=" + userId : "") + ")";
    }
}
