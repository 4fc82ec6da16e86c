package nl.spreekuur.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Ready-made answers professionals insert into a chat: the organisation's shared set (managed by org-admins) and
 * each professional's own. A code is unique within its set; a professional's own code may repeat a shared one.
 */
public interface CannedResponses {

    /** @param ownerId the professional's account id, or {@code null} for the organisation's shared set */
    record Response(String id, String organisationId, String ownerId, String code, String title, String text,
                    Instant updatedAt) {
        public boolean shared() {
            return ownerId == null;
        }
    }

    /** @throws ConflictException when the code is taken in that set */
    Response create(String organisationId, String ownerId, String code, String title, String text, Instant now);

    /**
     * Changes code, title and text; false when the response no longer exists.
     *
     * @throws ConflictException when the new code is taken in its set
     */
    boolean update(String id, String code, String title, String text, Instant now);

    Optional<Response> byId(String id);

    /** The shared set and the account's own, own first, each by code. */
    List<Response> visibleTo(String organisationId, String accountId);

    /** How many the set holds ({@code ownerId} null: the shared set). */
    int count(String organisationId, String ownerId);

    boolean delete(String id);
}
