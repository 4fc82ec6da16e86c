package nl.spreekuur.server.auth;

import java.time.Duration;

/** A login refused without a password check because the account name is in its back-off ({@link LoginBackoff}). */
public final class LoginThrottledException extends RuntimeException {
    private final Duration retryAfter;

    public LoginThrottledException(Duration retryAfter) {
        super("login back-off", null, false, false);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
