package nl.spreekuur.server.privacy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import nl.spreekuur.protocol.v1.Ack;
import nl.spreekuur.protocol.v1.ClientMessage.BodyCase;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.EndReason;
import nl.spreekuur.protocol.v1.ExportedMessage;
import nl.spreekuur.protocol.v1.MemberData;
import nl.spreekuur.protocol.v1.MemberDataExport;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.audit.Auditor;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.conversation.ConversationService;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.session.RequestRouter;
import nl.spreekuur.server.session.SessionRevocations;
import nl.spreekuur.server.store.Accounts;
import nl.spreekuur.server.store.Conversations;
import nl.spreekuur.server.store.ProtoTime;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.store.Rooms;
import nl.spreekuur.server.store.Store;

/**
 * Privacy rights over the socket: an anonymous client erases an ended office-hour chat of theirs
 * ({@code DeleteMyConversation}); an org-admin deletes a staff account as a pseudonym ({@code DeleteAccount}); an
 * org-admin or the room's moderator exports and optionally erases a group member's data ({@code MemberData}).
 * Each is audit-logged ({@code privacy.conversation_deleted}, {@code account.delete}, {@code privacy.member_export},
 * {@code privacy.member_erase}) with ids only. Works on the store's rows through {@link Store#erasure()} and the
 * conversation service, so office hours and rooms need no change for it.
 */
public final class PrivacyRequests {
    /** What an erased member is called from then on (in the members list and on their stored messages). */
    static final String ERASED_MEMBER = "voormalig lid";
    private static final int SCAN_PAGE = 500;

    private final Store store;
    private final ConversationService conversations;
    private final SessionRevocations revocations;
    private final Auditor auditor;
    private final Clock clock;
    private final Runnable contentDeleted;

    /**
     * @param contentDeleted told after an erasure that deletes rows outside the conversation service (an account,
     *                       a member's room data), so the embedded store is compacted and the deleted rows leave its
     *                       files too ({@link nl.spreekuur.server.retention.CompactionSchedule}); deletions through
     *                       {@link ConversationService} tell it themselves
     */
    public PrivacyRequests(Store store, ConversationService conversations, SessionRevocations revocations,
                           Auditor auditor, Clock clock, Runnable contentDeleted) {
        this.store = store;
        this.conversations = conversations;
        this.revocations = revocations;
        this.auditor = auditor;
        this.clock = clock;
        this.contentDeleted = contentDeleted;
    }

    public void register(RequestRouter router) {
        router.on(BodyCase.DELETE_MY_CONVERSATION, (s, r) -> {
            deleteMyConversation(s.principal(), r.getDeleteMyConversation().getConversationId());
            s.send(ack(r.getRequestId()));
        }).on(BodyCase.DELETE_ACCOUNT, (s, r) -> {
            deleteAccount(s.principal(), r.getDeleteAccount().getAccountId());
            s.send(ack(r.getRequestId()));
        }).on(BodyCase.MEMBER_DATA, (s, r) -> s.send(ServerMessage.newBuilder().setRequestId(r.getRequestId())
                .setMemberDataExport(memberData(s.principal(), r.getMemberData())).build()));
    }

    private static ServerMessage ack(String requestId) {
        return ServerMessage.newBuilder().setRequestId(requestId).setAck(Ack.getDefaultInstance()).build();
    }

    void deleteMyConversation(Principal principal, String conversationId) {
        if (principal.kind() != Principal.Kind.ANONYMOUS_CLIENT) {
            throw RequestException.forbidden("only the chat's own client deletes it");
        }
        if (conversationId.isEmpty()) {
            throw RequestException.invalid("conversation_id is required");
        }
        Conversations.Conversation conversation = store.conversations().byId(conversationId)
                .filter(c -> principal.organisationId().equals(c.organisationId()))
                .filter(c -> store.officeHourChats().byConversation(c.id()).isPresent())
                .filter(c -> store.conversations().participants(c.id()).stream()
                        .anyMatch(p -> p.principalId().equals(principal.id()) && p.role() == ParticipantRole.CLIENT))
                .orElseThrow(() -> RequestException.notFound("conversation"));
        if (conversation.open() || store.queue().activeOf(principal.id()).stream()
                .anyMatch(e -> conversationId.equals(e.conversationId()))) {
            throw RequestException.conflict("end the chat first");
        }
        store.erasure().officeHourChatLinks(conversationId);
        conversations.delete(conversationId, EndReason.RETENTION_EXPIRED);
        // ConversationService.delete has told the compaction (afterContentDeleted)
        auditor.record(principal, "privacy.conversation_deleted", "conversation", conversationId, principal.id());
    }

    void deleteAccount(Principal principal, String accountId) {
        requireAdmin(principal);
        Accounts.Account account = store.accounts().byId(accountId)
                .filter(a -> principal.organisationId().equals(a.organisationId()))
                .orElseThrow(() -> RequestException.notFound("account"));
        if (account.id().equals(principal.id())) {
            throw RequestException.conflict("you cannot delete your own account");
        }
        revocations.revokeAllOfAccount(account.id());
        store.erasure().pseudonymiseAccount(account.id());
        auditor.record(principal, "account.delete", "account", account.id(), null);
        contentDeleted.run();
    }

