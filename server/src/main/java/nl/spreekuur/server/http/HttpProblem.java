package nl.spreekuur.server.http;

/**
 * Thrown by a route handler to answer with an error: status plus a JSON body
 * {@code {"error": code, "message": message}}. The message is for developers and never holds user content.
 */
public final class HttpProblem extends RuntimeException {
    private final int status;
    private final String code;
    private final java.time.Duration retryAfter;

    public HttpProblem(int status, String code, String message) {
        this(status, code, message, null);
    }

    private HttpProblem(int status, String code, String message, java.time.Duration retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    /**
     * 429 with {@code Retry-After} in whole seconds (rounded up, at least 1).
     *
     * @param code {@code RATE_LIMITED} (this client sends too often) or {@code BUSY} (the server is busy)
     */
    public static HttpProblem tooManyRequests(String code, String message, java.time.Duration retryAfter) {
        return new HttpProblem(429, code, message, retryAfter);
    }

    /** Whole seconds, rounded up, at least 1: the value of a {@code Retry-After} header. */
    public static long retryAfterSeconds(java.time.Duration wait) {
        long millis = Math.max(0, wait.toMillis());
        return Math.max(1, (millis + 999) / 1000);
    }

    public static HttpProblem badRequest(String message) {
        return new HttpProblem(400, "INVALID_ARGUMENT", message);
    }

    public static HttpProblem unauthenticated(String message) {
        return new HttpProblem(401, "UNAUTHENTICATED", message);
    }

    public static HttpProblem forbidden(String message) {
        return new HttpProblem(403, "FORBIDDEN", message);
    }

    public static HttpProblem notFound(String message) {
        return new HttpProblem(404, "NOT_FOUND", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public HttpReply toReply() {
        HttpReply reply = HttpReply.error(status, code, getMessage());
        return retryAfter == null ? reply
                : reply.withHeader("Retry-After", Long.toString(retryAfterSeconds(retryAfter)));
    }
}
