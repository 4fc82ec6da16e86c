package nl.spreekuur.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface OfflineMessages {

    record OfflineMessage(String id, String officeHourId, String organisationId, String nickname, String text,
                          String contact, Instant createdAt, Instant handledAt, String handledBy) {
    }

    OfflineMessage create(String officeHourId, String organisationId, String nickname, String text, String contact,
                          Instant now);

    Optional<OfflineMessage> byId(String id);

    List<OfflineMessage> byOfficeHour(String officeHourId, boolean includeHandled);

    int countUnhandled(String officeHourId);

    /** Returns false if unknown or already handled. */
    boolean markHandled(String id, String accountId, Instant now);

    /** Deletes messages handled before the cut-off (retention); returns how many. */
    int deleteHandledBefore(Instant cutoff);
}
