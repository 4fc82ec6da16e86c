package nl.spreekuur.server.officehours;

import static nl.spreekuur.server.testsupport.ServicesTestServer.otherEncoding;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import nl.spreekuur.protocol.v1.AddChatNote;
import nl.spreekuur.protocol.v1.ChatAssigned;
import nl.spreekuur.protocol.v1.ChatNotes;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.GetOfficeHourStatus;
import nl.spreekuur.protocol.v1.GetWhatNow;
import nl.spreekuur.protocol.v1.InternalNote;
import nl.spreekuur.protocol.v1.ListChatNotes;
import nl.spreekuur.protocol.v1.OfficeHourStatus;
import nl.spreekuur.protocol.v1.SaveWhatNow;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.SetDuty;
import nl.spreekuur.protocol.v1.Supervise;
import nl.spreekuur.protocol.v1.TransferChat;
import nl.spreekuur.protocol.v1.WatchQueue;
import nl.spreekuur.protocol.v1.WhatNow;
import nl.spreekuur.server.store.AuditLog;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.testsupport.BothEncodings;
import nl.spreekuur.server.testsupport.OpenChat;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;

/**
 * Private notes during a chat and the organisation's "what now" text, over real sockets. Notes: the professional
 * adds them, a supervisor reading along gets them pushed and lists them, the colleague a chat is transferred to gets
 * them with ChatAssigned; the client never receives them; a colleague outside the chat is FORBIDDEN, another
 * organisation NOT_FOUND; every access is in the audit log. "What now": the org-admin sets it, clients get it with
 * the office hour's status (also pushed to a waiting client), bad input is refused.
 */
class ChatNotesAndWhatNowWebSocketTest {
    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start();

