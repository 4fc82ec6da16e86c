package nl.spreekuur.server.transport;

import java.util.ArrayList;
import java.util.List;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.session.ClientSession;
import nl.spreekuur.server.session.EncodedMessage;
import nl.spreekuur.server.session.SessionState;

/**
 * The services' view of an authenticated {@link WsConnection}.
 *
 * <p>The application may push to the session while it is still accepting it (a broker delivery or a queue
 * refresh on another thread, e.g. for a reconnecting client). The protocol promises HelloOk as the answer to
 * Hello before anything else, so such pushes are held until {@link #sendHelloOk} and then sent in order.
 */
final class ChannelClientSession implements ClientSession {
    private final WsConnection connection;
    private final Principal principal;
    private final boolean startedHere;
    private final SessionState state = new SessionState();
    private final Object gate = new Object();
    /** Pushes made before HelloOk went out; null from then on. */
    private List<EncodedMessage> held = new ArrayList<>();

    ChannelClientSession(WsConnection connection, Principal principal, boolean startedHere) {
        this.connection = connection;
        this.principal = principal;
        this.startedHere = startedHere;
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
    public boolean startedByHello() {
        return startedHere;
    }

    @Override
    public String clientAddress() {
        return connection.clientAddress();
    }

    @Override
    public void send(EncodedMessage message) {
        synchronized (gate) {
            if (held != null) {
                held.add(message);
                return;
            }
        }
        connection.send(message);
    }

    /** Sends HelloOk, then what was pushed while the application accepted the connection; later sends go out at once. */
    void sendHelloOk(ServerMessage helloOk) {
        synchronized (gate) {
            connection.send(EncodedMessage.of(helloOk));
            held.forEach(connection::send);
            held = null;
        }
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
