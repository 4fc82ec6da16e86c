package nl.spreekuur.server.schedule;

import static nl.spreekuur.protocol.v1.Weekday.FRIDAY;
import static nl.spreekuur.protocol.v1.Weekday.MONDAY;
import static nl.spreekuur.protocol.v1.Weekday.SUNDAY;
import static nl.spreekuur.protocol.v1.Weekday.THURSDAY;
import static nl.spreekuur.protocol.v1.Weekday.TUESDAY;
import static nl.spreekuur.protocol.v1.Weekday.WEDNESDAY;
import static nl.spreekuur.server.testsupport.OfficeHourDrafts.ams;
import static nl.spreekuur.server.testsupport.OfficeHourDrafts.closed;
import static nl.spreekuur.server.testsupport.OfficeHourDrafts.officeHour;
import static nl.spreekuur.server.testsupport.OfficeHourDrafts.range;
import static nl.spreekuur.server.testsupport.OfficeHourDrafts.replaced;
import static nl.spreekuur.server.testsupport.OfficeHourDrafts.schedule;
import static nl.spreekuur.server.testsupport.OfficeHourDrafts.slot;
import static nl.spreekuur.server.testsupport.OfficeHourDrafts.utc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import nl.spreekuur.protocol.v1.Weekday;
import nl.spreekuur.protocol.v1.WeeklySlot;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

// Calendar used below (2026): Monday 1 June; Sunday 29 March = spring forward in Europe/Amsterdam (02:00 CET ->
// 03:00 CEST, at 01:00Z); Sunday 25 October = fall back (03:00 CEST -> 02:00 CET, at 01:00Z); Friday 25 December.
class ScheduleTest {

    private static final WeeklySlot[] WORKDAYS_9_TO_5 = Arrays.stream(
                    new Weekday[] {MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY})
            .map(d -> slot(d, "09:00", "17:00")).toArray(WeeklySlot[]::new);

    @Nested
    class RegularWeek {
        private final Schedule schedule = schedule(WORKDAYS_9_TO_5);

        @Test
        void openFromStartInclusiveToEndExclusive() {
            assertThat(schedule.isOpen(ams("2026-06-01T08:59:59"))).isFalse();
            assertThat(schedule.isOpen(ams("2026-06-01T09:00"))).isTrue();
            assertThat(schedule.isOpen(ams("2026-06-01T16:59:59"))).isTrue();
            assertThat(schedule.isOpen(ams("2026-06-01T17:00"))).isFalse();
            assertThat(schedule.isOpen(ams("2026-06-06T12:00"))).as("Saturday").isFalse();
        }

        @Test
        void currentOpeningHasItsFullExtent() {
            assertThat(schedule.currentOpening(ams("2026-06-01T12:00")))
                    .contains(new Opening(ams("2026-06-01T09:00"), ams("2026-06-01T17:00")));
            assertThat(schedule.currentOpening(ams("2026-06-01T17:00"))).isEmpty();
        }

        @Test
        void nextOpeningIsTheNextStartStrictlyAfterNow() {
            assertThat(schedule.nextOpening(ams("2026-06-01T08:00"))).contains(ams("2026-06-01T09:00"));
            assertThat(schedule.nextOpening(ams("2026-06-01T09:00"))).contains(ams("2026-06-02T09:00"));
            assertThat(schedule.nextOpening(ams("2026-06-01T12:00"))).contains(ams("2026-06-02T09:00"));
            assertThat(schedule.nextOpening(ams("2026-06-05T17:00"))).as("Friday evening -> Monday")
                    .contains(ams("2026-06-08T09:00"));
        }

        @Test
        void openingsBetweenReturnsWholeOpeningsThatOverlapTheRange() {
            assertThat(schedule.openingsBetween(ams("2026-06-01T12:00"), ams("2026-06-05T12:00"))).containsExactly(
                    new Opening(ams("2026-06-01T09:00"), ams("2026-06-01T17:00")),
                    new Opening(ams("2026-06-02T09:00"), ams("2026-06-02T17:00")),
                    new Opening(ams("2026-06-03T09:00"), ams("2026-06-03T17:00")),
                    new Opening(ams("2026-06-04T09:00"), ams("2026-06-04T17:00")),
                    new Opening(ams("2026-06-05T09:00"), ams("2026-06-05T17:00")));
            assertThat(schedule.openingsBetween(ams("2026-06-06T00:00"), ams("2026-06-08T09:00"))).isEmpty();
            assertThat(schedule.openingsBetween(ams("2026-06-01T12:00"), ams("2026-06-01T12:00"))).isEmpty();
        }