    @BothEncodings
    void notesReachTheProfessionalsInTheChatAndTheNextOneButNeverTheClient(String encoding) throws Exception {
        try (OpenChat chat = OpenChat.open(server, encoding, otherEncoding(encoding))) {
            String id = chat.conversationId();
            server.staff(chat.org(), "bert", "Bert Jansen", Role.SUPERVISOR);
            var bram = server.staff(chat.org(), "bram", "Bram Bakker", Role.PROFESSIONAL);
            server.server().store().officeHours().save(chat.officeHour().toBuilder()
                    .addProfessionalIds(bram.id()).build());
            server.staff(chat.org(), "carla", "Carla Smit", Role.PROFESSIONAL);
            Organisation other = server.organisation("elders");
            server.staff(other, "olga", "Olga Elders", Role.ORG_ADMIN, Role.PROFESSIONAL);

            try (WsPeer bert = server.connect(otherEncoding(encoding), server.login(chat.org(), "bert"));
                 WsPeer bramPeer = server.connect(encoding, server.login(chat.org(), "bram"));
                 WsPeer carla = server.connect(encoding, server.login(chat.org(), "carla"));
                 WsPeer olga = server.connect(encoding, server.login(other, "olga"))) {
                bert.callForAck(ClientMessage.newBuilder().setWatchQueue(
                        WatchQueue.newBuilder().setOfficeHourId(chat.officeHour().getId()).setWatch(true)));
                bert.callForAck(ClientMessage.newBuilder().setSupervise(Supervise.newBuilder().setConversationId(id)));

                ChatNotes added = chat.pro().call(addNote(id, "  Sam noemt geldzorgen; vraag naar schulden.  "))
                        .getChatNotes();
                assertThat(added.getConversationId()).isEqualTo(id);
                assertThat(added.getNotesList()).extracting(InternalNote::getAuthorName, InternalNote::getText)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple(OpenChat.PROFESSIONAL_NAME,
                                "Sam noemt geldzorgen; vraag naar schulden."));
                ServerMessage pushed = bert.await("notes pushed to the supervisor", m -> m.hasChatNotes());
                assertThat(pushed.getRequestId()).isEmpty();
                assertThat(pushed.getChatNotes()).isEqualTo(added);

                server.clock().advance(Duration.ofMinutes(1));
                ChatNotes supervisorNote = bert.call(addNote(id, "Goed gedaan, let op de tijd.")).getChatNotes();
                assertThat(supervisorNote.getNotesCount()).isEqualTo(2);
                assertThat(chat.pro().call(listNotes(id)).getChatNotes()).isEqualTo(supervisorNote);

                // outside the chat, another organisation, the client: no notes
                assertThat(carla.callForError(listNotes(id))).isEqualTo(ErrorCode.FORBIDDEN);
                assertThat(carla.callForError(addNote(id, "x"))).isEqualTo(ErrorCode.FORBIDDEN);
                assertThat(olga.callForError(listNotes(id))).isEqualTo(ErrorCode.NOT_FOUND);
                assertThat(olga.callForError(addNote(id, "x"))).isEqualTo(ErrorCode.NOT_FOUND);
                assertThat(chat.client().callForError(listNotes(id))).isEqualTo(ErrorCode.FORBIDDEN);
                assertThat(chat.client().callForError(addNote(id, "x"))).isEqualTo(ErrorCode.FORBIDDEN);
                assertThat(chat.pro().callForError(addNote(id, "   "))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                assertThat(chat.pro().callForError(addNote(id, "x".repeat(2001)))).isEqualTo(ErrorCode.TOO_LARGE);
                assertThat(chat.pro().callForError(listNotes("bestaat-niet"))).isEqualTo(ErrorCode.NOT_FOUND);

                // the next professional gets every note with the chat
                bramPeer.callForAck(ClientMessage.newBuilder().setSetDuty(SetDuty.newBuilder()
                        .setOfficeHourId(chat.officeHour().getId()).setOnDuty(true)));
                server.clock().advance(Duration.ofMinutes(1));
                chat.pro().callForAck(ClientMessage.newBuilder().setTransferChat(TransferChat.newBuilder()
                        .setConversationId(id).setToProfessionalId(bram.id()).setNote("Overdracht: zie notities.")));
                ChatAssigned assigned = bramPeer.await("chat transferred", ServerMessage::hasChatAssigned)
                        .getChatAssigned();
                assertThat(assigned.getNotesList()).extracting(InternalNote::getText).containsExactly(
                        "Sam noemt geldzorgen; vraag naar schulden.", "Goed gedaan, let op de tijd.",
                        "Overdracht: zie notities.");
                // the one who handed it over is no longer in the chat
                assertThat(chat.pro().callForError(listNotes(id))).isEqualTo(ErrorCode.FORBIDDEN);
            }
            assertThat(chat.client().skipped()).noneMatch(ServerMessage::hasChatNotes);
            assertThat(chat.client().unclaimed()).noneMatch(ServerMessage::hasChatNotes);

            List<AuditLog.Entry> audit = server.server().store().audit().list(chat.org().id(), Instant.EPOCH,
                    server.clock().instant().plusSeconds(1));
            assertThat(audit).filteredOn(e -> e.action().equals("notes.add")).hasSize(2)
                    .allMatch(e -> e.targetId().equals(id));
            assertThat(audit).filteredOn(e -> e.action().equals("notes.read")).hasSize(1);
        }
    }

