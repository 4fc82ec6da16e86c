package nl.spreekuur.server.session;

import java.util.Objects;

/**
 * One connection (one device or tab) on one node: where signaling for a single device goes, as opposed to a
 * principal (all their connections) or a conversation (all subscribers). Valid while the connection is open; a
 * push to a closed connection is dropped.
 */
public record ConnectionAddress(String nodeId, String connectionId) {
    public ConnectionAddress {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(connectionId, "connectionId");
    }
}
