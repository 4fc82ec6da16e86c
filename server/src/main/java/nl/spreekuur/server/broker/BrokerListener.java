package nl.spreekuur.server.broker;

/**
 * Receives publications for channels this node subscribed to. Calls for one channel arrive in publish order
 * (per publisher) and never concurrently; implementations must not block for long.
 */
@FunctionalInterface
public interface BrokerListener {

    void onPublication(String channel, byte[] payload);

    /** The broker lost and regained its connection: publications may have been missed, so backfill. */
    default void onReconnected() {
    }
}
