package nl.spreekuur.server.conversation;

/**
 * @param maxTextChars   longest text message accepted (longer → TOO_LARGE)
 * @param historyPageMax largest page GetHistory returns
 */
public record ConversationSettings(int maxTextChars, int historyPageMax) {
    /** The default of the {@code chat.max-text-chars} configuration key. */
    public static final int DEFAULT_MAX_TEXT_CHARS = 4000;
    /** Not configurable: it bounds the work one GetHistory request can cause. */
    public static final int DEFAULT_HISTORY_PAGE_MAX = 200;

    public static ConversationSettings defaults() {
        return new ConversationSettings(DEFAULT_MAX_TEXT_CHARS, DEFAULT_HISTORY_PAGE_MAX);
    }
}
