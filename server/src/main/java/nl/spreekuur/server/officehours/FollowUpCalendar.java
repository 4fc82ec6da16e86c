package nl.spreekuur.server.officehours;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableMethod;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;
import nl.spreekuur.protocol.v1.FollowUpKind;
import nl.spreekuur.protocol.v1.FollowUpRecorded;
import nl.spreekuur.server.store.ProtoTime;

/**
 * The follow-up's calendar file (RFC 5545), written with ical4j: a maintained library that folds long lines,
 * escapes commas, semicolons and line breaks in text and writes UTC date-times correctly, which a hand-written
 * writer would have to get right for every calendar app. One VEVENT: the proposed time (UTC), the kind of
 * follow-up and the organisation as summary, the place as location; nothing of the chat, no nickname. Its UID
 * is derived from the chat and the time, so downloading it twice updates the same calendar entry.
 */
final class FollowUpCalendar {
    static final String CONTENT_TYPE = "text/calendar; charset=utf-8";

    private FollowUpCalendar() {
    }

    static byte[] write(FollowUpRecorded followUp, String organisationName, String conversationId, Instant now) {
        Instant start = ProtoTime.toInstant(followUp.getProposedStart());
        Instant end = start.plusSeconds(60L * followUp.getDurationMinutes());
        String summary = summary(followUp.getKind()) + (organisationName.isBlank() ? "" : " - " + organisationName);
        VEvent event = new VEvent(start, end, summary);
        event.add(new Uid(UUID.nameUUIDFromBytes((conversationId + "/" + start).getBytes(StandardCharsets.UTF_8))
                + "@spreekuur"));
        event.replace(new DtStamp(now));
        if (!followUp.getPlace().isBlank()) {
            event.add(new Location(followUp.getPlace()));
        }
        Calendar calendar = new Calendar();
        calendar.add(new ProdId("-//Spreekuur//Vervolgafspraak//NL"));
        calendar.add(ImmutableVersion.VERSION_2_0);
        calendar.add(ImmutableCalScale.GREGORIAN);
        calendar.add(ImmutableMethod.PUBLISH);
        calendar.add(event);
        return calendar.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Dutch, as the client sees it (B1). */
    static String summary(FollowUpKind kind) {
        return switch (kind) {
            case FOLLOW_UP_FACE_TO_FACE -> "Afspraak (persoonlijk gesprek)";
            case FOLLOW_UP_PHONE -> "Afspraak (telefoongesprek)";
            case FOLLOW_UP_VIDEO -> "Afspraak (videogesprek)";
            case FOLLOW_UP_REFERRAL -> "Afspraak (doorverwijzing)";
            default -> "Afspraak";
        };
    }
}
