package nl.spreekuur.server.effects;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.spreekuur.protocol.v1.ChatHelpfulness;
import nl.spreekuur.protocol.v1.ClaimClient;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ConversationKind;
import nl.spreekuur.protocol.v1.EndChat;
import nl.spreekuur.protocol.v1.FollowUp;
import nl.spreekuur.protocol.v1.FollowUpKind;
import nl.spreekuur.protocol.v1.HandleOfflineMessage;
import nl.spreekuur.protocol.v1.HistoryVisibility;
import nl.spreekuur.protocol.v1.JoinQueue;
import nl.spreekuur.protocol.v1.LeaveOfflineMessage;
import nl.spreekuur.protocol.v1.LeaveQueue;
import nl.spreekuur.protocol.v1.ListOfflineMessages;
import nl.spreekuur.protocol.v1.ModerationAction;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.OfflineMessage;
import nl.spreekuur.protocol.v1.QuickExit;
import nl.spreekuur.protocol.v1.RateChat;
import nl.spreekuur.protocol.v1.RoomState;
import nl.spreekuur.protocol.v1.SaveOfficeHour;
import nl.spreekuur.protocol.v1.SendMessage;
import nl.spreekuur.protocol.v1.SetDuty;
import nl.spreekuur.protocol.v1.Supervise;
import nl.spreekuur.protocol.v1.TransferChat;
import nl.spreekuur.protocol.v1.Visit;
import nl.spreekuur.protocol.v1.Weekday;
import nl.spreekuur.protocol.v1.WeeklySlot;
import nl.spreekuur.server.http.Json;
import nl.spreekuur.server.store.Conversations;
import nl.spreekuur.server.store.Effects;
import nl.spreekuur.server.store.Effects.Channel;
import nl.spreekuur.server.store.Effects.PeriodKind;
import nl.spreekuur.server.store.ProtoTime;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.store.Rooms;
import nl.spreekuur.server.testsupport.OfficeHourServiceFixture;
import nl.spreekuur.server.testsupport.RecordingSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A scripted November 2026 of one organisation, with the injected clock: office-hour chats through the real
 * request path (pick-ups, an abandonment, a quick exit, a transfer, supervision, follow-ups, "did this help?",
 * refusals, offline messages inside and outside opening hours and their handling) and a group room's members,
 * messages and moderation. The effects job's figures must be exactly the ones computed by hand in the comments;
 * every report and export must hold none of the nicknames, texts, places or ids planted in the script.
 */
class EffectsScriptedMonthTest {
    private static final String NICK = "Zwaluw-Geheim-7";
    private static final String TEXT = "GEHEIMTEKST-4711 mijn buurman";
    private static final String PLACE = "Wijkcentrum Geheimplein 9";
    private static final String ROOM_NICK = "Ria-Geheim";
    private static final LocalDate NOVEMBER = LocalDate.of(2026, 11, 1);

    private OfficeHourServiceFixture fx;
    private String org;
    private RecordingSession admin;
    private RecordingSession pro;
    private RecordingSession colleague;
    private RecordingSession supervisor;
    private OfficeHour oh;
    private final java.util.List<String> planted = new java.util.ArrayList<>();
    private long ids;
    private final java.util.List<String> roomIds = new java.util.ArrayList<>();

