package nl.spreekuur.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.spreekuur.protocol.v1.OfficeHour;

/**
 * Office hour definitions (stored as their protobuf definition plus indexed id, organisation and slug) and the
 * durable on-duty roster, so every node agrees on who is on duty.
 */
public interface OfficeHours {

    record Duty(String officeHourId, String accountId, Instant since) {
    }

    /**
     * Creates (empty id) or replaces the definition; organisation_id must be set by the caller.
     * @throws ConflictException if the slug is taken in the organisation
     */
    OfficeHour save(OfficeHour officeHour);

    Optional<OfficeHour> byId(String id);

    Optional<OfficeHour> bySlug(String organisationId, String slug);

    List<OfficeHour> byOrganisation(String organisationId);

    /** Deletes the definition and its roster; returns false if unknown. */
    boolean delete(String id);

    void setOnDuty(String officeHourId, String accountId, boolean onDuty, Instant now);

    List<Duty> onDuty(String officeHourId);

    List<Duty> dutiesOf(String accountId);
}
