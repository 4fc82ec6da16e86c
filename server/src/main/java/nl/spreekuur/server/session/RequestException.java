package nl.spreekuur.server.session;

import nl.spreekuur.protocol.v1.ErrorCode;

/**
 * Thrown by services to answer a request with an {@code Error}. The message is English, for developers, and must
 * never contain user content (nicknames, message text) or tokens.
 */
public class RequestException extends RuntimeException {
    private final ErrorCode code;

    public RequestException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static RequestException notFound(String what) {
        return new RequestException(ErrorCode.NOT_FOUND, what + " not found");
    }

    public static RequestException forbidden(String why) {
        return new RequestException(ErrorCode.FORBIDDEN, why);
    }

    public static RequestException invalid(String why) {
        return new RequestException(ErrorCode.INVALID_ARGUMENT, why);
    }

    public static RequestException conflict(String why) {
        return new RequestException(ErrorCode.CONFLICT, why);
    }
}