    @BeforeEach
    void script() {
        fx = OfficeHourServiceFixture.start();
        // Monday 2 November 2026, 09:00 in Amsterdam.
        fx.clock().set(Instant.parse("2026-11-02T08:00:00Z"));
        org = fx.organisation("buurtteam-" + System.nanoTime());
        admin = connected(fx.staff(org, "Beheer", Role.ORG_ADMIN));
        pro = connected(fx.staff(org, "Anna", Role.PROFESSIONAL));
        colleague = connected(fx.staff(org, "Bram", Role.PROFESSIONAL));
        supervisor = connected(fx.staff(org, "Sanne", Role.PROFESSIONAL, Role.SUPERVISOR));
        OfficeHour.Builder draft = OfficeHour.newBuilder().setSlug("inloop").setName("Inloop")
                .setTimeZone("Europe/Amsterdam").addProfessionalIds(pro.principal().id())
                .addProfessionalIds(colleague.principal().id()).addProfessionalIds(supervisor.principal().id());
        for (Weekday day : List.of(Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY, Weekday.THURSDAY,
                Weekday.FRIDAY)) {
            draft.addSlots(WeeklySlot.newBuilder().setDay(day).setStart("09:00").setEnd("17:00"));
        }
        oh = fx.ok(admin, ClientMessage.newBuilder().setSaveOfficeHour(SaveOfficeHour.newBuilder()
                .setOfficeHour(draft))).getOfficeHour();
        duty(pro, true);
        duty(colleague, true);

        // Chat 1: waits 120 s, 5 messages, 600 s, face-to-face follow-up with a place; "yes, it helped".
        // Visits (only clients who agreed to be recognised on their device tell): chat 1's client is new, chats
        // 2 and 3's are returning, clients 3 and 4 did not agree; a refused client's answer does not count.
        RecordingSession c1 = client();
        join(c1, Visit.VISIT_FIRST);
        fx.clock().advance(Duration.ofSeconds(120));
        String chat1 = claim(pro);
        say(c1, chat1, 3);
        say(pro, chat1, 2);
        fx.clock().advance(Duration.ofSeconds(600));
        fx.ok(pro, ClientMessage.newBuilder().setEndChat(EndChat.newBuilder().setConversationId(chat1)
                .setFollowUp(FollowUp.newBuilder().setKind(FollowUpKind.FOLLOW_UP_FACE_TO_FACE)
                        .setProposedStart(ProtoTime.of(Instant.parse("2026-11-10T09:00:00Z")))
                        .setPlace(PLACE))));
        rate(c1, chat1, ChatHelpfulness.HELPED_YES);

        // Chat 2: waits 60 s, 2 messages, a supervisor reads along, the client ends it after 240 s; "no".
        RecordingSession c2 = client();
        join(c2, Visit.VISIT_RETURNING);
        fx.clock().advance(Duration.ofSeconds(60));
        String chat2 = claim(pro);
        say(c2, chat2, 1);
        fx.ok(supervisor, ClientMessage.newBuilder().setSupervise(Supervise.newBuilder().setConversationId(chat2)));
        say(pro, chat2, 1);
        fx.clock().advance(Duration.ofSeconds(240));
        fx.ok(c2, ClientMessage.newBuilder().setEndChat(EndChat.newBuilder().setConversationId(chat2)));
        rate(c2, chat2, ChatHelpfulness.HELPED_NO);

        // Client 3 leaves the queue after 30 s; client 4 leaves by quick exit: two abandoned, one quick exit.
        RecordingSession c3 = client();
        String entry3 = join(c3);
        fx.clock().advance(Duration.ofSeconds(30));
        fx.ok(c3, ClientMessage.newBuilder().setLeaveQueue(LeaveQueue.newBuilder().setQueueEntryId(entry3)));
        RecordingSession c4 = client();
        join(c4, Visit.VISIT_UNSPECIFIED);
        fx.ok(c4, ClientMessage.newBuilder().setQuickExit(QuickExit.getDefaultInstance()));

        // Chat 3: waits 300 s, transferred to a colleague, 1 message, 1200 s, referral.
        RecordingSession c5 = client();
        join(c5, Visit.VISIT_RETURNING);
        fx.clock().advance(Duration.ofSeconds(300));
        String chat3 = claim(pro);
        fx.ok(pro, ClientMessage.newBuilder().setTransferChat(TransferChat.newBuilder().setConversationId(chat3)
                .setToProfessionalId(colleague.principal().id()).setNote("")));
        say(c5, chat3, 1);
        fx.clock().advance(Duration.ofSeconds(1200));
        fx.ok(colleague, ClientMessage.newBuilder().setEndChat(EndChat.newBuilder().setConversationId(chat3)
                .setFollowUp(FollowUp.newBuilder().setKind(FollowUpKind.FOLLOW_UP_REFERRAL))));

        // Tuesday 3 November, 10:00: nobody on duty -> refused (nobody on duty).
        duty(pro, false);
        duty(colleague, false);
        fx.clock().set(Instant.parse("2026-11-03T09:00:00Z"));
        assertThat(tryJoin(client())).isFalse();

        // Saturday 7 November, 12:00: closed -> refused (closed); an offline message outside opening hours.
        fx.clock().set(Instant.parse("2026-11-07T11:00:00Z"));
        assertThat(tryJoin(client())).isFalse();
        offline(client());

        // Monday 9 November, 09:00: the weekend message is handled (45 h = 162000 s); one left at 10:00 (open)
        // is handled at 11:00 (3600 s).
        fx.clock().set(Instant.parse("2026-11-09T08:00:00Z"));
        handleAll();
        fx.clock().set(Instant.parse("2026-11-09T09:00:00Z"));
        offline(client());
        fx.clock().set(Instant.parse("2026-11-09T10:00:00Z"));
        handleAll();

        // A group room: members in and around November, messages and moderation (store level, as the rooms
        // capability records them).
        room();
        calls();
        fx.clock().set(Instant.parse("2026-12-01T06:00:00Z"));
    }

