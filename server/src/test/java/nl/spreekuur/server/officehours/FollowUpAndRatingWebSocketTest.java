package nl.spreekuur.server.officehours;

import static nl.spreekuur.server.testsupport.ServicesTestServer.otherEncoding;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import nl.spreekuur.protocol.v1.ChatHelpfulness;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.EndChat;
import nl.spreekuur.protocol.v1.EndReason;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.FollowUp;
import nl.spreekuur.protocol.v1.FollowUpKind;
import nl.spreekuur.protocol.v1.RateChat;
import nl.spreekuur.server.store.ProtoTime;
import nl.spreekuur.server.store.StatisticsLog;
import nl.spreekuur.server.testsupport.BothEncodings;
import nl.spreekuur.server.testsupport.OpenChat;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import org.junit.jupiter.api.AutoClose;

/**
 * The follow-up recorded when a professional ends a chat, and the client's "did this help?", over real sockets in
 * both encodings: the client sees the FollowUpRecorded event before the end, downloads its calendar file (parsed
 * here with ical4j), answers once; the statistics get only anonymous facts; bad input gets INVALID_ARGUMENT.
 */
class FollowUpAndRatingWebSocketTest {
    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start();

    @BothEncodings
    void theClientSeesTheFollowUpDownloadsItsCalendarFileAndAnswersOnce(String encoding) throws Exception {
        try (OpenChat chat = OpenChat.open(server, encoding, otherEncoding(encoding))) {
            Instant proposed = server.clock().instant().plus(Duration.ofDays(3)).truncatedTo(
                    java.time.temporal.ChronoUnit.HOURS);
            // a client may not record a follow-up; a follow-up in the past is refused
            assertThat(chat.client().callForError(end(chat, FollowUp.newBuilder()
                    .setKind(FollowUpKind.FOLLOW_UP_PHONE)))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(chat.pro().callForError(end(chat, FollowUp.newBuilder()
                    .setKind(FollowUpKind.FOLLOW_UP_FACE_TO_FACE)
                    .setProposedStart(ProtoTime.of(server.clock().instant().minusSeconds(60))))))
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
            // rating before the end is a conflict
            assertThat(chat.client().callForError(rate(chat, ChatHelpfulness.HELPED_YES)))
                    .isEqualTo(ErrorCode.CONFLICT);

            chat.pro().callForAck(end(chat, FollowUp.newBuilder().setKind(FollowUpKind.FOLLOW_UP_FACE_TO_FACE)
                    .setProposedStart(ProtoTime.of(proposed)).setDurationMinutes(45)
                    .setPlace("Wijkcentrum De Linde, Kerkstraat 1")));

            ConversationEvent followUp = chat.client().nextEvent(chat.conversationId());
            assertThat(followUp.hasFollowUp()).as("follow-up first: %s", followUp).isTrue();
            assertThat(followUp.getFollowUp().getKind()).isEqualTo(FollowUpKind.FOLLOW_UP_FACE_TO_FACE);
            assertThat(followUp.getFollowUp().getPlace()).isEqualTo("Wijkcentrum De Linde, Kerkstraat 1");
            assertThat(followUp.getFollowUp().getDurationMinutes()).isEqualTo(45);
            assertThat(chat.client().nextEvent(chat.conversationId()).getEnded().getReason())
                    .isEqualTo(EndReason.ENDED_BY_PROFESSIONAL);

            ServicesTestServer.HttpAnswer ics = server.get("/api/office-hours/chats/" + chat.conversationId()
                    + "/follow-up.ics", chat.clientToken());
            assertThat(ics.status()).isEqualTo(200);
            Calendar calendar = new CalendarBuilder().build(new StringReader(ics.body()));
            List<VEvent> events = calendar.getComponents("VEVENT");
            assertThat(events).hasSize(1);
            VEvent event = events.get(0);
            assertThat(event.getProperty(Property.DTSTART).orElseThrow().getValue())
                    .isEqualTo(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                            .withZone(java.time.ZoneOffset.UTC).format(proposed));
            assertThat(event.getProperty(Property.DTEND).orElseThrow().getValue())
                    .isEqualTo(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                            .withZone(java.time.ZoneOffset.UTC).format(proposed.plus(Duration.ofMinutes(45))));
            assertThat(event.getProperty(Property.LOCATION).orElseThrow().getValue())
                    .isEqualTo("Wijkcentrum De Linde, Kerkstraat 1");
            assertThat(event.getProperty(Property.SUMMARY).orElseThrow().getValue())
                    .startsWith("Afspraak (persoonlijk gesprek)");
            assertThat(ics.body()).doesNotContain(OpenChat.NICKNAME);
            // another person's token: not found; no token: 401
            assertThat(server.get("/api/office-hours/chats/" + chat.conversationId() + "/follow-up.ics",
                    server.anonymous(chat.org())).status()).isEqualTo(404);
            assertThat(server.get("/api/office-hours/chats/" + chat.conversationId() + "/follow-up.ics")
                    .status()).isEqualTo(401);

            assertThat(chat.client().callForError(rate(chat, ChatHelpfulness.CHAT_HELPFULNESS_UNSPECIFIED)))
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(chat.pro().callForError(rate(chat, ChatHelpfulness.HELPED_YES)))
                    .isEqualTo(ErrorCode.FORBIDDEN);
            chat.client().callForAck(rate(chat, ChatHelpfulness.HELPED_YES));
            assertThat(chat.client().callForError(rate(chat, ChatHelpfulness.HELPED_NO)))
                    .isEqualTo(ErrorCode.CONFLICT);

            LocalDate today = LocalDate.ofInstant(server.clock().instant(), java.time.ZoneId.of("Europe/Amsterdam"));
            List<StatisticsLog.Row> rows = server.server().store().statistics().rows(chat.officeHour().getId(),
                    today.minusDays(1), today.plusDays(1));
            assertThat(rows).filteredOn(r -> r.fact() == StatisticsLog.Fact.FOLLOW_UP)
                    .extracting(StatisticsLog.Row::value).containsExactly((long) FollowUpKind.FOLLOW_UP_FACE_TO_FACE
                            .getNumber());
            assertThat(rows).filteredOn(r -> r.fact() == StatisticsLog.Fact.HELPED)
                    .extracting(StatisticsLog.Row::value).containsExactly(1L);
            assertThat(rows).filteredOn(r -> r.fact() == StatisticsLog.Fact.CHAT_MESSAGES).hasSize(1);
        }
    }

    @BothEncodings
    void aChatEndedWithoutFollowUpHasNoCalendarFile(String encoding) throws Exception {
        try (OpenChat chat = OpenChat.open(server, encoding, otherEncoding(encoding))) {
            chat.pro().callForAck(end(chat, FollowUp.newBuilder().setKind(FollowUpKind.FOLLOW_UP_NONE)));
            assertThat(chat.client().nextEvent(chat.conversationId()).getFollowUp().getKind())
                    .isEqualTo(FollowUpKind.FOLLOW_UP_NONE);
            assertThat(server.get("/api/office-hours/chats/" + chat.conversationId() + "/follow-up.ics",
                    chat.clientToken()).status()).isEqualTo(404);
        }
    }

    private static ClientMessage.Builder end(OpenChat chat, FollowUp.Builder followUp) {
        return ClientMessage.newBuilder().setEndChat(EndChat.newBuilder().setConversationId(chat.conversationId())
                .setFollowUp(followUp));
    }

    private static ClientMessage.Builder rate(OpenChat chat, ChatHelpfulness answer) {
        return ClientMessage.newBuilder().setRateChat(RateChat.newBuilder().setConversationId(chat.conversationId())
                .setAnswer(answer));
    }
}