    @BothEncodings
    void theOrganisationsWhatNowGoesWithEveryStatusAndOnlyItsAdminSetsIt(String encoding) throws Exception {
        Organisation org = server.organisation("demo");
        server.staff(org, "ada", "Ada Admin", Role.ORG_ADMIN);
        var anna = server.staff(org, "anna", "Anna de Vries", Role.PROFESSIONAL);
        var oh = server.alwaysOpenOfficeHour(org, "inloop", anna);
        Organisation other = server.organisation("elders");
        server.staff(other, "olga", "Olga Elders", Role.ORG_ADMIN);
        server.alwaysOpenOfficeHour(other, "elders-inloop");
        try (WsPeer ada = server.connect(encoding, server.login(org, "ada"));
             WsPeer annaPeer = server.connect(otherEncoding(encoding), server.login(org, "anna"));
             WsPeer olga = server.connect(encoding, server.login(other, "olga"));
             WsPeer client = server.connect(otherEncoding(encoding), server.anonymous(org))) {
            assertThat(annaPeer.call(getWhatNow()).getWhatNow()).isEqualTo(WhatNow.getDefaultInstance());
            assertThat(status(client, oh.getSlug()).hasWhatNow()).isFalse();
            annaPeer.callForAck(ClientMessage.newBuilder().setSetDuty(SetDuty.newBuilder()
                    .setOfficeHourId(oh.getId()).setOnDuty(true)));
            annaPeer.await("queue view", ServerMessage::hasQueueView);

            WhatNow wanted = WhatNow.newBuilder().setText(" Bel ons op werkdagen.\r\nOf kom langs. ")
                    .setPhone("020 123 45 67").setWebsite("https://wijkteam.example/contact").build();
            WhatNow saved = ada.call(saveWhatNow(wanted)).getWhatNow();
            assertThat(saved.getText()).isEqualTo("Bel ons op werkdagen.\nOf kom langs.");
            assertThat(saved.getPhone()).isEqualTo("020 123 45 67");
            assertThat(annaPeer.call(getWhatNow()).getWhatNow()).isEqualTo(saved);
            assertThat(status(client, oh.getSlug()).getWhatNow()).isEqualTo(saved);
            annaPeer.await("queue view with the new text", m -> m.hasQueueView()
                    && m.getQueueView().getStatus().getWhatNow().equals(saved));
            assertThat(server.get("/api/public/organisations/demo/office-hours/inloop").body())
                    .contains("Bel ons op werkdagen.");
            assertThat(olga.call(getWhatNow()).getWhatNow()).isEqualTo(WhatNow.getDefaultInstance());
            assertThat(server.get("/api/public/organisations/elders/office-hours/elders-inloop").body())
                    .doesNotContain("Bel ons");

            assertThat(annaPeer.callForError(saveWhatNow(wanted))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(client.callForError(getWhatNow())).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(ada.callForError(saveWhatNow(wanted.toBuilder().setText("x".repeat(1001)).build())))
                    .isEqualTo(ErrorCode.TOO_LARGE);
            for (String phone : List.of("bel me", "12", "0".repeat(31))) {
                assertThat(ada.callForError(saveWhatNow(wanted.toBuilder().setPhone(phone).build())))
                        .as(phone).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            }
            for (String website : List.of("http://wijkteam.example", "javascript:alert(1)", "https://",
                    "https://a b.example", "https://user@wijkteam.example")) {
                assertThat(ada.callForError(saveWhatNow(wanted.toBuilder().setWebsite(website).build())))
                        .as(website).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            }
            assertThat(ada.call(getWhatNow()).getWhatNow()).isEqualTo(saved);

            ada.call(saveWhatNow(WhatNow.getDefaultInstance()));
            assertThat(status(client, oh.getSlug()).hasWhatNow()).isFalse();
        }
    }

    private static OfficeHourStatus status(WsPeer peer, String slug) throws InterruptedException {
        return peer.call(ClientMessage.newBuilder().setGetOfficeHourStatus(
                GetOfficeHourStatus.newBuilder().setOfficeHourId(slug))).getOfficeHourStatus();
    }

    private static ClientMessage.Builder addNote(String conversationId, String text) {
        return ClientMessage.newBuilder().setAddChatNote(AddChatNote.newBuilder().setConversationId(conversationId)
                .setText(text));
    }

    private static ClientMessage.Builder listNotes(String conversationId) {
        return ClientMessage.newBuilder().setListChatNotes(ListChatNotes.newBuilder()
                .setConversationId(conversationId));
    }

    private static ClientMessage.Builder getWhatNow() {
        return ClientMessage.newBuilder().setGetWhatNow(GetWhatNow.getDefaultInstance());
    }

    private static ClientMessage.Builder saveWhatNow(WhatNow whatNow) {
        return ClientMessage.newBuilder().setSaveWhatNow(SaveWhatNow.newBuilder().setWhatNow(whatNow));
    }
}