    /**
     * Video calls as the calls capability records them when each ends (store level; the call path itself is
     * covered by CallEffectFactsTest): six consults held in November (10, 20, 30, 40, 50 and 60 minutes) and one in
     * October, two calls from chats (5 and 15 minutes), two online meetings (4 and 6 took part), one call not held,
     * one held consult that never connected, two that went through the relay.
     */
    private void calls() {
        LocalDate day = LocalDate.of(2026, 11, 10);
        for (int minutes = 10; minutes <= 60; minutes += 10) {
            video(day, Effects.CALL_HELD_CONSULT, minutes * 60L);
        }
        video(LocalDate.of(2026, 10, 30), Effects.CALL_HELD_CONSULT, 3600);
        video(day, Effects.CALL_HELD_CHAT, 300);
        video(day, Effects.CALL_HELD_CHAT, 900);
        video(day, Effects.CALL_HELD_MEETING, 3600);
        video(day, Effects.MEETING_PARTICIPANTS, 4);
        video(LocalDate.of(2026, 11, 24), Effects.CALL_HELD_MEETING, 5400);
        video(LocalDate.of(2026, 11, 24), Effects.MEETING_PARTICIPANTS, 6);
        video(day, Effects.CALL_NOT_HELD, 1);
        video(day, Effects.CALL_NOT_CONNECTED, 1);
        video(day, Effects.CALL_RELAYED, 1);
        video(LocalDate.of(2026, 11, 24), Effects.CALL_RELAYED, 1);
    }

