package nl.spreekuur.server.session;

import nl.spreekuur.protocol.v1.ClientMessage;

/** Handles one kind of request. Throw {@link RequestException} to answer with an Error. */
@FunctionalInterface
public interface RequestHandler {
    void handle(ClientSession session, ClientMessage request);
}
