package nl.spreekuur.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import nl.spreekuur.protocol.v1.AddChatNote;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.DeleteAccount;
import nl.spreekuur.protocol.v1.DeleteMyConversation;
import nl.spreekuur.protocol.v1.EndChat;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.ListAuditLog;
import nl.spreekuur.server.session.CloseCodes;
import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.store.AuditLog;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.store.Store;
import nl.spreekuur.server.testsupport.OpenChat;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Privacy rights over the real socket: a client erases their own ended chat (messages, notes, nickname and question,
 * the conversation row: nothing of it is left in the store; kept in the audit log as ids), which nobody else can
 * and which waits for the chat's end; an org-admin deletes a staff account as a pseudonym (sessions end, the name
 * and the login go, the audit trail keeps the id).
 */
class PrivacyRightsTest {
    private static final String MARKER = "geheim-7Qx";

    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start();

    @Test
    void clientErasesTheirEndedChatAndNothingOfItStays() throws Exception {
        try (OpenChat chat = OpenChat.open(server, TestWsClient.JSON, TestWsClient.PROTO)) {
            String id = chat.conversationId();
            chat.client().sendText(id, "m1", "Mijn " + MARKER + " verhaal");
            chat.pro().call(ClientMessage.newBuilder().setAddChatNote(AddChatNote.newBuilder().setConversationId(id)
                    .setText("notitie " + MARKER)));
            assertThat(chat.client().callForError(delete(id))).as("still open").isEqualTo(ErrorCode.CONFLICT);
            assertThat(chat.pro().callForError(delete(id))).isEqualTo(ErrorCode.FORBIDDEN);
            try (WsPeer stranger = server.connect(TestWsClient.PROTO, server.anonymous(chat.org()))) {
                assertThat(stranger.callForError(delete(id))).isEqualTo(ErrorCode.NOT_FOUND);
            }

            chat.client().callForAck(ClientMessage.newBuilder().setEndChat(EndChat.newBuilder().setConversationId(id)));
            Store store = server.server().store();
            assertThat(store.conversations().byId(id)).isPresent();
            chat.client().callForAck(delete(id));

            assertThat(store.conversations().byId(id)).isEmpty();
            assertThat(store.conversations().eventsAfter(id, 0, 100)).isEmpty();
            assertThat(store.queue().byConversation(id)).isEmpty();
            assertThat(store.queue().byId(chat.queueEntryId())).isEmpty();
            assertThat(store.officeHourChats().byConversation(id)).isEmpty();
            assertThat(store.internalNotes().of(id)).isEmpty();
            assertThat(chat.client().callForError(delete(id))).as("gone").isEqualTo(ErrorCode.NOT_FOUND);

            AuditLog.Entry entry = store.audit().list(chat.org().id(), Instant.EPOCH,
                    server.clock().instant().plusSeconds(1)).stream()
                    .filter(e -> e.action().equals("privacy.conversation_deleted")).findFirst().orElseThrow();
            assertThat(entry.targetId()).isEqualTo(id);
            assertThat(entry.actorRole()).isEqualTo("CLIENT");
            assertThat(entry.toString()).doesNotContain(MARKER).doesNotContain(OpenChat.NICKNAME);
        }
    }

    @Test
    void orgAdminDeletesAStaffAccountAsAPseudonymAndTheAuditTrailStays() throws Exception {
        Organisation org = server.organisation("demo");
        Organisation other = server.organisation("elders");
        server.staff(org, "ada", "Ada Admin", Role.ORG_ADMIN);
        Account anna = server.staff(org, "anna", "Anna de Vries", Role.PROFESSIONAL);
        Account olga = server.staff(other, "olga", "Olga", Role.PROFESSIONAL);
        try (WsPeer ada = server.connect(TestWsClient.PROTO, server.login(org, "ada"));
             WsPeer annaWs = server.connect(TestWsClient.PROTO, server.login(org, "anna"))) {
            assertThat(annaWs.callForError(deleteAccount(anna.id()))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(ada.callForError(deleteAccount(olga.id()))).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(ada.callForError(deleteAccount(ada.helloOk().getPrincipalId())))
                    .isEqualTo(ErrorCode.CONFLICT);

            server.clock().advance(Duration.ofSeconds(1));
            ada.callForAck(deleteAccount(anna.id()));
            assertThat(annaWs.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(CloseCodes.POLICY_VIOLATION);

            Account pseudonym = server.server().store().accounts().byId(anna.id()).orElseThrow();
            assertThat(pseudonym.username()).isEqualTo("deleted-" + anna.id());
            assertThat(pseudonym.displayName()).isEmpty();
            assertThat(pseudonym.roles()).isEmpty();
            assertThat(pseudonym.disabled()).isTrue();
            assertThat(server.loginAnswer("demo", "anna", ServicesTestServer.PASSWORD).status()).isEqualTo(401);
            // the name is free again
            assertThat(server.staff(org, "anna", "Anna Nieuw", Role.PROFESSIONAL).id()).isNotEqualTo(anna.id());

            var annaLines = ada.call(ClientMessage.newBuilder().setListAuditLog(ListAuditLog.newBuilder()
                    .setActorId(anna.id()))).getAuditLogPage().getEntriesList();
            assertThat(annaLines).isNotEmpty().allSatisfy(e -> assertThat(e.getActorName()).isEmpty());
            var deletion = ada.call(ClientMessage.newBuilder().setListAuditLog(ListAuditLog.newBuilder()
                    .setAction("account.delete"))).getAuditLogPage().getEntries(0);
            assertThat(deletion.getTargetId()).isEqualTo(anna.id());
            assertThat(deletion.getActorName()).isEqualTo("Ada Admin");
        }
    }

    private static ClientMessage.Builder delete(String conversationId) {
        return ClientMessage.newBuilder().setDeleteMyConversation(DeleteMyConversation.newBuilder()
                .setConversationId(conversationId));
    }

    private static ClientMessage.Builder deleteAccount(String accountId) {
        return ClientMessage.newBuilder().setDeleteAccount(DeleteAccount.newBuilder().setAccountId(accountId));
    }
}