    private void video(LocalDate day, String fact, long value) {
        fx.store().effects().recordFact(new Effects.Fact(org, Channel.VIDEO_CONSULT, Effects.ALL, day, fact, value));
    }

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void theMonthGivesExactlyTheHandComputedFigures() {
        new EffectsJob(fx.store(), fx.clock(), 40).aggregate(org, NOVEMBER.minusMonths(1),
                NOVEMBER.plusMonths(1).minusDays(1));

        Map<String, Long> month = figures(PeriodKind.MONTH, NOVEMBER, Channel.OFFICE_HOUR_CHAT, Effects.ALL);
        Map<String, Long> expected = new HashMap<>();
        expected.put("clients_reached", 5L);       // 3 served + 2 offline messages
        expected.put("offline_messages", 2L);
        expected.put("offline_outside_hours", 1L);
        expected.put("new_clients", 1L);           // chat 1's client
        expected.put("returning_clients", 2L);     // chats 2 and 3's clients (the refused one does not count)
        expected.put("unrecognised", 2L);          // 5 joined - 1 - 2: clients 3 and 4 did not agree
        expected.put("joined", 5L);
        expected.put("served", 3L);
        expected.put("abandoned", 2L);
        expected.put("refused_closed", 1L);
        expected.put("refused_nobody_on_duty", 1L);
        expected.put("refused_full", 0L);
        expected.put("quick_exits", 1L);
        expected.put("waits", 3L);                 // 60, 120, 300
        expected.put("wait_p50_seconds", 120L);    // rank ceil(0.5 x 3) = 2
        expected.put("wait_p90_seconds", 300L);    // rank ceil(0.9 x 3) = 3
        expected.put("chats", 3L);                 // 240, 600, 1200
        expected.put("chat_p50_seconds", 600L);
        expected.put("chat_p90_seconds", 1200L);
        expected.put("chats_under_5_min", 1L);
        expected.put("chats_5_to_15_min", 1L);
        expected.put("chats_15_to_30_min", 1L);
        expected.put("chats_30_to_60_min", 0L);
        expected.put("chats_over_60_min", 0L);
        expected.put("messages", 8L);              // 5 + 2 + 1
        expected.put("messages_per_chat_p50", 2L); // 1, 2, 5
        expected.put("messages_per_chat_p90", 5L);
        expected.put("transfers", 1L);
        expected.put("supervised", 1L);
        expected.put("moved_to_video", 0L);
        expected.put("follow_up_face_to_face", 1L);
        expected.put("follow_up_phone", 0L);
        expected.put("follow_up_video", 0L);
        expected.put("follow_up_referral", 1L);
        expected.put("follow_up_none", 0L);
        expected.put("helped_yes", 1L);
        expected.put("helped_no", 1L);
        expected.put("offline_handled", 2L);
        expected.put("offline_handle_p50_seconds", 3600L);
        expected.put("offline_handle_p90_seconds", 162000L);
        assertThat(month).isEqualTo(expected);
        // the office hour's own figures are the same (it is the organisation's only one)
        assertThat(figures(PeriodKind.MONTH, NOVEMBER, Channel.OFFICE_HOUR_CHAT, oh.getId())).isEqualTo(expected);

        // Week 45 (2-8 November) holds the chats, refusals and the weekend message; week 46 the handling.
        Map<String, Long> week45 = figures(PeriodKind.WEEK, LocalDate.of(2026, 11, 2), Channel.OFFICE_HOUR_CHAT,
                Effects.ALL);
        assertThat(week45).containsEntry("joined", 5L).containsEntry("new_clients", 1L)
                .containsEntry("returning_clients", 2L).containsEntry("offline_messages", 1L)
                .containsEntry("offline_handled", 0L).containsEntry("refused_closed", 1L);
        Map<String, Long> week46 = figures(PeriodKind.WEEK, LocalDate.of(2026, 11, 9), Channel.OFFICE_HOUR_CHAT,
                Effects.ALL);
        assertThat(week46).containsEntry("joined", 0L).containsEntry("unrecognised", 0L)
                .containsEntry("offline_messages", 1L)
                .containsEntry("offline_handled", 2L);
        assertThat(figures(PeriodKind.DAY, LocalDate.of(2026, 11, 3), Channel.OFFICE_HOUR_CHAT, Effects.ALL))
                .containsEntry("refused_nobody_on_duty", 1L).containsEntry("joined", 0L);
        assertThat(figures(PeriodKind.QUARTER, LocalDate.of(2026, 10, 1), Channel.OFFICE_HOUR_CHAT, Effects.ALL))
                .isEqualTo(expected);

        // Group: active in November m1, m2, m3 (m4 joins in December, m5 left in October); joined m2, m3;
        // 7 messages in November (2 in October); 2 moderation actions in November (1 in October); 2 private talks
        // opened; 3 meetings held with 3 + 0 + 2 sign-ups; head counts 7 + 0 at the 2 physical ones, 9 online.
        Map<String, Long> groups = figures(PeriodKind.MONTH, NOVEMBER, Channel.GROUP_ROOM, Effects.ALL);
        Map<String, Long> expectedGroups = Map.ofEntries(Map.entry("active_members", 3L),
                Map.entry("members_joined", 2L), Map.entry("room_messages", 7L), Map.entry("moderation_actions", 2L),
                Map.entry("escalations", 2L), Map.entry("meetings_held", 3L), Map.entry("meeting_signups", 5L),
                Map.entry("meetings_counted", 2L), Map.entry("meeting_attendance", 7L),
                Map.entry("online_meetings_counted", 1L), Map.entry("online_meeting_attendance", 9L));
        assertThat(groups).isEqualTo(expectedGroups);
        assertThat(figures(PeriodKind.MONTH, NOVEMBER, Channel.GROUP_ROOM, roomIds.get(0))).isEqualTo(expectedGroups);
        // October: the one meeting there, counted 6
        Map<String, Long> october = figures(PeriodKind.MONTH, LocalDate.of(2026, 10, 1), Channel.GROUP_ROOM,
                Effects.ALL);
        assertThat(october).containsEntry("meetings_held", 1L).containsEntry("meetings_counted", 1L)
                .containsEntry("meeting_attendance", 6L).containsEntry("online_meetings_counted", 0L);
        // the week of 16-22 November holds only the online meeting
        assertThat(figures(PeriodKind.WEEK, LocalDate.of(2026, 11, 16), Channel.GROUP_ROOM, Effects.ALL))
                .containsEntry("meetings_held", 1L).containsEntry("meetings_counted", 0L)
                .containsEntry("online_meetings_counted", 1L).containsEntry("online_meeting_attendance", 9L);

        // Video in November: 6 consults (nearest rank: p50 = 3rd of 6 = 1800 s, p90 = 6th = 3600 s), 2 chat calls
        // (p50 = 1st of 2 = 300 s), 2 meetings with 4 + 6 = 10 taking part, 1 not held, 1 not connected, 2 relayed.
        assertThat(figures(PeriodKind.MONTH, NOVEMBER, Channel.VIDEO_CONSULT, Effects.ALL)).isEqualTo(Map.of(
                "video_consults", 6L, "video_consult_p50_seconds", 1800L, "video_consult_p90_seconds", 3600L,
                "chat_video_calls", 2L, "chat_video_call_p50_seconds", 300L, "online_meetings", 2L,
                "online_meeting_participants", 10L, "calls_not_held", 1L, "calls_not_connected", 1L,
                "calls_relayed", 2L));
    }

