package nl.spreekuur.server.session;

import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.HelloOk;

/**
 * What the transport hands decoded, authenticated traffic to. The transport calls these on an application
 * executor (never a Netty event loop), in order per connection, so implementations may block on the store.
 * The transport never touches Redis, the store's conversations or other connections itself.
 */
public interface Application extends AutoCloseable {

    /**
     * Called once after Hello was accepted, before any other message of the connection.
     * Returns the HelloOk to send; the transport fills session-level fields (limits, heartbeat) it owns.
     */
    HelloOk onAuthenticated(ClientSession session);

    /** A decoded request with a valid request_id; never Hello. Answer via session.send with the request_id. */
    void onMessage(ClientSession session, ClientMessage message);

    /** The connection closed (for any reason). */
    void onDisconnected(ClientSession session);

    /** The server is stopping (after all connections closed): stop background work. */
    @Override
    default void close() {
    }
}
