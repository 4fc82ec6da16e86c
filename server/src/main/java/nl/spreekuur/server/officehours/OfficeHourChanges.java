package nl.spreekuur.server.officehours;

import nl.spreekuur.server.session.Hub;

/**
 * Tells every node that an office hour changed (queue, duty roster, definition, offline messages). The publication
 * carries nothing: each node recomputes what its own connections must see from the store ({@link QueueBroadcaster}).
 */
final class OfficeHourChanges {
    /** The office-hour capability's broker channels: {@code oh:<officeHourId>}, with an empty payload. */
    static final String CHANNEL_PREFIX = "oh:";
    private static final byte[] EMPTY = new byte[0];

    private final Hub hub;

    OfficeHourChanges(Hub hub) {
        this.hub = hub;
    }

    void publish(String officeHourId) {
        hub.publishRaw(CHANNEL_PREFIX + officeHourId, EMPTY);
    }
}
