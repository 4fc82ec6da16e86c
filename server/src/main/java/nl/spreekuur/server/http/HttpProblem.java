package nl.spreekuur.server.http;

/**
 * Thrown by a route handler to answer with an error: status plus a JSON body
 * {@code {"error": code, "message": message}}. The message is for developers and never holds user content.
 */
public final class HttpProblem extends RuntimeException {
    private final int status;
    private final String code;

    public HttpProblem(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
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
        return HttpReply.error(status, code, getMessage());
    }
}