        @Test
        void openingsBetweenRefusesBackwardsOrHugeRanges() {
            assertThatThrownBy(() -> schedule.openingsBetween(ams("2026-06-02T00:00"), ams("2026-06-01T00:00")))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> schedule.openingsBetween(ams("2026-06-01T00:00"), ams("2027-08-01T00:00")))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void localDateIsInTheOfficeHoursZone() {
            assertThat(schedule.zone()).isEqualTo(ZoneId.of("Europe/Amsterdam"));
            // 22:30 UTC on 1 June is 00:30 on 2 June in Amsterdam (CEST, UTC+2).
            assertThat(schedule.localDate(utc("2026-06-01T22:30:00Z"))).isEqualTo(LocalDate.of(2026, 6, 2));
        }
    }

    @Nested
    class DaylightSavingTime {
        private final Schedule sundays = schedule(slot(SUNDAY, "01:30", "03:30"), slot(SUNDAY, "19:00", "21:00"));

        @Test
        void springForwardShortensANightSlotToOneRealHour() {
            // 01:30 CET = 00:30Z; 03:30 CEST = 01:30Z.
            assertThat(sundays.currentOpening(utc("2026-03-29T01:00:00Z")))
                    .contains(new Opening(utc("2026-03-29T00:30:00Z"), utc("2026-03-29T01:30:00Z")));
            assertThat(sundays.isOpen(utc("2026-03-29T00:29:59Z"))).isFalse();
            assertThat(sundays.isOpen(utc("2026-03-29T01:29:59Z"))).isTrue();
            assertThat(sundays.isOpen(utc("2026-03-29T01:30:00Z"))).isFalse();
            assertThat(sundays.nextOpening(utc("2026-03-28T12:00:00Z"))).contains(utc("2026-03-29T00:30:00Z"));
        }

        @Test
        void springForwardEveningSlotIsInSummerTime() {
            // 19:00-21:00 CEST = 17:00Z-19:00Z, an hour earlier in UTC than the Sunday before (CET).
            assertThat(sundays.nextOpening(utc("2026-03-29T01:30:00Z"))).contains(utc("2026-03-29T17:00:00Z"));
            assertThat(sundays.currentOpening(utc("2026-03-29T18:00:00Z")))
                    .contains(new Opening(utc("2026-03-29T17:00:00Z"), utc("2026-03-29T19:00:00Z")));
            assertThat(sundays.currentOpening(utc("2026-03-22T19:00:00Z")))
                    .contains(new Opening(utc("2026-03-22T18:00:00Z"), utc("2026-03-22T20:00:00Z")));
        }

        @Test
        void aNormalSundayNightSlotLastsTwoHours() {
            assertThat(sundays.currentOpening(utc("2026-03-22T01:00:00Z")))
                    .contains(new Opening(utc("2026-03-22T00:30:00Z"), utc("2026-03-22T02:30:00Z")));
        }

        @Test
        void fallBackLengthensANightSlotToThreeRealHours() {
            // 01:30 CEST = Saturday 23:30Z; 03:30 CET = 02:30Z. 02:15 happens twice; both are inside.
            Opening night = new Opening(utc("2026-10-24T23:30:00Z"), utc("2026-10-25T02:30:00Z"));
            assertThat(sundays.currentOpening(utc("2026-10-25T00:15:00Z"))).contains(night);
            assertThat(sundays.currentOpening(utc("2026-10-25T01:15:00Z"))).contains(night);
            assertThat(Duration.between(night.opensAt(), night.closesAt())).isEqualTo(Duration.ofHours(3));
            assertThat(sundays.isOpen(utc("2026-10-25T02:30:00Z"))).isFalse();
            assertThat(sundays.nextOpening(utc("2026-10-24T12:00:00Z"))).contains(utc("2026-10-24T23:30:00Z"));
        }

        @Test
        void fallBackEveningSlotIsInWinterTime() {
            // 19:00-21:00 CET = 18:00Z-20:00Z.
            assertThat(sundays.nextOpening(utc("2026-10-25T02:30:00Z"))).contains(utc("2026-10-25T18:00:00Z"));
            assertThat(sundays.currentOpening(utc("2026-10-25T19:59:59Z")))
                    .contains(new Opening(utc("2026-10-25T18:00:00Z"), utc("2026-10-25T20:00:00Z")));
        }

