package nl.spreekuur.server.officehours;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.WeeklySlot;
import nl.spreekuur.protocol.v1.Weekday;
import nl.spreekuur.server.store.Store;

/**
 * The office hours of {@code --demo}: "Inloopspreekuur" (slug {@code inloop}), open around the clock with the
 * demo professional on duty so a newcomer can play both sides at once, and "Mantelzorgspreekuur" (Tuesday
 * evening) to show what a closed office hour looks like. Idempotent: existing demo office hours are updated.
 */
public final class OfficeHourDemo {
    public static final String OPEN_SLUG = "inloop";
    public static final String EVENING_SLUG = "mantelzorg";

    private OfficeHourDemo() {
    }

    public static void seed(Store store, String organisationId, String professionalId, Instant now) {
        OfficeHour.Builder open = OfficeHour.newBuilder()
                .setSlug(OPEN_SLUG)
                .setName("Inloopspreekuur")
                .setDescription("Wil je iets vragen of je verhaal kwijt? Chat anoniem met een sociaal werker.")
                .setTimeZone("Europe/Amsterdam")
                .setTranscriptConsentDefault(false);
        for (Weekday day : List.of(Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY, Weekday.THURSDAY,
                Weekday.FRIDAY, Weekday.SATURDAY, Weekday.SUNDAY)) {
            // Two touching slots make one opening that never closes (a slot cannot run 00:00-00:00).
            open.addSlots(WeeklySlot.newBuilder().setDay(day).setStart("00:00").setEnd("12:00"));
            open.addSlots(WeeklySlot.newBuilder().setDay(day).setStart("12:00").setEnd("00:00"));
        }
        OfficeHour evening = OfficeHour.newBuilder()
                .setSlug(EVENING_SLUG)
                .setName("Mantelzorgspreekuur")
                .setDescription("Zorg je voor iemand in je omgeving? Praat erover met een mantelzorgconsulent.")
                .setTimeZone("Europe/Amsterdam")
                .addSlots(WeeklySlot.newBuilder().setDay(Weekday.TUESDAY).setStart("19:00").setEnd("21:00"))
                .setTranscriptConsentDefault(false)
                .build();
        OfficeHour saved = save(store, organisationId, professionalId, open.build());
        save(store, organisationId, professionalId, evening);
        store.officeHours().setOnDuty(saved.getId(), professionalId, true, now);
    }

    private static OfficeHour save(Store store, String organisationId, String professionalId, OfficeHour definition) {
        Optional<OfficeHour> existing = store.officeHours().bySlug(organisationId, definition.getSlug());
        OfficeHour.Builder b = definition.toBuilder().setOrganisationId(organisationId).clearProfessionalIds()
                .addProfessionalIds(professionalId);
        existing.ifPresent(e -> b.setId(e.getId()));
        return store.officeHours().save(OfficeHourValidator.requireValid(OfficeHourValidator.withDefaults(b.build())));
    }
}
