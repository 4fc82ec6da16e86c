package nl.spreekuur.server.transport;

import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.session.ClientSession;
import nl.spreekuur.server.session.EncodedMessage;
import nl.spreekuur.server.session.SessionState;

/** The services' view of an authenticated {@link WsConnection}. */
final class ChannelClientSession implements ClientSession {
    private final WsConnection connection;
    private final Principal principal;
    private final SessionState state = new SessionState();

    ChannelClientSession(WsConnection connection, Principal principal) {
        this.connection = connection;
        this.principal = principal;
    }

    @Override
    public String connectionId() {
        return connection.id();
    }

    @Override
    public Principal principal() {
        return principal;
    }

    @Override
    public void send(EncodedMessage message) {
        connection.send(message);
    }

    @Override
    public void close(int code, String reason) {
        connection.close(code, reason);
    }

    @Override
    public boolean isOpen() {
        return connection.isOpen();
    }

    @Override
    public SessionState state() {
        return state;
    }

    WsConnection connection() {
        return connection;
    }

    @Override
    public String toString() {
        return "ClientSession[" + connection.id() + ", " + principal.auditName() + "]";
    }
}
