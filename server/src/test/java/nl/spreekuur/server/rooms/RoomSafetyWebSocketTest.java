package nl.spreekuur.server.rooms;

import static nl.spreekuur.server.testsupport.ServicesTestServer.otherEncoding;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import nl.spreekuur.protocol.v1.AcceptHouseRules;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.GetModerationLog;
import nl.spreekuur.protocol.v1.GetOrganisationSafety;
import nl.spreekuur.protocol.v1.GetRoomSafety;
import nl.spreekuur.protocol.v1.HelpInfo;
import nl.spreekuur.protocol.v1.HelpLine;
import nl.spreekuur.protocol.v1.LiftHold;
import nl.spreekuur.protocol.v1.ListHeldMessages;
import nl.spreekuur.protocol.v1.ListReports;
import nl.spreekuur.protocol.v1.ModerationAction;
import nl.spreekuur.protocol.v1.ModerationEntry;
import nl.spreekuur.protocol.v1.OrganisationSafety;
import nl.spreekuur.protocol.v1.PostAnnouncement;
import nl.spreekuur.protocol.v1.ReportMessage;
import nl.spreekuur.protocol.v1.ReportOutcome;
import nl.spreekuur.protocol.v1.ResolveReport;
import nl.spreekuur.protocol.v1.ReviewHeldMessage;
import nl.spreekuur.protocol.v1.Room;
import nl.spreekuur.protocol.v1.RoomAlertKind;
import nl.spreekuur.protocol.v1.RoomSafety;
import nl.spreekuur.protocol.v1.SaveOrganisationSafety;
import nl.spreekuur.protocol.v1.SaveRoomSafety;
import nl.spreekuur.protocol.v1.SendMessage;
import nl.spreekuur.protocol.v1.SendRoomMessage;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.UnattendedMode;
import nl.spreekuur.protocol.v1.Weekday;
import nl.spreekuur.protocol.v1.WeeklySlot;
import nl.spreekuur.server.http.Json;
import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.testsupport.BothEncodings;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;

/**
 * Safety in group rooms over real WebSockets in both encodings: house rules before the first message, reporting a
 * message and resolving it, hold for review outside the moderation hours (approval through the one delivery path),
 * the automatic hold after reports of several members, quiet hours and the read-only unattended room,
 * announcements, the organisation's defaults, and who may not do any of it.
 *
 * <p>The test clock starts on Monday 2 March 2026, 10:00 in Amsterdam: inside moderation hours "ma-vr 9-17".
 */
class RoomSafetyWebSocketTest {
    /** Monday 20:00 in Amsterdam: outside "ma-vr 9-17". */
    private static final Instant EVENING = Instant.parse("2026-03-02T19:00:00Z");

    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start();

    @BothEncodings
    void aMemberAcceptsTheHouseRulesBeforeTheirFirstMessageAndTheOrganisationOrGroupCanWordThem(String encoding)
            throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        try (WsPeer anna = w.staff(otherEncoding(encoding), w.anna); WsPeer ada = w.staff(encoding, w.ada)) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Regels", w.anna.id()));
            String code = RoomWorld.multiUseInvite(anna, room).getCode();
            Map<String, Object> preview = server.get("/api/public/invites/" + code + "/safety").json();
            assertThat((String) preview.get("houseRules")).startsWith("Huisregels van deze groep");
            assertThat(preview.get("help").toString()).contains("0800-0113").contains("0800-2000").contains("112");
            assertThat(server.get("/api/public/invites/no-such-code/safety").status()).isEqualTo(404);

