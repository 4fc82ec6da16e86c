package nl.spreekuur.server.conversation;

/**
 * @param maxTextChars   longest text message accepted (longer → TOO_LARGE)
 * @param historyPageMax largest page GetHistory returns
 */
public record ConversationSettings(int maxTextChars, int historyPageMax) {
    public static ConversationSettings defaults() {
        return new ConversationSettings(4000, 200);
    }
}
