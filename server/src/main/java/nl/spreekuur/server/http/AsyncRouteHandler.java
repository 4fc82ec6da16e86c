package nl.spreekuur.server.http;

import java.util.concurrent.CompletionStage;

/**
 * A REST route whose answer comes later, from another executor (e.g. a login, whose password check runs on the
 * password threads): {@code handle} starts on a worker thread like a {@link RouteHandler} and returns at once; the
 * answer is written when the stage completes. A stage that fails with {@link HttpProblem} answers with it.
 */
@FunctionalInterface
public interface AsyncRouteHandler {
    CompletionStage<HttpReply> handle(HttpCall call) throws Exception;
}
