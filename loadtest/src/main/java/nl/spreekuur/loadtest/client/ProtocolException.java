package nl.spreekuur.loadtest.client;

/** A request that did not get the answer the scenario needs; {@link #code()} is what the error counters show. */
public final class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;

    public ProtocolException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The code behind a failed future's cause (unwrapping completion exceptions). */
    public static String codeOf(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && !(cause instanceof ProtocolException)) {
            cause = cause.getCause();
        }
        if (cause instanceof ProtocolException protocol) {
            return protocol.code();
        }
        if (cause instanceof java.util.concurrent.TimeoutException) {
            return "TIMEOUT";
        }
        return cause.getClass().getSimpleName();
    }
}
