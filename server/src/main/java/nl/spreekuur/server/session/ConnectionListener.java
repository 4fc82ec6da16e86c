package nl.spreekuur.server.session;

/** A capability that keeps per-connection state and must hear when connections come and go. */
public interface ConnectionListener {
    default void connectionOpened(ClientSession session) {
    }

    void connectionClosed(ClientSession session);
}
