package nl.spreekuur.server.officehours;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Instant;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.server.schedule.FieldError;
import nl.spreekuur.server.schedule.InvalidOfficeHourException;
import nl.spreekuur.server.schedule.Schedule;

/**
 * Any office hour definition decoded from bytes is either accepted (and its schedule then answers "open?" and "next
 * opening" at any instant) or refused with field errors; never another exception. The last eight bytes pick the
 * instant, the rest is the protobuf {@link OfficeHour}. The seed corpus under {@code
 * OfficeHourValidatorFuzzTestInputs/} replays in every test run; see docs/security.md for a fuzzing campaign.
 */
class OfficeHourValidatorFuzzTest {
    private static final long YEAR_9000 = Instant.parse("9000-01-01T00:00:00Z").getEpochSecond();

    @FuzzTest(maxDuration = "30s")
    void definitions(FuzzedDataProvider data) {
        long epochSecond = data.consumeLong(-YEAR_9000, YEAR_9000);
        OfficeHour definition;
        try {
            definition = OfficeHour.parseFrom(data.consumeRemainingAsBytes());
        } catch (InvalidProtocolBufferException notAnOfficeHour) {
            return;
        }
        OfficeHour accepted;
        try {
            accepted = OfficeHourValidator.requireValid(definition);
        } catch (InvalidOfficeHourException refused) {
            assertThat(refused.errors()).isNotEmpty().allSatisfy(OfficeHourValidatorFuzzTest::namesAField);
            return;
        }
        Instant now = Instant.ofEpochSecond(epochSecond);
        Schedule schedule = Schedule.of(accepted);
        boolean open = schedule.isOpen(now);
        assertThat(schedule.currentOpening(now).isPresent()).isEqualTo(open);
        schedule.nextOpening(now).ifPresent(next -> assertThat(next).isAfterOrEqualTo(now));
    }

    private static void namesAField(FieldError error) {
        assertThat(error.field()).isNotBlank();
        assertThat(error.message()).isNotBlank();
    }
}
