package nl.spreekuur.server.officehours;

import static nl.spreekuur.protocol.v1.Weekday.FRIDAY;
import static nl.spreekuur.protocol.v1.Weekday.MONDAY;
import static nl.spreekuur.protocol.v1.Weekday.SATURDAY;
import static nl.spreekuur.protocol.v1.Weekday.SUNDAY;
import static nl.spreekuur.protocol.v1.Weekday.WEEKDAY_UNSPECIFIED;
import static nl.spreekuur.server.testsupport.OfficeHourDrafts.closed;
import static nl.spreekuur.server.testsupport.OfficeHourDrafts.officeHour;
import static nl.spreekuur.server.testsupport.OfficeHourDrafts.range;
import static nl.spreekuur.server.testsupport.OfficeHourDrafts.replaced;
import static nl.spreekuur.server.testsupport.OfficeHourDrafts.slot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.server.schedule.FieldError;
import nl.spreekuur.server.schedule.InvalidOfficeHourException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OfficeHourValidatorTest {

    private static List<String> fieldsOf(OfficeHour officeHour) {
        return OfficeHourValidator.validate(officeHour).stream().map(FieldError::field).toList();
    }

    @Test
    void aCompleteDefinitionIsValid() {
        OfficeHour oh = officeHour(slot(MONDAY, "09:00", "12:00"), slot(MONDAY, "13:00", "17:00"),
                slot(FRIDAY, "22:00", "02:00"))
                .setDescription("Anoniem chatten met een hulpverlener.")
                .setTimeZone("Europe/Brussels")
                .addExceptions(closed("2026-12-25"))
                .addExceptions(replaced("2026-12-24", range("09:00", "12:00"), range("22:00", "01:00")))
                .setMaxChatsPerProfessional(10).setRetentionDays(365).setReconnectGraceSeconds(30)
                .setAverageChatMinutes(20)
                .build();
        assertThat(OfficeHourValidator.validate(oh)).isEmpty();
        assertThat(OfficeHourValidator.requireValid(oh)).isEqualTo(oh);
    }

    @Test
    void withDefaultsFillsOnlyUnsetSettings() {
        OfficeHour defaulted = OfficeHourValidator.withDefaults(officeHour().build());
        assertThat(defaulted.getTimeZone()).isEqualTo("Europe/Amsterdam");
        assertThat(defaulted.getMaxChatsPerProfessional()).isEqualTo(3);
        assertThat(defaulted.getRetentionDays()).isEqualTo(30);
        assertThat(defaulted.getReconnectGraceSeconds()).isEqualTo(120);
        assertThat(defaulted.getAverageChatMinutes()).isEqualTo(15);

        OfficeHour set = officeHour().setTimeZone("UTC").setMaxChatsPerProfessional(1).setRetentionDays(7)
                .setReconnectGraceSeconds(600).setAverageChatMinutes(30).build();
        assertThat(OfficeHourValidator.withDefaults(set)).isEqualTo(set);
    }

    @Test
    void requireValidReturnsTheNormalisedDefinition() {
        assertThat(OfficeHourValidator.requireValid(officeHour().build()).getRetentionDays()).isEqualTo(30);
    }

    @Test
    void requireValidListsEveryProblem() {
        OfficeHour bad = officeHour(slot(MONDAY, "09:00", "09:00")).setSlug("X").setName(" ").build();
        assertThatThrownBy(() -> OfficeHourValidator.requireValid(bad))
                .isInstanceOfSatisfying(InvalidOfficeHourException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("slug", "name", "slots[0].end"))
                .hasMessageContaining("slots[0].end: must differ from the start");
    }

    @Test
    void endEqualToStartIsRefused() {
        assertThat(OfficeHourValidator.validate(officeHour(slot(MONDAY, "10:00", "10:00")).build()))
                .containsExactly(new FieldError("slots[0].end", "must differ from the start"));
    }

    @Test
    void overlappingSlotsOnOneDayAreRefused() {
        assertThat(OfficeHourValidator.validate(officeHour(
                slot(MONDAY, "09:00", "12:00"), slot(MONDAY, "11:00", "13:00")).build()))
                .containsExactly(new FieldError("slots[1]", "overlaps slots[0]"));
        assertThat(fieldsOf(officeHour(slot(MONDAY, "09:00", "17:00"), slot(MONDAY, "10:00", "11:00")).build()))
                .as("contained").containsExactly("slots[1]");
    }

    @Test
    void adjacentSlotsAreAllowed() {
        assertThat(fieldsOf(officeHour(slot(MONDAY, "15:00", "17:00"), slot(MONDAY, "17:00", "19:00")).build()))
                .isEmpty();
    }

    @Test
    void aSlotPastMidnightMustNotOverlapTheNextDay() {
        assertThat(fieldsOf(officeHour(slot(FRIDAY, "22:00", "02:00"), slot(SATURDAY, "01:00", "03:00")).build()))
                .containsExactly("slots[1]");
        assertThat(fieldsOf(officeHour(slot(FRIDAY, "22:00", "02:00"), slot(SATURDAY, "02:00", "04:00")).build()))
                .isEmpty();
        assertThat(fieldsOf(officeHour(slot(SUNDAY, "23:00", "01:00"), slot(MONDAY, "00:30", "02:00")).build()))
                .as("Sunday night into Monday").containsExactly("slots[1]");
        assertThat(fieldsOf(officeHour(slot(MONDAY, "00:30", "02:00"), slot(SUNDAY, "23:00", "01:00")).build()))
                .as("either order").containsExactly("slots[1]");
    }

    @Test
    void unknownTimeZoneIsRefusedWithoutEchoingIt() {
        List<FieldError> errors = OfficeHourValidator.validate(officeHour().setTimeZone("Europe/Amsterdan").build());
        assertThat(errors).containsExactly(new FieldError("time_zone", "is not a known IANA time zone"));
        assertThat(fieldsOf(officeHour().setTimeZone("+01:00").build())).as("fixed offset").containsExactly(
                "time_zone");
    }

    @ParameterizedTest
    @ValueSource(strings = {"9:00", "24:00", "12:60", "", "12:00:00", "1200", "ab:cd", " 9:00"})
    void badTimesAreRefused(String time) {
        assertThat(OfficeHourValidator.validate(officeHour(slot(MONDAY, time, "23:00")).build()))
                .containsExactly(new FieldError("slots[0].start", "must be a time HH:MM (00:00-23:59)"));
    }

    @Test
    void aWeekdayIsRequired() {
        assertThat(fieldsOf(officeHour(slot(WEEKDAY_UNSPECIFIED, "09:00", "17:00")).build()))
                .containsExactly("slots[0].day");
    }

    @Test
    void duplicateAndMalformedExceptionDatesAreRefused() {
        OfficeHour oh = officeHour()
                .addExceptions(closed("2026-12-25"))
                .addExceptions(closed("2026-13-01"))
                .addExceptions(closed("2026-2-1"))
                .addExceptions(closed("25-12-2026"))
                .addExceptions(closed("2026-02-30"))
                .addExceptions(closed("2026-12-25"))
                .build();
        assertThat(OfficeHourValidator.validate(oh)).containsExactly(
                new FieldError("exceptions[1].date", "must be a date YYYY-MM-DD"),
                new FieldError("exceptions[2].date", "must be a date YYYY-MM-DD"),
                new FieldError("exceptions[3].date", "must be a date YYYY-MM-DD"),
                new FieldError("exceptions[4].date", "must be a date YYYY-MM-DD"),
                new FieldError("exceptions[5].date", "repeats exceptions[0]"));
    }

    @Test
    void replacementRangesMustBeValidAndNotOverlap() {
        OfficeHour oh = officeHour()
                .addExceptions(replaced("2026-12-24", range("09:00", "12:00"), range("11:30", "13:00"),
                        range("14:00", "14:00"), range("25:00", "26:00")))
                .addExceptions(replaced("2026-12-31", range("22:00", "02:00"), range("01:00", "03:00")))
                .build();
        assertThat(OfficeHourValidator.validate(oh)).containsExactly(
                new FieldError("exceptions[0].hours[2].end", "must differ from the start"),
                new FieldError("exceptions[0].hours[3].start", "must be a time HH:MM (00:00-23:59)"),
                new FieldError("exceptions[0].hours[3].end", "must be a time HH:MM (00:00-23:59)"),
                new FieldError("exceptions[0].hours[1]", "overlaps exceptions[0].hours[0]"));
        // 22:00-02:00 ends on the next day; 01:00-03:00 is early on the exception date itself: no overlap.
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "Jongeren", "met spatie", "onder_streep",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void badSlugsAreRefused(String slug) {
        assertThat(fieldsOf(officeHour().setSlug(slug).build())).containsExactly("slug");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "jongeren-chat", "24-7",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void goodSlugsAreAccepted(String slug) {
        assertThat(fieldsOf(officeHour().setSlug(slug).build())).isEmpty();
    }

    @Test
    void nameAndDescriptionLimits() {
        assertThat(fieldsOf(officeHour().setName("").build())).containsExactly("name");
        assertThat(fieldsOf(officeHour().setName("x".repeat(120)).build())).isEmpty();
        List<FieldError> tooLong = OfficeHourValidator.validate(officeHour().setName("geheim".repeat(21)).build());
        assertThat(tooLong).containsExactly(new FieldError("name", "must be at most 120 characters"));
        assertThat(fieldsOf(officeHour().setDescription("x".repeat(1000)).build())).isEmpty();
        assertThat(fieldsOf(officeHour().setDescription("x".repeat(1001)).build())).containsExactly("description");
        // Counted in characters, not UTF-16 units: 120 emoji fit.
        assertThat(fieldsOf(officeHour().setName("\uD83D\uDE00".repeat(120)).build())).isEmpty();
    }

    @Test
    void numericSettingsMustBeInRange() {
        assertThat(fieldsOf(officeHour().setMaxChatsPerProfessional(11).build()))
                .containsExactly("max_chats_per_professional");
        assertThat(fieldsOf(officeHour().setMaxChatsPerProfessional(-1).build()))
                .containsExactly("max_chats_per_professional");
        assertThat(fieldsOf(officeHour().setRetentionDays(366).build())).containsExactly("retention_days");
        assertThat(fieldsOf(officeHour().setRetentionDays(1).build())).isEmpty();
        assertThat(fieldsOf(officeHour().setReconnectGraceSeconds(29).build()))
                .containsExactly("reconnect_grace_seconds");
        assertThat(fieldsOf(officeHour().setReconnectGraceSeconds(901).build()))
                .containsExactly("reconnect_grace_seconds");
        assertThat(fieldsOf(officeHour().setReconnectGraceSeconds(900).build())).isEmpty();
        assertThat(fieldsOf(officeHour().setAverageChatMinutes(-5).build())).containsExactly("average_chat_minutes");
    }
}
