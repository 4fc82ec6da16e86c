package nl.spreekuur.server.broker;

/**
 * Moves already-stored publications between nodes (and, on one node, from the service to the local fan-out).
 *
 * <p>The one delivery path: a service validates, stores (getting a seq), then {@link #publish}es. Local
 * fan-out happens only in the {@link BrokerListener} callback, never directly in the service, so the
 * {@link InMemoryBroker} is both the single-node mode and the test double, and a Redis broker adds only
 * cross-node transport. The broker is a fast wake-up, not the truth: the store is, and a subscriber that
 * sees a seq gap backfills from it.
 *
 * <p>Modelled on Centrifuge's Broker: the node subscribes to channels it has local interest in.
 */
public interface Broker extends AutoCloseable {

    /** Starts delivery to the listener. Called once, before any subscribe or publish. */
    void start(BrokerListener listener);

    /**
     * Delivers the payload to every node subscribed to the channel (including this one). Never blocks on I/O; the
     * in-memory broker may run this node's listener on the calling thread ({@link InMemoryBroker}).
     */
    void publish(String channel, byte[] payload);

    /**
     * This node wants publications of the channel. Idempotent. <b>Effective on return</b>: every publication made
     * (by any node) after this method returns is delivered. The hub relies on it: it subscribes, then replays from
     * the store, so nothing stored after the replay's read can be missed. A networked broker therefore blocks until
     * its server confirmed the subscription (bounded by its command timeout; it throws
     * rather than return unsubscribed). Never call it on an event loop.
     */
    void subscribe(String channel);

    /** This node no longer wants publications of the channel. Idempotent. */
    void unsubscribe(String channel);

    /** True while publications can flow (always for the in-memory broker). */
    boolean isHealthy();

    @Override
    void close();
}
