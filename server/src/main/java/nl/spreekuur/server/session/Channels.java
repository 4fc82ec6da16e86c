package nl.spreekuur.server.session;

/**
 * The broker channels the session layer itself serves, one place so every node agrees. Capabilities bring their own
 * prefixes and register them with {@link Hub#route} (office hours: "oh:"); these prefixes are reserved.
 *
 * <p>Payloads, one format per channel kind: {@code conv:<conversationId>} and {@code principal:<principalId>}
 * carry an encoded {@code ServerMessage}; {@code node:<nodeId>} carries a {@link ConnectionDelivery} (one
 * connection's id and an encoded {@code ServerMessage}); {@code control} carries revocations (see
 * {@code docs/architecture.md}).
 */
public final class Channels {
    public static final String CONVERSATION_PREFIX = "conv:";
    public static final String PRINCIPAL_PREFIX = "principal:";
    public static final String NODE_PREFIX = "node:";
    public static final String CONTROL = "control";

    private Channels() {
    }

    public static String conversation(String conversationId) {
        return CONVERSATION_PREFIX + conversationId;
    }

    /** True for a conversation's channel ({@link #conversation}). */
    public static boolean isConversation(String channel) {
        return channel.startsWith(CONVERSATION_PREFIX);
    }

    public static String principal(String principalId) {
        return PRINCIPAL_PREFIX + principalId;
    }

    public static String node(String nodeId) {
        return NODE_PREFIX + nodeId;
    }

    /** True if a capability's prefix would take publications meant for the session layer. */
    static boolean isReserved(String prefix) {
        return overlaps(prefix, CONVERSATION_PREFIX) || overlaps(prefix, PRINCIPAL_PREFIX)
                || overlaps(prefix, NODE_PREFIX) || overlaps(prefix, CONTROL);
    }

    private static boolean overlaps(String a, String b) {
        return a.startsWith(b) || b.startsWith(a);
    }
}