        @Test
        void aStartInTheSpringGapMovesLaterByTheGap() {
            // 02:30 does not exist on 29 March: it becomes 03:30 CEST (01:30Z); 04:00 CEST = 02:00Z.
            Schedule gap = schedule(slot(SUNDAY, "02:30", "04:00"));
            assertThat(gap.isOpen(utc("2026-03-29T01:15:00Z"))).isFalse();
            assertThat(gap.currentOpening(utc("2026-03-29T01:30:00Z")))
                    .contains(new Opening(utc("2026-03-29T01:30:00Z"), utc("2026-03-29T02:00:00Z")));
        }

        @Test
        void anAmbiguousAutumnStartTakesTheEarlierOffset() {
            // The first 02:30 (CEST) = 00:30Z; 04:00 CET = 03:00Z.
            Schedule ambiguous = schedule(slot(SUNDAY, "02:30", "04:00"));
            assertThat(ambiguous.currentOpening(utc("2026-10-25T00:30:00Z")))
                    .contains(new Opening(utc("2026-10-25T00:30:00Z"), utc("2026-10-25T03:00:00Z")));
        }

        @Test
        void aSlotThatVanishesInTheGapIsSkippedThatDayOnly() {
            // 02:45 -> 03:45 CEST, 03:00 stays 03:00 CEST: nothing left on 29 March.
            Schedule vanishing = schedule(slot(SUNDAY, "02:45", "03:00"));
            assertThat(vanishing.openingsBetween(utc("2026-03-28T22:00:00Z"), utc("2026-03-29T22:00:00Z")))
                    .isEmpty();
            // Next Sunday, 5 April, 02:45 CEST = 00:45Z.
            assertThat(vanishing.nextOpening(utc("2026-03-28T12:00:00Z"))).contains(utc("2026-04-05T00:45:00Z"));
        }
    }

    @Nested
    class ExceptionDates {
        private final Schedule christmas = Schedule.of(officeHour(WORKDAYS_9_TO_5)
                .addExceptions(replaced("2026-12-24", range("09:00", "12:00")))
                .addExceptions(closed("2026-12-25"))
                .build());

        @Test
        void aClosureDayIsClosedAllDay() {
            assertThat(christmas.isOpen(ams("2026-12-25T10:00"))).isFalse();
            assertThat(christmas.currentOpening(ams("2026-12-25T10:00"))).isEmpty();
            assertThat(christmas.isOpen(ams("2026-12-18T10:00"))).as("the Friday before").isTrue();
        }

        @Test
        void replacementHoursReplaceTheWeeklySlots() {
            assertThat(christmas.currentOpening(ams("2026-12-24T11:00")))
                    .contains(new Opening(ams("2026-12-24T09:00"), ams("2026-12-24T12:00")));
            assertThat(christmas.isOpen(ams("2026-12-24T13:00"))).isFalse();
        }

        @Test
        void nextOpeningSkipsClosuresAndTheWeekend() {
            assertThat(christmas.nextOpening(ams("2026-12-24T12:30"))).contains(ams("2026-12-28T09:00"));
        }

        @Test
        void replacementHoursCanOpenANormallyClosedDay() {
            Schedule withSaturday = Schedule.of(officeHour(WORKDAYS_9_TO_5)
                    .addExceptions(closed("2026-12-25"))
                    .addExceptions(replaced("2026-12-26", range("10:00", "12:00")))
                    .build());
            assertThat(withSaturday.nextOpening(ams("2026-12-24T17:00"))).contains(ams("2026-12-26T10:00"));
        }

        @Test
        void nextOpeningSkipsSeveralClosedWeeks() {
            Schedule summerBreak = Schedule.of(officeHour(slot(WEDNESDAY, "19:00", "21:00"))
                    .addExceptions(closed("2026-07-08"))
                    .addExceptions(closed("2026-07-15"))
                    .addExceptions(closed("2026-07-22"))
                    .build());
            assertThat(summerBreak.nextOpening(ams("2026-07-01T21:00"))).contains(ams("2026-07-29T19:00"));
        }