    @Test
    void reAggregatingAPeriodOnAnotherNodeOrAfterARestartGivesTheSameFigures() {
        new EffectsJob(fx.store(), fx.clock(), 40).aggregate(org, NOVEMBER, NOVEMBER.plusMonths(1).minusDays(1));
        Map<String, Long> first = figures(PeriodKind.MONTH, NOVEMBER, Channel.OFFICE_HOUR_CHAT, Effects.ALL);
        List<Effects.Period> before = fx.store().effects().periods(org, PeriodKind.DAY, NOVEMBER,
                NOVEMBER.plusDays(29));
        // a second job (another node, or this one after a restart) over the same month, twice
        EffectsJob other = new EffectsJob(fx.store(), fx.clock(), 40);
        other.aggregate(org, NOVEMBER, NOVEMBER.plusMonths(1).minusDays(1));
        other.aggregate(org, NOVEMBER.plusDays(5), NOVEMBER.plusDays(10));
        assertThat(figures(PeriodKind.MONTH, NOVEMBER, Channel.OFFICE_HOUR_CHAT, Effects.ALL)).isEqualTo(first);
        assertThat(fx.store().effects().periods(org, PeriodKind.DAY, NOVEMBER, NOVEMBER.plusDays(29)))
                .extracting(Effects.Period::figures)
                .isEqualTo(before.stream().map(Effects.Period::figures).toList());
    }

    @Test
    void reportsAndExportsHoldNoNicknameTextPlaceOrId() {
        new EffectsJob(fx.store(), fx.clock(), 40).aggregate(org, NOVEMBER, NOVEMBER.plusMonths(1).minusDays(1));
        EffectReports reports = new EffectReports(fx.store(), fx.clock());
        Benchmark benchmark = new Benchmark(fx.store(), reports, fx.clock());
        fx.store().effects().setBenchmarkOptIn(org, true, fx.clock().instant());
        StringBuilder all = new StringBuilder();
        for (PeriodKind kind : PeriodKind.values()) {
            for (Channel channel : Channel.values()) {
                EffectReports.Query q = reports.query(org, kind.name(), "2026-11-01", "2026-11-30", channel.name(),
                        "");
                all.append(Json.write(reports.report(q))).append(reports.csv(q)).append(Json.write(reports.export(q)))
                        .append(Json.write(benchmark.benchmark(q)));
            }
        }
        String text = all.toString();
        assertThat(text).contains("\"served\"").contains("< 5");
        for (String secret : planted) {
            assertThat(text).as("planted %s", secret).doesNotContain(secret);
        }
        assertThat(text).doesNotContain(NICK).doesNotContain("GEHEIMTEKST").doesNotContain(PLACE)
                .doesNotContain(ROOM_NICK).doesNotContain("203.0.113");
    }

