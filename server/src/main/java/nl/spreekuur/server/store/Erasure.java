package nl.spreekuur.server.store;

/**
 * Erasing personal data on request (privacy rights), across the tables of several capabilities, each in one
 * transaction. Rows are deleted, not marked: the embedded store's file is encrypted, so what H2 has not overwritten
 * yet is ciphertext (docs/security.md, "Data at rest").
 */
public interface Erasure {

    /**
     * Deletes what an office-hour chat left besides its conversation: the queue entry (nickname, first question),
     * the link to its office hour, its internal notes and its "did this help?" mark. The caller deletes the
     * conversation itself afterwards ({@code ConversationService.delete}).
     */
    void officeHourChatLinks(String conversationId);

    /**
     * Makes a staff account a pseudonym: username {@code deleted-<id>}, empty display name, an unusable password
     * hash, no roles, disabled; deletes its second factor, recovery codes, own canned responses and duty rows.
     * Its id stays, so audit entries and moderator rows keep pointing at one (now nameless) account.
     *
     * @return false if there is no such account
     */
    boolean pseudonymiseAccount(String accountId);

    /**
     * Replaces a room member's nickname in the members table and as a participant of the room's conversation, and
     * ends the membership (MEMBER_REMOVED) if it was active.
     */
    void pseudonymiseRoomMember(String memberId, String conversationId, String principalId, String pseudonym,
                                java.time.Instant now);
}
