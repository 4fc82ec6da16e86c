package nl.spreekuur.server.redis;

/**
 * Redis could not do what was asked now (not connected, no answer within the command timeout, refused). The request
 * that needed it is answered {@code UNAVAILABLE}: the client retries with the same ids. Carries only the type of
 * the Lettuce failure, never its text (which may quote keys).
 */
public final class RedisUnavailableException extends RuntimeException {

    public RedisUnavailableException(String what, RuntimeException cause) {
        super(what + " failed: " + cause.getClass().getSimpleName(), cause);
    }
}
