package nl.spreekuur.server.rooms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.Concern;
import nl.spreekuur.protocol.v1.EndPrivateTalk;
import nl.spreekuur.protocol.v1.GetMyKnock;
import nl.spreekuur.protocol.v1.Knock;
import nl.spreekuur.protocol.v1.KnockLink;
import nl.spreekuur.protocol.v1.KnockState;
import nl.spreekuur.protocol.v1.LeaveRoom;
import nl.spreekuur.protocol.v1.ListConcerns;
import nl.spreekuur.protocol.v1.ListPrivateTalks;
import nl.spreekuur.protocol.v1.MeldcodeEntry;
import nl.spreekuur.protocol.v1.MeldcodeStep;
import nl.spreekuur.protocol.v1.PrivateTalk;
import nl.spreekuur.protocol.v1.Room;
import nl.spreekuur.protocol.v1.SaveConcern;
import nl.spreekuur.server.audit.Auditor;
import nl.spreekuur.server.store.AuditLog;
import nl.spreekuur.server.store.Store;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The server-wide retention of the personal data around a room, through the real services and the periodic jobs on
 * the injected clock: decided knocks go 30 days after the decision, ended private talks (conversation and row) 90
 * days after they ended, closed concerns 365 days after their last change or the member's leaving; pending knocks,
 * open talks and open concerns about members still in the room stay. Every deletion is audit-logged (role SYSTEM).
 */
class RoomPeopleRetentionWebSocketTest {
    private static final String JSON = TestWsClient.JSON;

    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start(Map.of("jobs.interval-seconds", "0.2"));

    private Store store() {
        return server.server().store();
    }

    private List<AuditLog.Entry> purges(RoomWorld w, String action) {
        return store().audit().list(w.org.id(), Instant.EPOCH, server.clock().instant().plusSeconds(1)).stream()
                .filter(e -> e.action().equals(action)).toList();
    }

    /** Still there over several runs of the jobs (every 0.2 s; the retention at most once a clock minute). */
    private void kept(java.util.concurrent.Callable<Boolean> condition) {
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(condition);
    }

    /** Past the period, plus the once-a-minute throttle and a margin; then the jobs (every 0.2 s) run it. */
    private void advance(Duration period) {
        server.clock().advance(period.plusMinutes(2));
    }

