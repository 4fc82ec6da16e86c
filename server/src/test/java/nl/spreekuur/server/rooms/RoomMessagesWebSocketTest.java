package nl.spreekuur.server.rooms;

import static nl.spreekuur.server.testsupport.ServicesTestServer.otherEncoding;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.DeleteMessage;
import nl.spreekuur.protocol.v1.EditMessage;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.MessageAck;
import nl.spreekuur.protocol.v1.PinMessage;
import nl.spreekuur.protocol.v1.React;
import nl.spreekuur.protocol.v1.Room;
import nl.spreekuur.protocol.v1.RoomState;
import nl.spreekuur.protocol.v1.SendRoomMessage;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.SetRoomState;
import nl.spreekuur.protocol.v1.SubscribeResult;
import nl.spreekuur.server.testsupport.BothEncodings;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;

/**
 * Replies, mentions, edits, deletes, reactions and pins in a room, over real WebSockets in both encodings: each is a
 * sequenced event, so a member who was away converges by resuming; a delete takes the text out of the store.
 */
class RoomMessagesWebSocketTest {
    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start();

    @BothEncodings
    void repliesEditsDeletesReactionsAndPinsAreEventsAResumingMemberReplaysInOrder(String encoding) throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        try (WsPeer anna = w.staff(otherEncoding(encoding), w.anna)) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Ouders", w.anna.id()));
            String conv = room.getConversationId();
            String code = RoomWorld.multiUseInvite(anna, room).getCode();
            RoomWorld.Joined els = w.join(code, "Els");
            RoomWorld.Joined fien = w.join(code, "Fien");
            anna.subscribe(conv, 0, "");
            try (WsPeer elsWs = w.connect(encoding, els)) {
                elsWs.subscribe(conv, 0, "");
                long hoi = ack(elsWs, send(conv, "e-1", "Hoi, hoe gaat het met jullie?", 0)).getSeq();
                SubscribeResult fienSub;
                long fienLast;
                try (WsPeer fienWs = w.connect(otherEncoding(encoding), fien)) {
                    fienSub = fienWs.subscribe(conv, 0, "");
                    assertThat(fienWs.callForError(send(conv, "f-0", "Aan niemand", 0)
                            .setSendRoomMessage(SendRoomMessage.newBuilder().setConversationId(conv)
                                    .setClientMsgId("f-0").setText("x").addMentionedParticipantIds("no-one"))))
                            .isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(fienWs.callForError(send(conv, "f-0", "Op niets", 999)))
                            .isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    ClientMessage.Builder reply = send(conv, "f-1", "Goed! @Els", hoi);
                    reply.getSendRoomMessageBuilder().addMentionedParticipantIds(els.participantId());
                    fienLast = ack(fienWs, reply).getSeq();
                    ConversationEvent atEls = elsWs.await("reply", m -> m.hasEvent() && m.getEvent().hasRoomMessage()
                            && m.getEvent().getSeq() == fienLast).getEvent();
                    assertThat(atEls.getRoomMessage().getReplyToSeq()).isEqualTo(hoi);
                    assertThat(atEls.getRoomMessage().getMentionedParticipantIdsList())
                            .containsExactly(els.participantId());
                    assertThat(atEls.getSenderName()).isEqualTo("Fien");
                }
                // Fien is away now
                assertThat(anna.callForError(edit(conv, "a-x", hoi, "Overgenomen"))).as("not hers")
                        .isEqualTo(ErrorCode.FORBIDDEN);
                ack(elsWs, edit(conv, "e-2", hoi, "Hoi, hoe gaat het met iedereen?"));
                assertThat(elsWs.callForError(react(conv, "e-x", fienLast, "🤡"))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                MessageAck thumbs = ack(elsWs, react(conv, "e-3", fienLast, "👍"));
                assertThat(ack(elsWs, react(conv, "e-3", fienLast, "👍")).getDuplicate()).as("a retry")
                        .isTrue();
                assertThat(elsWs.callForError(pin(conv, "e-4", fienLast))).isEqualTo(ErrorCode.FORBIDDEN);
                ack(anna, pin(conv, "a-1", fienLast));
                assertThat(elsWs.callForError(delete(conv, "e-x", fienLast))).as("not hers")
                        .isEqualTo(ErrorCode.FORBIDDEN);
                ack(elsWs, delete(conv, "e-5", hoi));
                MessageAck byModerator = ack(anna, delete(conv, "a-2", fienLast));
                assertThat(elsWs.callForError(edit(conv, "e-6", hoi, "Toch nog"))).isEqualTo(ErrorCode.CONFLICT);

                try (WsPeer back = w.connect(otherEncoding(encoding), fien)) {
                    SubscribeResult resumed = back.subscribe(conv, fienLast, fienSub.getEpoch());
                    assertThat(resumed.getRecovered()).isTrue();
                    List<ConversationEvent> missed = new ArrayList<>();
                    while (missed.isEmpty() || missed.get(missed.size() - 1).getSeq() < byModerator.getSeq()) {
                        missed.add(back.nextEvent(conv));
                    }
                    assertThat(missed).extracting(ConversationEvent::getSeq)
                            .as("every missed event once, in order").isEqualTo(seqs(fienLast + 1, byModerator.getSeq()));
                    assertThat(missed).extracting(e -> e.getBodyCase().name())
                            .containsExactly("EDITED", "REACTION", "PINNED", "DELETED", "DELETED");
                    assertThat(missed.get(1).getReaction().getEmoji()).isEqualTo("👍");
                    assertThat(missed.get(1).getSeq()).isEqualTo(thumbs.getSeq());
                    assertThat(missed.get(3).getDeleted().getByModerator()).isFalse();
                    assertThat(missed.get(4).getDeleted().getByModerator()).isTrue();
                    assertThat(missed.get(4).getDeleted().getSeq()).isEqualTo(fienLast);
                }
            }
            // the deleted texts (and the edit of one) are gone from the store
            List<ConversationEvent> stored = server.server().store().conversations().eventsAfter(conv, 0, 100);
            assertThat(stored.toString()).doesNotContain("Hoi").doesNotContain("iedereen").doesNotContain("Goed!");
            assertThat(stored).filteredOn(ConversationEvent::hasEdited).hasSize(1);
        }
    }

    @BothEncodings
    void aPausedRoomTakesNoReactionsFromMembersAndOtherConversationsTakeNoRoomRequests(String encoding)
            throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        try (WsPeer anna = w.staff(encoding, w.anna)) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Avond", w.anna.id()));
            String conv = room.getConversationId();
            RoomWorld.Joined els = w.join(RoomWorld.multiUseInvite(anna, room).getCode(), "Els");
            try (WsPeer elsWs = w.connect(encoding, els)) {
                long seq = ack(elsWs, send(conv, "e-1", "Goedenavond", 0)).getSeq();
                anna.callForAck(ClientMessage.newBuilder().setSetRoomState(SetRoomState.newBuilder()
                        .setRoomId(room.getId()).setState(RoomState.ROOM_PAUSED).setReason("nacht")));
                assertThat(elsWs.callForError(react(conv, "e-2", seq, "❤️"))).isEqualTo(ErrorCode.CLOSED);
                assertThat(elsWs.callForError(send(conv, "e-3", "Hallo?", 0))).isEqualTo(ErrorCode.CLOSED);
                ack(anna, react(conv, "a-1", seq, "❤️"));
                assertThat(elsWs.callForError(send("no-such-conversation", "e-4", "x", 0)))
                        .isEqualTo(ErrorCode.NOT_FOUND);
            }
        }
    }

    @BothEncodings
    void theUnreadCountIsOthersMessagesAfterTheReadMarkerInHelloAndInTheRoomList(String encoding) throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        try (WsPeer anna = w.staff(otherEncoding(encoding), w.anna)) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Ongelezen", w.anna.id()));
            String conv = room.getConversationId();
            RoomWorld.Joined els = w.join(RoomWorld.multiUseInvite(anna, room).getCode(), "Els");
            long last;
            try (WsPeer elsWs = w.connect(encoding, els)) {
                assertThat(elsWs.helloOk().getActive(0).getUnreadCount()).isZero();
                ack(elsWs, send(conv, "e-1", "Van mezelf telt niet", 0));
                anna.sendText(conv, "a-1", "Een");
                long two = ack(anna, send(conv, "a-2", "Twee", 0)).getSeq();
                last = anna.sendText(conv, "a-3", "Drie").getSeq();
                ack(anna, react(conv, "a-4", two, "👍"));
                ack(anna, delete(conv, "a-5", two));
            }
            try (WsPeer elsWs = w.connect(encoding, els)) {
                assertThat(elsWs.helloOk().getActive(0).getUnreadCount()).as("Een, Drie").isEqualTo(2);
                elsWs.subscribe(conv, 0, "");
                elsWs.callForAck(ClientMessage.newBuilder().setSendReceipt(nl.spreekuur.protocol.v1.SendReceipt
                        .newBuilder().setConversationId(conv).setKind(nl.spreekuur.protocol.v1.ReceiptKind.READ)
                        .setUpToSeq(last)));
                assertThat(elsWs.call(ClientMessage.newBuilder().setListRooms(nl.spreekuur.protocol.v1.ListRooms
                        .getDefaultInstance())).getRoomList().getRooms(0).getUnreadCount()).isZero();
            }
            assertThat(anna.call(ClientMessage.newBuilder().setListRooms(nl.spreekuur.protocol.v1.ListRooms
                    .getDefaultInstance())).getRoomList().getRooms(0).getUnreadCount()).as("Els's first message")
                    .isEqualTo(1);
        }
    }

    @BothEncodings
    void aHiddenMessageIsEmptyForMembersReadableByModeratorsRestorableAndGoneWhenDeleted(String encoding)
            throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        try (WsPeer anna = w.staff(otherEncoding(encoding), w.anna)) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Verborgen", w.anna.id()));
            String conv = room.getConversationId();
            String code = RoomWorld.multiUseInvite(anna, room).getCode();
            RoomWorld.Joined els = w.join(code, "Els");
            RoomWorld.Joined fien = w.join(code, "Fien");
            try (WsPeer elsWs = w.connect(encoding, els); WsPeer fienWs = w.connect(encoding, fien)) {
                elsWs.subscribe(conv, 0, "");
                long seq = ack(elsWs, send(conv, "e-1", "Iets kwetsends", 0)).getSeq();
                ack(elsWs, edit(conv, "e-2", seq, "Iets heel kwetsends"));
                assertThat(elsWs.callForError(hide(conv, "e-3", seq, false, "mag niet"))).isEqualTo(ErrorCode.FORBIDDEN);
                assertThat(anna.callForError(hide(conv, "a-0", seq, false, ""))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                long hiddenAt = ack(anna, hide(conv, "a-1", seq, false, "kwetsend")).getSeq();
                assertThat(elsWs.await("hidden", m -> m.hasEvent() && m.getEvent().hasHidden()).getEvent().getHidden()
                        .getSeq()).isEqualTo(seq);

                List<ConversationEvent> seen = fienWs.call(ClientMessage.newBuilder().setGetHistory(
                        nl.spreekuur.protocol.v1.GetHistory.newBuilder().setConversationId(conv))).getHistory()
                        .getEventsList();
                assertThat(seen.toString()).doesNotContain("kwetsend");
                assertThat(seen).anyMatch(e -> e.getSeq() == hiddenAt && e.hasHidden());
                assertThat(fienWs.callForError(hiddenList(room))).isEqualTo(ErrorCode.FORBIDDEN);
                assertThat(anna.call(hiddenList(room)).getHistory().getEventsList().toString())
                        .contains("Iets kwetsends").contains("Iets heel kwetsends");
                assertThat(elsWs.callForError(edit(conv, "e-4", seq, "Sorry"))).isEqualTo(ErrorCode.CONFLICT);

                ack(anna, hide(conv, "a-2", seq, true, "toch in orde"));
                ConversationEvent restored = elsWs.await("restored", m -> m.hasEvent() && m.getEvent().hasHidden()
                        && m.getEvent().getHidden().getRestored()).getEvent();
                assertThat(restored.getHidden().getText()).isEqualTo("Iets heel kwetsends");
                assertThat(server.server().store().conversations().eventsAfter(conv, seq - 1, 1).get(0).toString())
                        .contains("Iets kwetsends");
                assertThat(anna.call(hiddenList(room)).getHistory().getEventsList()).isEmpty();
                assertThat(anna.callForError(hide(conv, "a-3", seq, true, "nog eens"))).isEqualTo(ErrorCode.CONFLICT);

                ack(anna, hide(conv, "a-4", seq, false, "toch kwetsend"));
                ack(anna, delete(conv, "a-5", seq));
                assertThat(anna.call(hiddenList(room)).getHistory().getEventsList()).as("deleted: no copy kept")
                        .isEmpty();
                assertThat(server.server().store().conversations().eventsAfter(conv, 0, 100).toString())
                        .doesNotContain("kwetsends");
                assertThat(anna.call(ClientMessage.newBuilder().setGetModerationLog(nl.spreekuur.protocol.v1
                        .GetModerationLog.newBuilder().setRoomId(room.getId()))).getModerationLog().getEntriesList())
                        .extracting(e -> e.getAction().name() + " " + e.getSeq())
                        .containsExactly("HIDE_MESSAGE " + seq, "RESTORE_MESSAGE " + seq, "HIDE_MESSAGE " + seq);
            }
        }
    }

    private static ClientMessage.Builder hide(String conv, String id, long seq, boolean restore, String reason) {
        return ClientMessage.newBuilder().setHideMessage(nl.spreekuur.protocol.v1.HideMessage.newBuilder()
                .setConversationId(conv).setClientMsgId(id).setSeq(seq).setRestore(restore).setReason(reason));
    }

    private static ClientMessage.Builder hiddenList(Room room) {
        return ClientMessage.newBuilder().setGetHiddenMessages(nl.spreekuur.protocol.v1.GetHiddenMessages.newBuilder()
                .setRoomId(room.getId()));
    }

    private static List<Long> seqs(long from, long to) {
        List<Long> seqs = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            seqs.add(s);
        }
        return seqs;
    }

    private static MessageAck ack(WsPeer peer, ClientMessage.Builder request) throws InterruptedException {
        ServerMessage answer = peer.call(request);
        assertThat(answer.hasMessageAck()).as("MessageAck, got %s", answer).isTrue();
        return answer.getMessageAck();
    }

    private static ClientMessage.Builder send(String conv, String id, String text, long replyTo) {
        return ClientMessage.newBuilder().setSendRoomMessage(SendRoomMessage.newBuilder().setConversationId(conv)
                .setClientMsgId(id).setText(text).setReplyToSeq(replyTo));
    }

    private static ClientMessage.Builder edit(String conv, String id, long seq, String text) {
        return ClientMessage.newBuilder().setEditMessage(EditMessage.newBuilder().setConversationId(conv)
                .setClientMsgId(id).setSeq(seq).setText(text));
    }

    private static ClientMessage.Builder delete(String conv, String id, long seq) {
        return ClientMessage.newBuilder().setDeleteMessage(DeleteMessage.newBuilder().setConversationId(conv)
                .setClientMsgId(id).setSeq(seq));
    }

    private static ClientMessage.Builder react(String conv, String id, long seq, String emoji) {
        return ClientMessage.newBuilder().setReact(React.newBuilder().setConversationId(conv).setClientMsgId(id)
                .setSeq(seq).setEmoji(emoji));
    }

    private static ClientMessage.Builder pin(String conv, String id, long seq) {
        return ClientMessage.newBuilder().setPinMessage(PinMessage.newBuilder().setConversationId(conv)
                .setClientMsgId(id).setSeq(seq));
    }
}