    @Test
    void theReportShowsFiveAndSuppressesThreeAndTheirDistributions() {
        new EffectsJob(fx.store(), fx.clock(), 40).aggregate(org, NOVEMBER, NOVEMBER.plusMonths(1).minusDays(1));
        EffectReports reports = new EffectReports(fx.store(), fx.clock());
        Map<String, Object> report = reports.report(reports.query(org, "month", "2026-11-01", "2026-11-30", "", ""));
        Map<?, ?> figures = (Map<?, ?>) ((Map<?, ?>) ((List<?>) report.get("periods")).get(0)).get("figures");
        assertThat(((Map<?, ?>) figures.get("joined")).get("display")).isEqualTo("5");
        assertThat(((Map<?, ?>) figures.get("served")).get("display")).isEqualTo("< 5");
        assertThat(((Map<?, ?>) figures.get("served")).get("value")).isNull();
        assertThat(((Map<?, ?>) figures.get("wait_p50_seconds")).get("display")).isEqualTo("< 5");
        assertThat(((Map<?, ?>) figures.get("refused_full")).get("display")).isEqualTo("0");
        // 1 new and 2 returning clients are counts below 5: shown as "< 5" like every other
        assertThat(((Map<?, ?>) figures.get("new_clients")).get("display")).isEqualTo("< 5");
        assertThat(((Map<?, ?>) figures.get("returning_clients")).get("display")).isEqualTo("< 5");
        assertThat(((Map<?, ?>) figures.get("unrecognised")).get("value")).isNull();
        EffectReports.Query q = reports.query(org, "month", "2026-11-01", "2026-11-30", "", "");
        assertThat(reports.csv(q)).contains("returning_clients").doesNotContain("returning_clients,2");
        Map<?, ?> exported = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) ((List<?>) reports.export(q).get("periods"))
                .get(0)).get("channels")).get("OFFICE_HOUR_CHAT");
        assertThat(exported.get("new_clients")).isEqualTo("< 5");
        assertThat(exported.get("returning_clients")).isEqualTo("< 5");
        assertThat(exported.get("unrecognised")).isEqualTo("< 5");
        assertThat(((List<?>) report.get("charts"))).isNotEmpty()
                .allSatisfy(c -> assertThat((String) ((Map<?, ?>) c).get("svg")).startsWith("<svg"));
    }

    // ------------------------------------------------------------------ steps

    private Map<String, Long> figures(PeriodKind kind, LocalDate start, Channel channel, String scope) {
        Effects.Period period = fx.store().effects().periods(org, kind, start, start).stream().findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + start));
        return EffectReports.values(period, channel, scope);
    }

    private RecordingSession connected(RecordingSession session) {
        fx.connect(session);
        planted.add(session.principal().id());
        planted.add(session.principal().sessionId());
        return session;
    }

    private RecordingSession client() {
        return connected(fx.client(org));
    }

    private void duty(RecordingSession staff, boolean on) {
        fx.ok(staff, ClientMessage.newBuilder().setSetDuty(SetDuty.newBuilder().setOfficeHourId(oh.getId())
                .setOnDuty(on)));
    }

    private String join(RecordingSession client) {
        return join(client, Visit.VISIT_UNSPECIFIED);
    }

    private String join(RecordingSession client, Visit visit) {
        var result = fx.ok(client, ClientMessage.newBuilder().setJoinQueue(JoinQueue.newBuilder()
                .setOfficeHourId(oh.getId()).setNickname(NICK).setFirstQuestion(TEXT).setVisit(visit)))
                .getJoinQueueResult();
        assertThat(result.getAdmitted()).as("admitted: %s", result.getRefusal()).isTrue();
        planted.add(result.getStatus().getQueueEntryId());
        return result.getStatus().getQueueEntryId();
    }

    private boolean tryJoin(RecordingSession client) {
        return fx.ok(client, ClientMessage.newBuilder().setJoinQueue(JoinQueue.newBuilder()
                .setOfficeHourId(oh.getId()).setNickname(NICK).setVisit(Visit.VISIT_RETURNING)))
                .getJoinQueueResult().getAdmitted();
    }

    private String claim(RecordingSession staff) {
        String chat = fx.ok(staff, ClientMessage.newBuilder().setClaimClient(ClaimClient.newBuilder()
                .setOfficeHourId(oh.getId()))).getChatAssigned().getConversationId();
        planted.add(chat);
        return chat;
    }

    private void say(RecordingSession who, String chat, int times) {
        for (int i = 0; i < times; i++) {
            fx.ok(who, ClientMessage.newBuilder().setSendMessage(SendMessage.newBuilder().setConversationId(chat)
                    .setClientMsgId("m" + (++ids)).setText(TEXT)));
        }
    }

    private void rate(RecordingSession client, String chat, ChatHelpfulness answer) {
        fx.ok(client, ClientMessage.newBuilder().setRateChat(RateChat.newBuilder().setConversationId(chat)
                .setAnswer(answer)));
    }

    private void offline(RecordingSession client) {
        fx.ok(client, ClientMessage.newBuilder().setLeaveOfflineMessage(LeaveOfflineMessage.newBuilder()
                .setOfficeHourId(oh.getId()).setNickname(NICK).setText(TEXT).setContact("06-12345678")));
    }

    private void handleAll() {
        List<OfflineMessage> messages = fx.ok(pro, ClientMessage.newBuilder().setListOfflineMessages(
                ListOfflineMessages.newBuilder().setOfficeHourId(oh.getId()))).getOfflineMessages()
                .getMessagesList();
        for (OfflineMessage m : messages) {
            if (!m.hasHandledAt()) {
                planted.add(m.getId());
                fx.ok(pro, ClientMessage.newBuilder().setHandleOfflineMessage(HandleOfflineMessage.newBuilder()
                        .setOfflineMessageId(m.getId())));
            }
        }
    }

    private void room() {
        Instant october = Instant.parse("2026-10-01T10:00:00Z");
        String roomId = java.util.UUID.randomUUID().toString();
        roomIds.add(roomId);
        Conversations.Conversation conversation = fx.store().conversations().create(org,
                ConversationKind.GROUP_ROOM, new Conversations.Owner("room", roomId), october);
        fx.store().rooms().create(new Rooms.Room(roomId, org, conversation.id(), "Lotgenoten", "",
                List.of(pro.principal().id()), 50, HistoryVisibility.FULL_HISTORY, 0, RoomState.ROOM_OPEN, october));
        Rooms.Invite invite = fx.store().rooms().createInvite(new Rooms.Invite(null, roomId, "code-" + roomId,
                false, 0, 0, null, null, "leden", pro.principal().id(), october));
        Rooms.Member m5 = member(invite, october);
        fx.store().rooms().endMembership(m5.id(), nl.spreekuur.protocol.v1.MemberStatus.MEMBER_LEFT, Instant.parse("2026-10-31T10:00:00Z"));
        member(invite, Instant.parse("2026-10-15T10:00:00Z"));
        member(invite, Instant.parse("2026-11-03T10:00:00Z"));
        Rooms.Member m3 = member(invite, Instant.parse("2026-11-05T10:00:00Z"));
        fx.store().rooms().endMembership(m3.id(), nl.spreekuur.protocol.v1.MemberStatus.MEMBER_LEFT, Instant.parse("2026-11-20T10:00:00Z"));
        member(invite, Instant.parse("2026-12-01T10:00:00Z"));
        for (int day : new int[] {3, 3, 5, 10, 17, 20, 30}) {
            fact(roomId, LocalDate.of(2026, 11, day));
        }
        fact(roomId, LocalDate.of(2026, 10, 20));
        fact(roomId, LocalDate.of(2026, 10, 31));
        log(roomId, Instant.parse("2026-10-20T10:00:00Z"), ModerationAction.PAUSE_ROOM);
        log(roomId, Instant.parse("2026-11-10T10:00:00Z"), ModerationAction.MUTE_MEMBER);
        log(roomId, Instant.parse("2026-11-30T22:30:00Z"), ModerationAction.HIDE_MESSAGE); // 23:30 in Amsterdam

        // escalations: two private talks opened in November, one in October, one asked but never picked up
        for (String opened : new String[] {"2026-10-28T10:00:00Z", "2026-11-12T10:00:00Z", "2026-11-26T15:00:00Z"}) {
            talk(roomId, Instant.parse(opened));
        }
        talk(roomId, null);
        // meetings: three held in November (3, 2 and 0 said "ik kom"), one in October, one still to come in
        // December. Head counts the moderator recorded: 6 in October; 7 and 0 ("nobody came" is a count) at the
        // two physical ones in November, 9 at the online one; none yet for December.
        meeting(roomId, "2026-10-21T18:00:00Z", 4, false, 6);
        meeting(roomId, "2026-11-11T18:00:00Z", 3, false, 7);
        meeting(roomId, "2026-11-18T18:00:00Z", 0, true, 9);
        meeting(roomId, "2026-11-25T18:00:00Z", 2, false, 0);
        meeting(roomId, "2026-12-09T18:00:00Z", 5, false, null);
    }

    private void talk(String roomId, Instant openedAt) {
        String member = "member-" + java.util.UUID.randomUUID();
        fx.store().roomPeople().addTalk(new nl.spreekuur.server.store.RoomPeople.Talk(null, roomId, member, "p-" + member,
                ROOM_NICK, openedAt == null ? nl.spreekuur.protocol.v1.PrivateTalkState.TALK_REQUESTED
                        : nl.spreekuur.protocol.v1.PrivateTalkState.TALK_OPEN, openedAt == null,
                openedAt == null ? Instant.parse("2026-11-27T10:00:00Z") : openedAt,
                openedAt == null ? null : pro.principal().id(), openedAt == null ? "" : "Anna", openedAt, null, null));
    }

    private void meeting(String roomId, String startsAt, int coming, boolean online, Integer attended) {
        nl.spreekuur.server.store.RoomPeople.Meeting m = fx.store().roomPeople().saveMeeting(
                new nl.spreekuur.server.store.RoomPeople.Meeting(null, roomId, Instant.parse(startsAt), 90, online,
                        online ? "" : PLACE, "Koffieochtend", pro.principal().id()));
        if (attended != null) {
            // first a miscount, then the correction: the last count is the one that counts
            fx.store().roomPeople().recordAttendance(m.id(), attended + 100);
            fx.store().roomPeople().recordAttendance(m.id(), attended);
        }
        for (int i = 0; i < coming; i++) {
            fx.store().roomPeople().answerMeeting(m.id(), "member-" + java.util.UUID.randomUUID(),
                    nl.spreekuur.protocol.v1.MeetingAnswer.MEETING_COMING, Instant.parse(startsAt).minusSeconds(86400));
        }
    }

    private Rooms.Member member(Rooms.Invite invite, Instant at) {
        String principal = "member-" + java.util.UUID.randomUUID();
        planted.add(principal);
        return fx.store().rooms().redeem(invite.code(), principal, ROOM_NICK, at).member();
    }

    private void fact(String roomId, LocalDate day) {
        fx.store().effects().recordFact(new Effects.Fact(org, Channel.GROUP_ROOM, roomId, day, Effects.ROOM_MESSAGE,
                1));
    }

    private void log(String roomId, Instant at, ModerationAction action) {
        fx.store().rooms().log(roomId, new Rooms.LogEntry(at, pro.principal().id(), "Anna", action, "p-1",
                "GEHEIMTEKST reden", null));
    }
}