    @Test
    void decidedKnocksAreDeletedAfterThirtyDaysPendingOnesStayAndTheApprovedMemberStillFindsTheirKnock()
            throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        RoomKnockWebSocketTest.Knocked els;
        RoomKnockWebSocketTest.Knocked fien;
        RoomKnockWebSocketTest.Knocked gijs;
        try (WsPeer anna = w.staff(JSON, w.anna)) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Dicht", w.anna.id()));
            KnockLink link = RoomKnockWebSocketTest.link(anna, room.getId());
            els = RoomKnockWebSocketTest.knock(server, link.getCode(), "Els");
            fien = RoomKnockWebSocketTest.knock(server, link.getCode(), "Fien");
            gijs = RoomKnockWebSocketTest.knock(server, link.getCode(), "Gijs");
            anna.call(RoomKnockWebSocketTest.answer(els.knockId(), true));
            anna.call(RoomKnockWebSocketTest.answer(fien.knockId(), false));
        }
        server.clock().advance(Duration.ofDays(29));
        kept(() -> store().roomPeople().knock(els.knockId()).isPresent()
                && store().roomPeople().knock(fien.knockId()).isPresent());
        advance(Duration.ofDays(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> store().roomPeople().knock(els.knockId()).isEmpty()
                && store().roomPeople().knock(fien.knockId()).isEmpty());
        assertThat(store().roomPeople().knock(gijs.knockId())).as("pending: kept").isPresent();
        assertThat(purges(w, "room.knock.purged")).extracting(AuditLog.Entry::targetId)
                .containsExactlyInAnyOrder(els.knockId(), fien.knockId());
        assertThat(purges(w, "room.knock.purged")).allSatisfy(e -> {
            assertThat(e.actorRole()).isEqualTo(Auditor.SYSTEM);
            assertThat(e.actorId()).isNull();
        });
        // the approved person's device asks for its knock again: answered from the membership
        try (WsPeer member = server.connect(JSON, els.token())) {
            Knock mine = member.call(ClientMessage.newBuilder().setGetMyKnock(GetMyKnock.getDefaultInstance()))
                    .getKnock();
            assertThat(mine.getState()).isEqualTo(KnockState.KNOCK_APPROVED);
            assertThat(mine.getParticipantId()).isNotEmpty();
            assertThat(mine.getNickname()).isEqualTo("Els");
        }
    }

    @Test
    void anEndedPrivateTalkIsDeletedWithItsConversationAfterNinetyDaysAnOpenOneStays() throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        PrivateTalk ended;
        PrivateTalk open;
        Room room;
        try (WsPeer anna = w.staff(JSON, w.anna)) {
            room = RoomWorld.saved(anna, RoomWorld.room("Ouders", w.anna.id()));
            String code = RoomWorld.multiUseInvite(anna, room).getCode();
            RoomWorld.Joined els = w.join(code, "Els");
            RoomWorld.Joined fien = w.join(code, "Fien");
            ended = anna.call(RoomTalksWebSocketTest.open(room.getId(), els.participantId())).getPrivateTalk();
            open = anna.call(RoomTalksWebSocketTest.open(room.getId(), fien.participantId())).getPrivateTalk();
            anna.sendText(ended.getConversationId(), "p-1", "Hoe gaat het thuis?");
            anna.callForAck(ClientMessage.newBuilder().setEndPrivateTalk(EndPrivateTalk.newBuilder()
                    .setTalkId(ended.getId())));
        }
        server.clock().advance(Duration.ofDays(89));
        kept(() -> store().roomPeople().talk(ended.getId()).isPresent()
                && store().conversations().byId(ended.getConversationId()).isPresent());
        advance(Duration.ofDays(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> store().roomPeople().talk(ended.getId()).isEmpty());
        assertThat(store().conversations().byId(ended.getConversationId())).as("events, participants, row").isEmpty();
        assertThat(store().conversations().participants(ended.getConversationId())).isEmpty();
        assertThat(store().roomPeople().talk(open.getId())).as("open: kept").isPresent();
        assertThat(store().conversations().byId(open.getConversationId())).isPresent();
        assertThat(purges(w, "room.private_talk.purged")).extracting(AuditLog.Entry::targetId)
                .containsExactly(ended.getConversationId());
        try (WsPeer anna = w.staff(JSON, w.anna)) {
            assertThat(anna.call(ClientMessage.newBuilder().setListPrivateTalks(ListPrivateTalks.newBuilder()
                    .setRoomId(room.getId()).setIncludeEnded(true))).getPrivateTalkList().getTalksList())
                    .extracting(PrivateTalk::getId).containsExactly(open.getId());
        }
    }

    @Test
    void closedConcernsAreDeletedAYearAfterTheirLastChangeOrTheMembersLeavingOpenOnesStay() throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        Room room;
        Concern decided;
        Concern aboutLeaver;
        Concern open;
        RoomWorld.Joined fien;
        try (WsPeer anna = w.staff(JSON, w.anna)) {
            room = RoomWorld.saved(anna, RoomWorld.room("Ouders", w.anna.id()));
            String code = RoomWorld.multiUseInvite(anna, room).getCode();
            RoomWorld.Joined els = w.join(code, "Els");
            fien = w.join(code, "Fien");
            RoomWorld.Joined gijs = w.join(code, "Gijs");
            decided = save(anna, concern(room, els, MeldcodeStep.MELDCODE_SIGNALS, MeldcodeStep.MELDCODE_DECIDE));
            aboutLeaver = save(anna, concern(room, fien, MeldcodeStep.MELDCODE_SIGNALS));
            open = save(anna, concern(room, gijs, MeldcodeStep.MELDCODE_SIGNALS));
        }
        // almost half a year later (her credential lasts 180 days) Fien leaves the room
        server.clock().advance(Duration.ofDays(170));
        try (WsPeer member = server.connect(JSON, fien.token())) {
            member.callForAck(ClientMessage.newBuilder().setLeaveRoom(LeaveRoom.newBuilder()
                    .setRoomId(room.getId())));
        }
        // a year after the decision: the decided concern goes; the one about Fien waits a year from her leaving
        advance(Duration.ofDays(195));
        await().atMost(Duration.ofSeconds(10)).until(() -> store().roomPeople().concern(decided.getId()).isEmpty());
        kept(() -> store().roomPeople().concern(aboutLeaver.getId()).isPresent());
        advance(Duration.ofDays(170));
        await().atMost(Duration.ofSeconds(10)).until(() -> store().roomPeople().concern(aboutLeaver.getId())
                .isEmpty());
        assertThat(purges(w, "room.concern.purged")).extracting(AuditLog.Entry::targetId)
                .containsExactly(decided.getId(), aboutLeaver.getId());
        // ten years on (the audit entries have gone by the audit retention): the open concern is still there
        server.clock().advance(Duration.ofDays(3650));
        kept(() -> store().roomPeople().concern(open.getId()).isPresent());
        try (WsPeer anna = w.staff(JSON, w.anna)) {
            assertThat(anna.call(ClientMessage.newBuilder().setListConcerns(ListConcerns.newBuilder()
                    .setRoomId(room.getId()))).getConcernList().getConcernsList()).extracting(Concern::getId)
                    .containsExactly(open.getId());
        }
    }

    private static Concern concern(Room room, RoomWorld.Joined member, MeldcodeStep... steps) {
        Concern.Builder concern = Concern.newBuilder().setRoomId(room.getId()).setParticipantId(member.participantId())
                .setNote("Zorgen; besproken met collega.");
        for (MeldcodeStep step : steps) {
            concern.addSteps(MeldcodeEntry.newBuilder().setStep(step).setWhatWasDone("Gedaan"));
        }
        return concern.build();
    }

    private static Concern save(WsPeer moderator, Concern concern) throws InterruptedException {
        return moderator.call(ClientMessage.newBuilder().setSaveConcern(SaveConcern.newBuilder().setConcern(concern)))
                .getConcern();
    }
}