    MemberDataExport memberData(Principal principal, MemberData request) {
        if (!principal.isStaff() || principal.organisationId() == null) {
            throw RequestException.forbidden("requires the org-admin role or moderating the room");
        }
        Rooms.Room room = store.rooms().byId(request.getRoomId())
                .filter(r -> principal.organisationId().equals(r.organisationId()))
                .orElseThrow(() -> RequestException.notFound("room"));
        if (!principal.has(Role.ORG_ADMIN) && !room.moderatorIds().contains(principal.id())) {
            throw RequestException.forbidden("requires the org-admin role or moderating the room");
        }
        Rooms.Member member = store.rooms().memberByParticipant(room.id(), request.getParticipantId())
                .orElseThrow(() -> RequestException.notFound("member"));
        List<ConversationEvent> authored = authoredBy(room.conversationId(), member.participantId());
        MemberDataExport.Builder export = MemberDataExport.newBuilder().setRoomId(room.id())
                .setParticipantId(member.participantId()).setNickname(member.nickname())
                .setJoinedAt(ProtoTime.of(member.joinedAt()));
        if (member.endedAt() != null) {
            export.setEndedAt(ProtoTime.of(member.endedAt())).setEndStatus(member.endStatus().name());
        }
        for (ConversationEvent e : authored) {
            String text = textOf(e);
            if (!text.isEmpty()) {
                export.addMessages(ExportedMessage.newBuilder().setSeq(e.getSeq()).setAt(e.getSentAt()).setText(text));
            }
        }
        auditor.record(principal, "privacy.member_export", "room", room.id(), member.principalId());
        if (!request.getErase()) {
            return export.build();
        }
        List<ConversationEvent> mentioning = eventsNaming(room.conversationId(), member.participantId());
        for (ConversationEvent e : mentioning) {
            conversations.replaceStored(erased(e, member.participantId()));
            store.rooms().forgetHidden(room.id(), e.getSeq());
        }
        store.erasure().pseudonymiseRoomMember(member.id(), room.conversationId(), member.principalId(),
                ERASED_MEMBER, clock.instant());
        store.sessions().byId(member.principalId())
                .ifPresent(session -> revocations.revoke(session.id(), session.expiresAt()));
        auditor.record(principal, "privacy.member_erase", "room", room.id(), member.principalId());
        contentDeleted.run();
        return export.setErased(true).build();
    }

    private List<ConversationEvent> authoredBy(String conversationId, String participantId) {
        List<ConversationEvent> authored = new ArrayList<>();
        for (ConversationEvent e : allEvents(conversationId)) {
            if (participantId.equals(e.getSenderId())) {
                authored.add(e);
            }
        }
        return authored;
    }

    /** Their own events and the joined/left events that carry their nickname. */
    private List<ConversationEvent> eventsNaming(String conversationId, String participantId) {
        List<ConversationEvent> naming = new ArrayList<>();
        for (ConversationEvent e : allEvents(conversationId)) {
            boolean joined = e.hasJoined() && participantId.equals(e.getJoined().getParticipant().getParticipantId());
            boolean left = e.hasLeft() && participantId.equals(e.getLeft().getParticipantId());
            if (participantId.equals(e.getSenderId()) || joined || left) {
                naming.add(e);
            }
        }
        return naming;
    }

    private List<ConversationEvent> allEvents(String conversationId) {
        List<ConversationEvent> all = new ArrayList<>();
        long after = 0;
        while (true) {
            List<ConversationEvent> page = conversations.eventsAfter(conversationId, after, SCAN_PAGE);
            all.addAll(page);
            if (page.size() < SCAN_PAGE) {
                return all;
            }
            after = page.get(page.size() - 1).getSeq();
        }
    }

    private static String textOf(ConversationEvent e) {
        if (e.hasRoomMessage()) {
            return e.getRoomMessage().getText();
        }
        if (e.hasText()) {
            return e.getText().getText();
        }
        if (e.hasEdited()) {
            return e.getEdited().getText();
        }
        return "";
    }

    /** The event without the member's texts and with the pseudonym instead of their nickname. */
    private static ConversationEvent erased(ConversationEvent e, String participantId) {
        ConversationEvent.Builder b = e.toBuilder();
        if (participantId.equals(e.getSenderId())) {
            b.setSenderName(ERASED_MEMBER);
        }
        if (e.hasRoomMessage()) {
            b.getRoomMessageBuilder().setText("");
        } else if (e.hasText()) {
            b.getTextBuilder().setText("");
        } else if (e.hasEdited()) {
            b.getEditedBuilder().setText("");
        } else if (e.hasHidden()) {
            b.getHiddenBuilder().setText("");
        } else if (e.hasJoined()) {
            b.getJoinedBuilder().getParticipantBuilder().setDisplayName(ERASED_MEMBER);
        } else if (e.hasLeft()) {
            b.getLeftBuilder().setDisplayName(ERASED_MEMBER);
        }
        return b.build();
    }

    private static void requireAdmin(Principal principal) {
        if (!principal.isStaff() || principal.organisationId() == null || !principal.has(Role.ORG_ADMIN)) {
            throw RequestException.forbidden("requires the org-admin role");
        }
    }
}