        @Test
        void exceptionsBeyondTheHorizonAreNotFound() {
            Schedule onlyExceptions = Schedule.of(officeHour()
                    .addExceptions(replaced("2026-06-10", range("09:00", "10:00")))
                    .addExceptions(replaced("2028-01-03", range("09:00", "10:00")))
                    .build());
            assertThat(onlyExceptions.nextOpening(ams("2026-06-01T00:00"))).contains(ams("2026-06-10T09:00"));
            assertThat(onlyExceptions.nextOpening(ams("2026-06-10T09:00"))).isEmpty();
        }
    }

    @Nested
    class PastMidnight {
        private final Schedule fridayNight = schedule(slot(FRIDAY, "22:00", "02:00"), slot(MONDAY, "09:00", "12:00"));

        @Test
        void aFridayNightSlotIsOpenOnSaturdayUntilTwo() {
            Opening night = new Opening(ams("2026-06-05T22:00"), ams("2026-06-06T02:00"));
            assertThat(fridayNight.currentOpening(ams("2026-06-05T23:00"))).contains(night);
            assertThat(fridayNight.currentOpening(ams("2026-06-06T01:00"))).contains(night);
            assertThat(fridayNight.isOpen(ams("2026-06-06T01:59:59"))).isTrue();
            assertThat(fridayNight.isOpen(ams("2026-06-06T02:00"))).isFalse();
        }

        @Test
        void nextOpeningFromSaturdayNight() {
            assertThat(fridayNight.nextOpening(ams("2026-06-06T03:00"))).contains(ams("2026-06-08T09:00"));
            assertThat(schedule(slot(FRIDAY, "22:00", "02:00")).nextOpening(ams("2026-06-06T03:00")))
                    .contains(ams("2026-06-12T22:00"));
        }

        @Test
        void aClosureTheNextDayDoesNotCutTheNightShort() {
            Schedule saturdayClosed = Schedule.of(officeHour(slot(FRIDAY, "22:00", "02:00"))
                    .addExceptions(closed("2026-06-06")).build());
            assertThat(saturdayClosed.currentOpening(ams("2026-06-06T01:00")))
                    .contains(new Opening(ams("2026-06-05T22:00"), ams("2026-06-06T02:00")));
        }

        @Test
        void aClosureOnTheStartDayRemovesTheWholeNight() {
            Schedule fridayClosed = Schedule.of(officeHour(slot(FRIDAY, "22:00", "02:00"))
                    .addExceptions(closed("2026-06-05")).build());
            assertThat(fridayClosed.isOpen(ams("2026-06-05T23:00"))).isFalse();
            assertThat(fridayClosed.isOpen(ams("2026-06-06T01:00"))).isFalse();
            assertThat(fridayClosed.nextOpening(ams("2026-06-05T12:00"))).contains(ams("2026-06-12T22:00"));
        }

        @Test
        void aSundayNightSlotRunsIntoMonday() {
            Schedule sundayNight = schedule(slot(SUNDAY, "22:00", "01:00"));
            assertThat(sundayNight.currentOpening(ams("2026-06-08T00:30")))
                    .contains(new Opening(ams("2026-06-07T22:00"), ams("2026-06-08T01:00")));
        }

        @Test
        void replacementHoursOverlappingThePreviousNightAreMerged() {
            Schedule merged = Schedule.of(officeHour(slot(FRIDAY, "22:00", "02:00"))
                    .addExceptions(replaced("2026-06-06", range("01:00", "04:00"))).build());
            assertThat(merged.currentOpening(ams("2026-06-06T03:00")))
                    .contains(new Opening(ams("2026-06-05T22:00"), ams("2026-06-06T04:00")));
        }
    }

    @Nested
    class Merging {
        @Test
        void adjacentSlotsAreOneOpening() {
            Schedule afternoon = schedule(slot(MONDAY, "15:00", "17:00"), slot(MONDAY, "17:00", "19:00"));
            Opening whole = new Opening(ams("2026-06-01T15:00"), ams("2026-06-01T19:00"));
            assertThat(afternoon.currentOpening(ams("2026-06-01T16:00"))).contains(whole);
            assertThat(afternoon.currentOpening(ams("2026-06-01T18:00"))).contains(whole);
            assertThat(afternoon.nextOpening(ams("2026-06-01T16:00"))).as("not the 17:00 half")
                    .contains(ams("2026-06-08T15:00"));
            assertThat(afternoon.openingsBetween(ams("2026-06-01T00:00"), ams("2026-06-02T00:00")))
                    .containsExactly(whole);
        }

