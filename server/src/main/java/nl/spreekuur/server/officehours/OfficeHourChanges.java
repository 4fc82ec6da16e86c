package nl.spreekuur.server.officehours;

/**
 * Tells every node that an office hour changed (queue, duty roster, definition, offline messages). The notice
 * carries nothing: each node's {@link QueueBroadcaster} recomputes what its own connections must see from the store.
 */
final class OfficeHourChanges {
    private final QueueBroadcaster broadcaster;

    OfficeHourChanges(QueueBroadcaster broadcaster) {
        this.broadcaster = broadcaster;
    }

    void publish(String officeHourId) {
        broadcaster.changed(officeHourId);
    }

    /**
     * Recomputes what this node's connections see of the office hour without telling other nodes: for changes
     * made by the clock (opening and closing time), which every node's jobs notice by themselves.
     */
    void refreshHere(String officeHourId) {
        broadcaster.schedule(officeHourId);
    }
}
