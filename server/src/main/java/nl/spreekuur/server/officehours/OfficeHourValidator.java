package nl.spreekuur.server.officehours;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.server.officehours.queue.WaitEstimator;
import nl.spreekuur.server.schedule.FieldError;
import nl.spreekuur.server.schedule.InvalidOfficeHourException;
import nl.spreekuur.server.schedule.OfficeHourZone;
import nl.spreekuur.server.schedule.ScheduleValidator;
import nl.spreekuur.server.session.Texts;

/**
 * Checks an office hour definition before it is saved, and fills in defaults.
 *
 * <p>Numeric settings use 0 for "not set" (proto3 has no presence), so 0 is replaced by the default; any other value
 * must lie in its range. Error messages name the field and the rule but never repeat the submitted text.
 *
 * <p>The time zone, weekly slots and exception dates are checked by {@link ScheduleValidator}.
 */
public final class OfficeHourValidator {

    static final int DEFAULT_MAX_CHATS_PER_PROFESSIONAL = 3;
    static final int MAX_MAX_CHATS_PER_PROFESSIONAL = 10;
    static final int DEFAULT_RETENTION_DAYS = 30;
    static final int MAX_RETENTION_DAYS = 365;
    static final int DEFAULT_RECONNECT_GRACE_SECONDS = 120;
    static final int MIN_RECONNECT_GRACE_SECONDS = 30;
    static final int MAX_RECONNECT_GRACE_SECONDS = 900;
    static final int DEFAULT_AVERAGE_CHAT_MINUTES = WaitEstimator.DEFAULT_AVERAGE_CHAT_MINUTES;
    static final int MAX_AVERAGE_CHAT_MINUTES = 240;
    static final int MAX_NAME_LENGTH = 120;
    static final int MAX_DESCRIPTION_LENGTH = 1000;

    private static final Pattern SLUG = Pattern.compile("[a-z0-9-]{2,60}");

    private OfficeHourValidator() {
    }

    /** Replaces unset (0 / empty) settings by their defaults; leaves everything else as it is. */
    public static OfficeHour withDefaults(OfficeHour officeHour) {
        OfficeHour.Builder b = officeHour.toBuilder();
        if (b.getTimeZone().isEmpty()) {
            b.setTimeZone(OfficeHourZone.DEFAULT_ZONE.getId());
        }
        if (b.getMaxChatsPerProfessional() == 0) {
            b.setMaxChatsPerProfessional(DEFAULT_MAX_CHATS_PER_PROFESSIONAL);
        }
        if (b.getRetentionDays() == 0) {
            b.setRetentionDays(DEFAULT_RETENTION_DAYS);
        }
        if (b.getReconnectGraceSeconds() == 0) {
            b.setReconnectGraceSeconds(DEFAULT_RECONNECT_GRACE_SECONDS);
        }
        if (b.getAverageChatMinutes() == 0) {
            b.setAverageChatMinutes(DEFAULT_AVERAGE_CHAT_MINUTES);
        }
        return b.build();
    }

    /**
     * The normalised definition ({@link #withDefaults}) if it is valid.
     *
     * @throws InvalidOfficeHourException listing every problem found
     */
    public static OfficeHour requireValid(OfficeHour officeHour) {
        List<FieldError> errors = validate(officeHour);
        if (!errors.isEmpty()) {
            throw new InvalidOfficeHourException(errors);
        }
        return withDefaults(officeHour);
    }

    /** Every problem with the definition (after applying defaults); empty when it can be saved. */
    static List<FieldError> validate(OfficeHour officeHour) {
        OfficeHour oh = withDefaults(officeHour);
        List<FieldError> errors = new ArrayList<>();
        if (!SLUG.matcher(oh.getSlug()).matches()) {
            errors.add(new FieldError("slug", "must be 2 to 60 characters a-z, 0-9 or '-'"));
        }
        if (oh.getName().isBlank()) {
            errors.add(new FieldError("name", "is required"));
        } else if (Texts.length(oh.getName()) > MAX_NAME_LENGTH) {
            errors.add(new FieldError("name", "must be at most " + MAX_NAME_LENGTH + " characters"));
        }
        if (Texts.length(oh.getDescription()) > MAX_DESCRIPTION_LENGTH) {
            errors.add(new FieldError("description", "must be at most " + MAX_DESCRIPTION_LENGTH + " characters"));
        }
        checkRange(errors, "max_chats_per_professional", oh.getMaxChatsPerProfessional(), 1,
                MAX_MAX_CHATS_PER_PROFESSIONAL);
        checkRange(errors, "retention_days", oh.getRetentionDays(), 1, MAX_RETENTION_DAYS);
        checkRange(errors, "reconnect_grace_seconds", oh.getReconnectGraceSeconds(), MIN_RECONNECT_GRACE_SECONDS,
                MAX_RECONNECT_GRACE_SECONDS);
        checkRange(errors, "average_chat_minutes", oh.getAverageChatMinutes(), 1, MAX_AVERAGE_CHAT_MINUTES);
        errors.addAll(ScheduleValidator.scheduleErrors(oh));
        return errors;
    }

    private static void checkRange(List<FieldError> errors, String field, int value, int min, int max) {
        if (value < min || value > max) {
            errors.add(new FieldError(field, "must be between " + min + " and " + max + " (0 = default)"));
        }
    }
}