        @Test
        void slotsTouchingAtMidnightAreOneOpening() {
            Schedule evening = schedule(slot(MONDAY, "20:00", "00:00"), slot(TUESDAY, "00:00", "02:00"));
            Opening whole = new Opening(ams("2026-06-01T20:00"), ams("2026-06-02T02:00"));
            assertThat(evening.currentOpening(ams("2026-06-01T21:00"))).contains(whole);
            assertThat(evening.currentOpening(ams("2026-06-02T01:00"))).contains(whole);
        }

        @Test
        void anOpeningLongerThanAWeekIsFoundInFull() {
            // Open round the clock except the closures: Sunday 31 May's night ends Monday 08:00, Monday 1 June is
            // closed, the round-the-clock run restarts Tuesday 08:00 and ends Saturday 20 June 08:00 (the Friday
            // night slot ends as defined on the closed Saturday).
            WeeklySlot[] allDay = Arrays.stream(Weekday.values())
                    .filter(d -> d != Weekday.WEEKDAY_UNSPECIFIED && d != Weekday.UNRECOGNIZED)
                    .flatMap(d -> java.util.stream.Stream.of(slot(d, "08:00", "20:00"), slot(d, "20:00", "08:00")))
                    .toArray(WeeklySlot[]::new);
            Schedule roundTheClock = Schedule.of(officeHour(allDay)
                    .addExceptions(closed("2026-06-01"))
                    .addExceptions(closed("2026-06-20"))
                    .build());
            assertThat(roundTheClock.currentOpening(ams("2026-06-10T12:00")))
                    .contains(new Opening(ams("2026-06-02T08:00"), ams("2026-06-20T08:00")));
            assertThat(roundTheClock.nextOpening(ams("2026-06-10T12:00"))).contains(ams("2026-06-21T08:00"));
        }
    }

    @Test
    void aRoundTheClockLineReportsClosingAtTheHorizon() {
        WeeklySlot[] always = Arrays.stream(Weekday.values())
                .filter(d -> d != Weekday.WEEKDAY_UNSPECIFIED && d != Weekday.UNRECOGNIZED)
                .flatMap(d -> java.util.stream.Stream.of(slot(d, "00:00", "12:00"), slot(d, "12:00", "00:00")))
                .toArray(WeeklySlot[]::new);
        Schedule helpline = schedule(always);
        Instant now = ams("2026-06-01T12:00");
        Opening opening = helpline.currentOpening(now).orElseThrow();
        assertThat(opening.opensAt()).isBefore(now.minus(Duration.ofDays(Schedule.HORIZON_DAYS - 1)));
        assertThat(opening.closesAt()).isAfter(now.plus(Duration.ofDays(Schedule.HORIZON_DAYS - 1)));
        assertThat(helpline.nextOpening(now)).isEmpty();
    }

    @Test
    void anOfficeHourWithoutSlotsIsNeverOpen() {
        Schedule none = schedule();
        assertThat(none.isOpen(ams("2026-06-01T12:00"))).isFalse();
        assertThat(none.currentOpening(ams("2026-06-01T12:00"))).isEmpty();
        assertThat(none.nextOpening(ams("2026-06-01T12:00"))).isEmpty();
    }

    @Test
    void anInvalidDefinitionIsRefused() {
        assertThatThrownBy(() -> schedule(slot(MONDAY, "09:00", "09:00")))
                .isInstanceOfSatisfying(InvalidOfficeHourException.class, e -> assertThat(e.errors())
                        .containsExactly(new FieldError("slots[0].end", "must differ from the start")));
        assertThatThrownBy(() -> Schedule.of(officeHour().setTimeZone("Mars/Olympus").build()))
                .isInstanceOf(InvalidOfficeHourException.class);
    }

    @Test
    void usesTheOfficeHoursOwnZone() {
        Schedule utcSchedule = Schedule.of(officeHour(slot(MONDAY, "09:00", "17:00")).setTimeZone("UTC").build());
        assertThat(utcSchedule.currentOpening(utc("2026-06-01T12:00:00Z")))
                .contains(new Opening(utc("2026-06-01T09:00:00Z"), utc("2026-06-01T17:00:00Z")));
    }
}
