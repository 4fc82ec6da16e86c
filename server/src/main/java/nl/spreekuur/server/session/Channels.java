package nl.spreekuur.server.session;

/** Broker channel names. One place, so every node agrees. */
public final class Channels {
    public static final String CONVERSATION_PREFIX = "conv:";
    public static final String OFFICE_HOUR_PREFIX = "oh:";
    public static final String PRINCIPAL_PREFIX = "principal:";
    public static final String CONTROL = "control";

    private Channels() {
    }

    public static String conversation(String conversationId) {
        return CONVERSATION_PREFIX + conversationId;
    }

    public static String officeHour(String officeHourId) {
        return OFFICE_HOUR_PREFIX + officeHourId;
    }

    public static String principal(String principalId) {
        return PRINCIPAL_PREFIX + principalId;
    }
}
