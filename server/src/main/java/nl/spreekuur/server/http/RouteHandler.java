package nl.spreekuur.server.http;

/**
 * Handles one REST route. Runs on a worker thread (never a Netty event loop), so it may block on the store.
 * Throw {@link HttpProblem} to answer with an error.
 */
@FunctionalInterface
public interface RouteHandler {
    HttpReply handle(HttpCall call) throws Exception;
}
