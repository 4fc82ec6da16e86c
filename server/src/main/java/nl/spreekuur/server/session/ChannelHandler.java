package nl.spreekuur.server.session;

/** Handles broker publications of one channel prefix (e.g. "oh:"), on the broker delivery thread. */
@FunctionalInterface
public interface ChannelHandler {
    /**
     * @param channel the full channel name
     * @param payload as published; never modify
     */
    void onPublication(String channel, byte[] payload);

    /** The broker reconnected after an outage: state derived from missed publications must be refreshed. */
    default void onBrokerReconnected() {
    }
}