            ServicesTestServer.HttpAnswer joined = server.post("/api/rooms/join",
                    Json.write(Map.of("code", code, "nickname", "Els")));
            String token = (String) joined.json().get("token");
            try (WsPeer els = server.connect(encoding, token)) {
                els.subscribe(room.getConversationId(), 0, "");
                assertThat(safety(els, room).getHouseRulesAccepted()).isFalse();
                ServerMessage refused = els.call(roomMessage(room.getConversationId(), "e-1", "Hoi"));
                assertThat(refused.getError().getCode()).isEqualTo(ErrorCode.FORBIDDEN);
                assertThat(refused.getError().getMessage()).isEqualTo("accept the house rules first");
                assertThat(els.callForError(ClientMessage.newBuilder().setSendMessage(SendMessage.newBuilder()
                        .setConversationId(room.getConversationId()).setClientMsgId("e-2").setText("Hoi"))))
                        .isEqualTo(ErrorCode.FORBIDDEN);
                assertThat(server.server().store().conversations().eventsAfter(room.getConversationId(), 0, 100))
                        .noneMatch(e -> e.hasRoomMessage() || e.hasText());

                els.callForAck(ClientMessage.newBuilder().setAcceptHouseRules(AcceptHouseRules.newBuilder()
                        .setRoomId(room.getId())));
                assertThat(safety(els, room).getHouseRulesAccepted()).isTrue();
                assertThat(els.call(roomMessage(room.getConversationId(), "e-1", "Hoi")).hasMessageAck()).isTrue();
                assertThat(anna.callForError(ClientMessage.newBuilder().setAcceptHouseRules(
                        AcceptHouseRules.newBuilder().setRoomId(room.getId())))).isEqualTo(ErrorCode.FORBIDDEN);

                // the organisation words its default; a group overrides it
                OrganisationSafety saved = ada.call(ClientMessage.newBuilder().setSaveOrganisationSafety(
                        SaveOrganisationSafety.newBuilder().setSafety(OrganisationSafety.newBuilder()
                                .setDefaultHouseRules("Onze regels: wees aardig.")
                                .setHelp(HelpInfo.newBuilder().setContactName("Welzijn Noord")
                                        .setContactPhone("050-1234567"))))).getOrganisationSafety();
                assertThat(saved.getHelp().getLinesList()).extracting(HelpLine::getPhone)
                        .as("the national numbers stay when the organisation lists none")
                        .containsExactly("112", "0800-0113", "0800-2000");
                RoomSafety seen = safety(els, room);
                assertThat(seen.getEffectiveHouseRules()).isEqualTo("Onze regels: wees aardig.");
                assertThat(seen.getHelp().getContactPhone()).isEqualTo("050-1234567");
                assertThat(anna.call(saveSafety(RoomSafety.newBuilder().setRoomId(room.getId())
                        .setHouseRules("Groepsregels: wees aardig en eerlijk."))).getRoomSafety()
                        .getEffectiveHouseRules()).isEqualTo("Groepsregels: wees aardig en eerlijk.");
                assertThat(anna.callForError(ClientMessage.newBuilder().setSaveOrganisationSafety(
                        SaveOrganisationSafety.getDefaultInstance()))).as("a professional")
                        .isEqualTo(ErrorCode.FORBIDDEN);
                assertThat(els.callForError(ClientMessage.newBuilder().setGetOrganisationSafety(
                        GetOrganisationSafety.getDefaultInstance()))).as("a member").isEqualTo(ErrorCode.FORBIDDEN);
                assertThat(els.callForError(saveSafety(RoomSafety.newBuilder().setRoomId(room.getId()))))
                        .isEqualTo(ErrorCode.FORBIDDEN);
            }
        }
    }

    @BothEncodings
    void aReportAlertsTheModeratorsWithoutNamingTheReporterAndIsResolvedWithAnOutcomeInTheLog(String encoding)
            throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        try (WsPeer anna = w.staff(otherEncoding(encoding), w.anna); WsPeer bram = w.staff(encoding, w.bram)) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Melden", w.anna.id()));
            String conv = room.getConversationId();
            String code = RoomWorld.multiUseInvite(anna, room).getCode();
            RoomWorld.Joined els = w.join(code, "Els");
            RoomWorld.Joined fien = w.join(code, "Fien");
            try (WsPeer elsWs = w.connect(encoding, els); WsPeer fienWs = w.connect(otherEncoding(encoding), fien)) {
                long seq = elsWs.call(roomMessage(conv, "e-1", "Iets kwetsends")).getMessageAck().getSeq();
                long own = fienWs.call(roomMessage(conv, "f-1", "Mijn eigen")).getMessageAck().getSeq();
                fienWs.callForAck(report(conv, seq, "Dit doet pijn"));
                ServerMessage alert = anna.await("report alert", m -> m.hasRoomAlert()
                        && m.getRoomAlert().getKind() == RoomAlertKind.ALERT_REPORT);
                assertThat(alert.getRoomAlert().getRoomId()).isEqualTo(room.getId());
                assertThat(alert.getRoomAlert().getOpenReports()).isEqualTo(1);
                assertThat(alert.toString()).doesNotContain(fien.participantId()).doesNotContain("Fien");
                fienWs.callForAck(report(conv, seq, "nog een keer"));
                assertThat(fienWs.callForError(report(conv, own, ""))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                assertThat(fienWs.callForError(report(conv, 999, ""))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                assertThat(anna.callForError(report(conv, seq, ""))).as("moderators hide instead")
                        .isEqualTo(ErrorCode.FORBIDDEN);

                var reports = anna.call(ClientMessage.newBuilder().setListReports(ListReports.newBuilder()
                        .setRoomId(room.getId()))).getReportList().getReportsList();
                assertThat(reports).hasSize(1);
                assertThat(reports.get(0).getSeq()).isEqualTo(seq);
                assertThat(reports.get(0).getAuthorName()).isEqualTo("Els");
                assertThat(reports.get(0).getText()).isEqualTo("Iets kwetsends");
                assertThat(reports.get(0).getReason()).isEqualTo("Dit doet pijn");
                assertThat(reports.get(0).toString()).doesNotContain(fien.participantId());
                String reportId = reports.get(0).getId();

                assertThat(elsWs.callForError(listReports(room))).isEqualTo(ErrorCode.FORBIDDEN);
                assertThat(bram.callForError(listReports(room))).isEqualTo(ErrorCode.FORBIDDEN);
                assertThat(fienWs.callForError(resolve(reportId, "zelf opgelost"))).isEqualTo(ErrorCode.FORBIDDEN);
                assertThat(bram.callForError(resolve(reportId, "niet de mijne"))).isEqualTo(ErrorCode.FORBIDDEN);
                assertThat(anna.callForError(resolve(reportId, ""))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                assertThat(anna.callForError(resolve("no-such-report", "x"))).isEqualTo(ErrorCode.NOT_FOUND);
                anna.callForAck(resolve(reportId, "besproken met Els"));
                assertThat(anna.await("cleared", m -> m.hasRoomAlert()
                        && m.getRoomAlert().getKind() == RoomAlertKind.ALERT_CLEARED).getRoomAlert().getOpenReports())
                        .isZero();
                assertThat(anna.callForError(resolve(reportId, "nog eens"))).isEqualTo(ErrorCode.CONFLICT);
                assertThat(anna.call(listReports(room)).getReportList().getReportsCount()).isZero();
                var all = anna.call(ClientMessage.newBuilder().setListReports(ListReports.newBuilder()
                        .setRoomId(room.getId()).setIncludeResolved(true))).getReportList().getReports(0);
                assertThat(all.getOutcome()).isEqualTo(ReportOutcome.OUTCOME_TALKED_WITH_MEMBER);
                assertThat(all.getResolvedByName()).isEqualTo("Anna de Vries");
                ModerationEntry logged = log(anna, room).stream()
                        .filter(e -> e.getAction() == ModerationAction.RESOLVE_REPORT).findFirst().orElseThrow();
                assertThat(logged.getSeq()).isEqualTo(seq);
                assertThat(logged.getParticipantId()).isEqualTo(els.participantId());
                assertThat(logged.getReason()).isEqualTo("OUTCOME_TALKED_WITH_MEMBER: besproken met Els");
            }
        }
    }

    @BothEncodings
    void outsideModerationHoursMessagesWaitForReviewAndAnApprovalPublishesThemWithASeq(String encoding)
            throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        try (WsPeer anna = w.staff(otherEncoding(encoding), w.anna)) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Avond", w.anna.id()));
            String conv = room.getConversationId();
            RoomSafety settings = anna.call(saveSafety(weekdays(room).setUnattendedMode(
                    UnattendedMode.UNATTENDED_HOLD_ALL))).getRoomSafety();
            assertThat(settings.getModeratedNow()).isTrue();
            String code = RoomWorld.multiUseInvite(anna, room).getCode();
            RoomWorld.Joined els = w.join(code, "Els");
            RoomWorld.Joined fien = w.join(code, "Fien");
            try (WsPeer elsWs = w.connect(encoding, els); WsPeer fienWs = w.connect(otherEncoding(encoding), fien)) {
                fienWs.subscribe(conv, 0, "");
                long daytime = elsWs.call(roomMessage(conv, "e-0", "Overdag")).getMessageAck().getSeq();
                while (fienWs.nextEvent(conv).getSeq() < daytime) {
                    // what came before is replayed first
                }
                server.clock().set(EVENING);
                assertThat(safety(elsWs, room).getOnHold()).isTrue();
                assertThat(safety(elsWs, room).getModeratedNow()).isFalse();

                ServerMessage held = elsWs.call(roomMessage(conv, "e-1", "Kan iemand me helpen?"));
                assertThat(held.hasHeldMessage()).as("held, got %s", held).isTrue();
                assertThat(held.getHeldMessage().getText()).isEqualTo("Kan iemand me helpen?");
                assertThat(elsWs.call(roomMessage(conv, "e-1", "Kan iemand me helpen?")).getHeldMessage().getId())
                        .as("a retry is the same held message").isEqualTo(held.getHeldMessage().getId());
                assertThat(elsWs.callForError(ClientMessage.newBuilder().setSendMessage(SendMessage.newBuilder()
                        .setConversationId(conv).setClientMsgId("e-x").setText("plain")))).isEqualTo(ErrorCode.CONFLICT);
                assertThat(anna.await("held alert", m -> m.hasRoomAlert()
                        && m.getRoomAlert().getKind() == RoomAlertKind.ALERT_HELD_MESSAGE).getRoomAlert()
                        .getHeldMessages()).isEqualTo(1);
                assertThat(heldList(elsWs, room).getMessagesList()).hasSize(1);
                assertThat(heldList(fienWs, room).getMessagesList()).as("others see nothing").isEmpty();
                String heldId = held.getHeldMessage().getId();
                assertThat(fienWs.callForError(review(heldId, true, ""))).isEqualTo(ErrorCode.FORBIDDEN);
                assertThat(anna.callForError(review(heldId, false, ""))).as("a rejection needs a reason")
                        .isEqualTo(ErrorCode.INVALID_ARGUMENT);

                anna.callForAck(review(heldId, true, ""));
                ConversationEvent published = fienWs.nextEvent(conv);
                assertThat(published.hasRoomMessage()).as("the next event Fien gets, got %s", published).isTrue();
                assertThat(published.getRoomMessage().getText()).isEqualTo("Kan iemand me helpen?");
                assertThat(published.getSenderName()).isEqualTo("Els");
                assertThat(published.getClientMsgId()).isEqualTo("e-1");
                var reviewed = elsWs.await("reviewed", ServerMessage::hasHeldMessageReviewed).getHeldMessageReviewed();
                assertThat(reviewed.getApproved()).isTrue();
                assertThat(reviewed.getSeq()).isEqualTo(published.getSeq());
                var retry = elsWs.call(roomMessage(conv, "e-1", "Kan iemand me helpen?")).getMessageAck();
                assertThat(retry.getDuplicate()).isTrue();
                assertThat(retry.getSeq()).isEqualTo(published.getSeq());
                assertThat(anna.callForError(review(heldId, true, ""))).isEqualTo(ErrorCode.CONFLICT);

                String second = elsWs.call(roomMessage(conv, "e-2", "Nog iets")).getHeldMessage().getId();
                anna.callForAck(review(second, false, "hoort niet in de groep"));
                assertThat(elsWs.await("rejected", m -> m.hasHeldMessageReviewed()
                        && !m.getHeldMessageReviewed().getApproved()).getHeldMessageReviewed().getClientMsgId())
                        .isEqualTo("e-2");
                assertThat(elsWs.callForError(roomMessage(conv, "e-2", "Nog iets"))).isEqualTo(ErrorCode.CONFLICT);
                assertThat(server.server().store().conversations().eventsAfter(conv, 0, 100).toString())
                        .doesNotContain("Nog iets");
                assertThat(log(anna, room)).extracting(ModerationEntry::getAction)
                        .contains(ModerationAction.APPROVE_MESSAGE, ModerationAction.REJECT_MESSAGE);
                assertThat(anna.call(roomMessage(conv, "a-1", "Moderators schrijven gewoon")).hasMessageAck())
                        .isTrue();

                server.clock().set(EVENING.plusSeconds(14 * 3600));
                assertThat(elsWs.call(roomMessage(conv, "e-3", "Goedemorgen")).hasMessageAck())
                        .as("inside the hours again").isTrue();
            }
        }
    }

    @BothEncodings
    void aMemberReportedByThreeMembersIsHeldUntilAModeratorLiftsIt(String encoding) throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        try (WsPeer anna = w.staff(otherEncoding(encoding), w.anna); WsPeer bram = w.staff(encoding, w.bram)) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Drie meldingen", w.anna.id()));
            String conv = room.getConversationId();
            String code = RoomWorld.multiUseInvite(anna, room).getCode();
            RoomWorld.Joined els = w.join(code, "Els");
            try (WsPeer elsWs = w.connect(encoding, els)) {
                long seq = elsWs.call(roomMessage(conv, "e-1", "Vervelend")).getMessageAck().getSeq();
                for (String name : new String[] {"Fien", "Gijs"}) {
                    try (WsPeer reporter = w.connect(otherEncoding(encoding), w.join(code, name))) {
                        reporter.callForAck(report(conv, seq, ""));
                    }
                }
                assertThat(elsWs.call(roomMessage(conv, "e-2", "Nog steeds vrij")).hasMessageAck()).isTrue();
                try (WsPeer hans = w.connect(otherEncoding(encoding), w.join(code, "Hans"))) {
                    hans.callForAck(report(conv, seq, ""));
                }
                anna.await("on hold", m -> m.hasRoomAlert()
                        && m.getRoomAlert().getKind() == RoomAlertKind.ALERT_MEMBER_ON_HOLD);
                assertThat(elsWs.call(roomMessage(conv, "e-3", "Hallo?")).hasHeldMessage()).isTrue();
                var list = heldList(anna, room);
                assertThat(list.getMembersOnHoldList()).extracting(m -> m.getNickname()).containsExactly("Els");
                assertThat(log(anna, room)).extracting(ModerationEntry::getAction).contains(ModerationAction.AUTO_HOLD);

                ClientMessage.Builder lift = ClientMessage.newBuilder().setLiftHold(LiftHold.newBuilder()
                        .setRoomId(room.getId()).setParticipantId(els.participantId()).setReason("gesproken"));
                assertThat(bram.callForError(lift)).isEqualTo(ErrorCode.FORBIDDEN);
                assertThat(elsWs.callForError(lift)).isEqualTo(ErrorCode.FORBIDDEN);
                anna.callForAck(lift);
                assertThat(anna.callForError(lift)).as("not on hold any more").isEqualTo(ErrorCode.NOT_FOUND);
                assertThat(elsWs.call(roomMessage(conv, "e-4", "Sorry")).hasMessageAck()).isTrue();
            }
        }
    }

    @BothEncodings
    void quietHoursAndAReadOnlyUnattendedRoomStopMembersButNotModerators(String encoding) throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        try (WsPeer anna = w.staff(otherEncoding(encoding), w.anna)) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Nachtrust", w.anna.id()));
            String conv = room.getConversationId();
            RoomWorld.Joined els = w.join(RoomWorld.multiUseInvite(anna, room).getCode(), "Els");
            anna.call(saveSafety(weekdays(room).setUnattendedMode(UnattendedMode.UNATTENDED_READ_ONLY)
                    .addQuietHours(slot(Weekday.MONDAY, "23:00", "07:00"))));
            assertThat(anna.callForError(saveSafety(RoomSafety.newBuilder().setRoomId(room.getId())
                    .addQuietHours(slot(Weekday.MONDAY, "25:00", "07:00"))))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            try (WsPeer elsWs = w.connect(encoding, els)) {
                server.clock().set(EVENING);
                ServerMessage unattended = elsWs.call(roomMessage(conv, "e-1", "Iemand?"));
                assertThat(unattended.getError().getCode()).isEqualTo(ErrorCode.CLOSED);
                assertThat(unattended.getError().getMessage()).isEqualTo("no moderator around (read-only for members)");
                server.clock().set(Instant.parse("2026-03-02T23:30:00Z"));
                ServerMessage quiet = elsWs.call(roomMessage(conv, "e-2", "Kan niet slapen"));
                assertThat(quiet.getError().getMessage()).isEqualTo("quiet hours (read-only for members)");
                assertThat(safety(elsWs, room).getQuietNow()).isTrue();
                assertThat(anna.call(roomMessage(conv, "a-1", "Slaap lekker")).hasMessageAck()).isTrue();
            }
        }
    }

    @BothEncodings
    void anAnnouncementIsAMarkedMessageThatIsPinnedAndOnlyModeratorsPostIt(String encoding) throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        try (WsPeer anna = w.staff(otherEncoding(encoding), w.anna)) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Nieuws", w.anna.id()));
            String conv = room.getConversationId();
            RoomWorld.Joined els = w.join(RoomWorld.multiUseInvite(anna, room).getCode(), "Els");
            try (WsPeer elsWs = w.connect(encoding, els)) {
                elsWs.subscribe(conv, 0, "");
                ClientMessage.Builder post = ClientMessage.newBuilder().setPostAnnouncement(PostAnnouncement
                        .newBuilder().setConversationId(conv).setClientMsgId("a-1").setText("Donderdag geen groep"));
                long seq = anna.call(post).getMessageAck().getSeq();
                ConversationEvent message = elsWs.await("announcement", m -> m.hasEvent()
                        && m.getEvent().getSeq() == seq).getEvent();
                assertThat(message.getRoomMessage().getAnnouncement()).isTrue();
                ConversationEvent pinned = elsWs.await("pinned", m -> m.hasEvent() && m.getEvent().hasPinned())
                        .getEvent();
                assertThat(pinned.getSeq()).isEqualTo(seq + 1);
                assertThat(pinned.getPinned().getSeq()).isEqualTo(seq);
                assertThat(anna.call(post).getMessageAck().getDuplicate()).isTrue();
                assertThat(server.server().store().conversations().eventsAfter(conv, seq, 100))
                        .as("a retry adds nothing").hasSize(1);
                assertThat(elsWs.callForError(ClientMessage.newBuilder().setPostAnnouncement(PostAnnouncement
                        .newBuilder().setConversationId(conv).setClientMsgId("e-1").setText("Ik ook"))))
                        .isEqualTo(ErrorCode.FORBIDDEN);
                assertThat(log(anna, room)).extracting(ModerationEntry::getAction).contains(ModerationAction.ANNOUNCE);
            }
        }
    }

    @BothEncodings
    void othersLearnNothingAboutARoomsSafety(String encoding) throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        RoomWorld other = new RoomWorld(server, "elders");
        try (WsPeer anna = w.staff(otherEncoding(encoding), w.anna);
             WsPeer stranger = other.staff(encoding, other.anna)) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Besloten", w.anna.id()));
            Room second = RoomWorld.saved(anna, RoomWorld.room("Andere groep", w.anna.id()));
            String code = RoomWorld.multiUseInvite(anna, room).getCode();
            long seq;
            try (WsPeer elsWs = w.connect(encoding, w.join(code, "Els"))) {
                seq = elsWs.call(roomMessage(room.getConversationId(), "e-1", "Hoi")).getMessageAck().getSeq();
            }
            RoomWorld.Joined elsewhere = w.join(RoomWorld.multiUseInvite(anna, second).getCode(), "Joop");
            String anonymousToken = server.anonymous(w.org);
            try (WsPeer otherMember = w.connect(encoding, elsewhere);
                 WsPeer anonymous = server.connect(encoding, anonymousToken)) {
                for (WsPeer outsider : new WsPeer[] {otherMember, anonymous, stranger}) {
                    assertThat(outsider.callForError(getSafety(room))).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(outsider.callForError(listReports(room))).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(outsider.callForError(ClientMessage.newBuilder().setListHeldMessages(
                            ListHeldMessages.newBuilder().setRoomId(room.getId())))).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(outsider.callForError(report(room.getConversationId(), seq, "")))
                            .isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(outsider.callForError(ClientMessage.newBuilder().setAcceptHouseRules(
                            AcceptHouseRules.newBuilder().setRoomId(room.getId())))).isEqualTo(ErrorCode.NOT_FOUND);
                }
                String reportId;
                try (WsPeer fien = w.connect(encoding, w.join(code, "Fien"))) {
                    fien.callForAck(report(room.getConversationId(), seq, ""));
                    reportId = anna.call(listReports(room)).getReportList().getReports(0).getId();
                }
                assertThat(stranger.callForError(resolve(reportId, "x"))).isEqualTo(ErrorCode.NOT_FOUND);
                assertThat(otherMember.callForError(resolve(reportId, "x"))).isEqualTo(ErrorCode.NOT_FOUND);
                assertThat(anonymous.callForError(resolve(reportId, "x"))).isEqualTo(ErrorCode.NOT_FOUND);
            }
        }
    }

    private static RoomSafety.Builder weekdays(Room room) {
        RoomSafety.Builder safety = RoomSafety.newBuilder().setRoomId(room.getId()).setTimeZone("Europe/Amsterdam");
        for (Weekday day : new Weekday[] {Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY, Weekday.THURSDAY,
                Weekday.FRIDAY}) {
            safety.addModerationHours(slot(day, "09:00", "17:00"));
        }
        return safety;
    }

    private static WeeklySlot slot(Weekday day, String start, String end) {
        return WeeklySlot.newBuilder().setDay(day).setStart(start).setEnd(end).build();
    }

    private static ClientMessage.Builder saveSafety(RoomSafety.Builder safety) {
        return ClientMessage.newBuilder().setSaveRoomSafety(SaveRoomSafety.newBuilder().setSafety(safety));
    }

    private static ClientMessage.Builder getSafety(Room room) {
        return ClientMessage.newBuilder().setGetRoomSafety(GetRoomSafety.newBuilder().setRoomId(room.getId()));
    }

    private static RoomSafety safety(WsPeer peer, Room room) throws InterruptedException {
        ServerMessage answer = peer.call(getSafety(room));
        assertThat(answer.hasRoomSafety()).as("RoomSafety, got %s", answer).isTrue();
        return answer.getRoomSafety();
    }

    private static ClientMessage.Builder roomMessage(String conv, String id, String text) {
        return ClientMessage.newBuilder().setSendRoomMessage(SendRoomMessage.newBuilder().setConversationId(conv)
                .setClientMsgId(id).setText(text));
    }

    private static ClientMessage.Builder report(String conv, long seq, String reason) {
        return ClientMessage.newBuilder().setReportMessage(ReportMessage.newBuilder().setConversationId(conv)
                .setSeq(seq).setReason(reason));
    }

    private static ClientMessage.Builder listReports(Room room) {
        return ClientMessage.newBuilder().setListReports(ListReports.newBuilder().setRoomId(room.getId()));
    }

    private static ClientMessage.Builder resolve(String reportId, String reason) {
        return ClientMessage.newBuilder().setResolveReport(ResolveReport.newBuilder().setReportId(reportId)
                .setOutcome(ReportOutcome.OUTCOME_TALKED_WITH_MEMBER).setReason(reason));
    }

    private static ClientMessage.Builder review(String heldId, boolean approve, String reason) {
        return ClientMessage.newBuilder().setReviewHeldMessage(ReviewHeldMessage.newBuilder().setHeldId(heldId)
                .setApprove(approve).setReason(reason));
    }

    private static nl.spreekuur.protocol.v1.HeldMessageList heldList(WsPeer peer, Room room)
            throws InterruptedException {
        ServerMessage answer = peer.call(ClientMessage.newBuilder().setListHeldMessages(ListHeldMessages.newBuilder()
                .setRoomId(room.getId())));
        assertThat(answer.hasHeldMessageList()).as("HeldMessageList, got %s", answer).isTrue();
        return answer.getHeldMessageList();
    }

    private static java.util.List<ModerationEntry> log(WsPeer moderator, Room room) throws InterruptedException {
        return moderator.call(ClientMessage.newBuilder().setGetModerationLog(GetModerationLog.newBuilder()
                .setRoomId(room.getId()))).getModerationLog().getEntriesList();
    }
}
