package nl.spreekuur.server.officehours;

import com.google.protobuf.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nl.spreekuur.protocol.v1.ActiveChat;
import nl.spreekuur.protocol.v1.ActiveItem;
import nl.spreekuur.protocol.v1.ChatAssigned;
import nl.spreekuur.protocol.v1.ChatTransferred;
import nl.spreekuur.protocol.v1.ClaimClient;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ConversationKind;
import nl.spreekuur.protocol.v1.EndReason;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.GetStatistics;
import nl.spreekuur.protocol.v1.InternalNote;
import nl.spreekuur.protocol.v1.JoinQueue;
import nl.spreekuur.protocol.v1.JoinQueueResult;
import nl.spreekuur.protocol.v1.LeaveOfflineMessage;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.OfficeHourList;
import nl.spreekuur.protocol.v1.OfficeHourStatus;
import nl.spreekuur.protocol.v1.OfflineMessage;
import nl.spreekuur.protocol.v1.OfflineMessageList;
import nl.spreekuur.protocol.v1.OnDutyProfessional;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.QueueItem;
import nl.spreekuur.protocol.v1.QueueState;
import nl.spreekuur.protocol.v1.QueueStatus;
import nl.spreekuur.protocol.v1.QueueView;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.Statistics;
import nl.spreekuur.protocol.v1.TranscriptConsentChanged;
import nl.spreekuur.protocol.v1.TransferChat;
import nl.spreekuur.server.audit.Auditor;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.auth.Role;
import nl.spreekuur.server.conversation.ConversationService;
import nl.spreekuur.server.session.Channels;
import nl.spreekuur.server.session.Hub;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.store.Accounts;
import nl.spreekuur.server.store.ConflictException;
import nl.spreekuur.server.store.Conversations;
import nl.spreekuur.server.store.InternalNotes;
import nl.spreekuur.server.store.OfficeHours;
import nl.spreekuur.server.store.OfflineMessages;
import nl.spreekuur.server.store.Queue;
import nl.spreekuur.server.store.StatisticsLog.Fact;
import nl.spreekuur.server.store.Store;

/**
 * Chat office hours: publishing schedules, admission, the fair queue, pick-up, transfer, supervision, ending,
 * quick exit, transcript consent, offline messages and statistics.
 *
 * <p>Every change is stored first; then the office hour's channel is published so that every node recomputes the
 * queue views and positions of its own connections ({@link QueueBroadcaster}). Chat content flows through the
 * {@link ConversationService}. Authorisation is checked per request ({@link OfficeHourAccess}).
 */
public final class OfficeHoursService {
    static final int MAX_NICKNAME = 40;
    static final int MAX_FIRST_QUESTION = 2000;
    static final int MAX_OFFLINE_TEXT = 4000;
    static final int MAX_CONTACT = 200;
    static final int MAX_NOTE = 2000;
    static final int MAX_STATISTICS_DAYS = 366;

    private final Store store;
    private final ConversationService conversations;
    private final Hub hub;
    private final Auditor auditor;
    private final Clock clock;
    private final Admission admission = new Admission();
    private final OfficeHourStatusCalculator statusCalculator = new OfficeHourStatusCalculator(admission);
    private final RetentionPolicy retention;
    private final OfficeHourFacts facts;

    public OfficeHoursService(Store store, ConversationService conversations, Hub hub, Auditor auditor, Clock clock,
                              RetentionPolicy retention, io.micrometer.core.instrument.MeterRegistry meters) {
        this.store = store;
        this.conversations = conversations;
        this.hub = hub;
        this.auditor = auditor;
        this.clock = clock;
        this.retention = retention;
        this.facts = new OfficeHourFacts(store.statistics(), meters, clock);
    }

    // ------------------------------------------------------------------ definitions

    public OfficeHourList list(Principal principal) {
        OfficeHourList.Builder list = OfficeHourList.newBuilder();
        for (OfficeHour oh : store.officeHours().byOrganisation(principal.organisationId())) {
            list.addOfficeHours(principal.isStaff() ? oh : publicView(oh));
            list.addStatuses(snapshot(oh).status());
        }
        return list.build();
    }

    public OfficeHourStatus status(Principal principal, String idOrSlug) {
        return snapshot(find(principal.organisationId(), idOrSlug)).status();
    }

    /** For the public HTTP API: the status by organisation slug and office-hour slug. */
    public Optional<OfficeHourStatus> publicStatus(String organisationSlug, String slug) {
        return store.organisations().bySlug(organisationSlug)
                .flatMap(org -> store.officeHours().bySlug(org.id(), slug))
                .map(oh -> snapshot(oh).status());
    }

    public Optional<List<OfficeHourStatus>> publicStatuses(String organisationSlug) {
        return store.organisations().bySlug(organisationSlug).map(org -> store.officeHours()
                .byOrganisation(org.id()).stream().map(oh -> snapshot(oh).status()).toList());
    }

    public OfficeHour save(Principal principal, OfficeHour requested) {
        OfficeHourAccess.requireAdmin(principal);
        OfficeHour.Builder candidate = requested.toBuilder().setOrganisationId(principal.organisationId());
        if (!requested.getId().isEmpty()) {
            OfficeHour existing = store.officeHours().byId(requested.getId())
                    .orElseThrow(() -> RequestException.notFound("office hour"));
            OfficeHourAccess.requireSameOrganisation(principal, existing);
        }
        for (String accountId : requested.getProfessionalIdsList()) {
            Accounts.Account account = store.accounts().byId(accountId)
                    .filter(a -> principal.organisationId().equals(a.organisationId()))
                    .orElseThrow(() -> RequestException.invalid("professional_ids: unknown account " + accountId));
            if (account.disabled()) {
                throw RequestException.invalid("professional_ids: account " + accountId + " is disabled");
            }
        }
        OfficeHour valid;
        try {
            valid = OfficeHourValidator.requireValid(OfficeHourValidator.withDefaults(candidate.build()));
        } catch (InvalidOfficeHourException e) {
            throw RequestException.invalid(e.getMessage());
        }
        OfficeHour saved;
        try {
            saved = store.officeHours().save(valid);
        } catch (ConflictException e) {
            throw RequestException.conflict("slug already used in this organisation");
        }
        auditor.record(principal, "office_hour.save", "office_hour", saved.getId(), null);
        changed(saved.getId());
        return saved;
    }

    public void delete(Principal principal, String officeHourId) {
        OfficeHourAccess.requireAdmin(principal);
        OfficeHour oh = find(principal.organisationId(), officeHourId);
        if (!store.queue().waiting(oh.getId()).isEmpty() || !store.queue().inChat(oh.getId()).isEmpty()) {
            throw RequestException.conflict("clients are waiting or in a chat");
        }
        store.officeHours().delete(oh.getId());
        auditor.record(principal, "office_hour.delete", "office_hour", oh.getId(), null);
        changed(oh.getId());
    }

    // ------------------------------------------------------------------ clients

    public JoinQueueResult join(Principal principal, JoinQueue request) {
        OfficeHourAccess.requireClient(principal);
        OfficeHour oh = find(principal.organisationId(), request.getOfficeHourId());
        String nickname = request.getNickname().strip();
        if (nickname.isEmpty() || nickname.codePointCount(0, nickname.length()) > MAX_NICKNAME) {
            throw RequestException.invalid("nickname must be 1.." + MAX_NICKNAME + " characters");
        }
        String firstQuestion = request.getFirstQuestion().strip();
        if (firstQuestion.length() > MAX_FIRST_QUESTION) {
            throw new RequestException(ErrorCode.TOO_LARGE, "first_question longer than " + MAX_FIRST_QUESTION);
        }
        if (activeEntryIn(principal.id(), oh.getId()).isPresent()) {
            throw RequestException.conflict("already in this queue");
        }
        OfficeHourSnapshot snapshot = snapshot(oh);
        AdmissionDecision decision = admission.decide(snapshot.schedule(), snapshot.now(), snapshot.waiting().size(),
                snapshot.staffing(), snapshot.averageChat());
        if (!decision.admitted()) {
            facts.count(oh, Fact.REFUSED);
            return JoinQueueResult.newBuilder().setAdmitted(false).setRefusal(decision.refusal())
                    .setOfficeHour(snapshot.status()).build();
        }
        boolean consent = request.getUseConsentDefault() ? oh.getTranscriptConsentDefault()
                : request.getTranscriptConsent();
        Conversations.Conversation chat = conversations.open(oh.getOrganisationId(),
                ConversationKind.OFFICE_HOUR_CHAT, oh.getId(), consent);
        Queue.Entry entry;
        try {
            entry = store.queue().create(oh.getId(), oh.getOrganisationId(), chat.id(), principal.id(), nickname,
                    firstQuestion, clock.instant());
        } catch (ConflictException raceWithAnotherConnection) {
            conversations.end(chat.id(), EndReason.ENDED_BY_CLIENT, clock.instant());
            throw RequestException.conflict("already in this queue");
        }
        conversations.join(chat.id(), principal.id(), ParticipantRole.CLIENT, nickname);
        facts.count(oh, Fact.JOINED);
        changed(oh.getId());
        OfficeHourSnapshot after = snapshot(oh);
        return JoinQueueResult.newBuilder().setAdmitted(true).setStatus(queueStatus(after, entry))
                .setOfficeHour(after.status()).build();
    }

    public void updateFirstQuestion(Principal principal, String entryId, String firstQuestion) {
        Queue.Entry entry = ownEntry(principal, entryId);
        if (firstQuestion.length() > MAX_FIRST_QUESTION) {
            throw new RequestException(ErrorCode.TOO_LARGE, "first_question longer than " + MAX_FIRST_QUESTION);
        }
        if (entry.state() != QueueState.WAITING || !store.queue().updateFirstQuestion(entryId, firstQuestion.strip())) {
            throw RequestException.conflict("no longer waiting");
        }
        changed(entry.officeHourId());
    }

    public void leaveQueue(Principal principal, String entryId) {
        Queue.Entry entry = ownEntry(principal, entryId);
        OfficeHour oh = officeHourOf(entry);
        if (store.queue().transition(entryId, List.of(QueueState.WAITING), QueueState.LEFT, clock.instant()).isEmpty()) {
            throw RequestException.conflict("no longer waiting");
        }
        facts.count(oh, Fact.ABANDONED);
        endConversation(oh, entry.conversationId(), EndReason.ENDED_BY_CLIENT);
        changed(oh.getId());
    }

    public void setTranscriptConsent(Principal principal, String conversationId, boolean consent) {
        Conversations.Conversation chat = conversations.visibleConversation(principal, conversationId);
        Conversations.Participant me = conversations.activeParticipant(chat, principal);
        if (me.role() != ParticipantRole.CLIENT) {
            throw RequestException.forbidden("only the client decides about the transcript");
        }
        conversations.setTranscriptConsent(chat.id(), consent);
        if (chat.open()) {
            conversations.appendSystem(chat.id(), ConversationEvent.newBuilder()
                    .setConsent(TranscriptConsentChanged.newBuilder().setConsent(consent)));
        } else if (chat.endedAt() != null && chat.officeHourId() != null) {
            store.officeHours().byId(chat.officeHourId()).ifPresent(oh -> store.conversations().schedulePurge(
                    chat.id(), retention.transcriptPurgeAfter(oh, consent, chat.endedAt())));
        }
    }

    /** Ends a chat (client or the professional holding it) or, for a waiting client, leaves the queue. */
    public void endChat(Principal principal, String conversationId) {
        Conversations.Conversation chat = conversations.visibleConversation(principal, conversationId);
        Conversations.Participant me = conversations.activeParticipant(chat, principal);
        Queue.Entry entry = store.queue().byConversation(chat.id())
                .orElseThrow(() -> RequestException.notFound("office-hour chat"));
        OfficeHour oh = officeHourOf(entry);
        EndReason reason;
        if (me.role() == ParticipantRole.CLIENT) {
            reason = EndReason.ENDED_BY_CLIENT;
        } else if (me.role() == ParticipantRole.PROFESSIONAL && principal.id().equals(entry.claimedBy())) {
            reason = EndReason.ENDED_BY_PROFESSIONAL;
        } else {
            throw RequestException.forbidden("only the client or the professional holding the chat can end it");
        }
        if (!finishEntry(oh, entry, reason)) {
            throw RequestException.conflict("chat has already ended");
        }
    }

    /** Quick exit: ends everything of the client with QUICK_EXIT and forgets the token. */
    public void quickExit(Principal principal) {
        OfficeHourAccess.requireClient(principal);
        for (Queue.Entry entry : store.queue().activeOf(principal.id())) {
            OfficeHour oh = officeHourOf(entry);
            if (finishEntry(oh, entry, EndReason.QUICK_EXIT)) {
                facts.count(oh, Fact.QUICK_EXIT);
            }
        }
        store.sessions().revoke(principal.sessionId(), clock.instant());
    }

    public void leaveOfflineMessage(Principal principal, LeaveOfflineMessage request) {
        OfficeHour oh = find(principal.organisationId(), request.getOfficeHourId());
        String text = request.getText().strip();
        if (text.isEmpty()) {
            throw RequestException.invalid("text is required");
        }
        if (text.length() > MAX_OFFLINE_TEXT || request.getContact().length() > MAX_CONTACT
                || request.getNickname().length() > MAX_NICKNAME) {
            throw new RequestException(ErrorCode.TOO_LARGE, "text, contact or nickname too long");
        }
        store.offlineMessages().create(oh.getId(), oh.getOrganisationId(), request.getNickname().strip(), text,
                request.getContact().strip(), clock.instant());
        facts.count(oh, Fact.OFFLINE_MESSAGE);
        changed(oh.getId());
    }

    // ------------------------------------------------------------------ professionals

    public void setDuty(Principal principal, String officeHourId, boolean onDuty) {
        OfficeHour oh = find(principal.organisationId(), officeHourId);
        OfficeHourAccess.requireMayServe(principal, oh);
        store.officeHours().setOnDuty(oh.getId(), principal.id(), onDuty, clock.instant());
        changed(oh.getId());
    }

    public OfficeHour requireOversee(Principal principal, String officeHourId) {
        OfficeHour oh = find(principal.organisationId(), officeHourId);
        OfficeHourAccess.requireMayOversee(principal, oh);
        return oh;
    }

    public ChatAssigned claim(Principal principal, ClaimClient request) {
        OfficeHour oh = find(principal.organisationId(), request.getOfficeHourId());
        OfficeHourAccess.requireMayServe(principal, oh);
        String wanted = request.getQueueEntryId().isEmpty() ? null : request.getQueueEntryId();
        if (wanted != null) {
            store.queue().byId(wanted).filter(e -> e.officeHourId().equals(oh.getId()))
                    .orElseThrow(() -> RequestException.notFound("queue entry"));
        }
        Queue.ClaimOutcome outcome = store.queue().claim(oh.getId(), wanted, principal.id(),
                oh.getMaxChatsPerProfessional(), clock.instant());
        switch (outcome.status()) {
            case NOT_ON_DUTY -> throw RequestException.forbidden("go on duty first");
            case LIMIT_REACHED -> throw new RequestException(ErrorCode.LIMIT_REACHED,
                    "you hold the maximum number of chats");
            case EMPTY -> throw RequestException.notFound("waiting client");
            case NOT_WAITING -> throw RequestException.conflict("this client is no longer waiting");
            case CLAIMED -> {
                // handled below
            }
        }
        Queue.Entry entry = outcome.entry();
        if (!entry.returnedByTransfer()) {
            facts.count(oh, Fact.SERVED);
            facts.duration(oh, Fact.WAIT_SECONDS, Duration.between(entry.joinedAt(), entry.claimedAt()));
        }
        conversations.join(entry.conversationId(), principal.id(), ParticipantRole.PROFESSIONAL,
                principal.displayName());
        auditor.record(principal, "conversation.assign", "conversation", entry.conversationId(),
                entry.clientPrincipalId());
        changed(oh.getId());
        return chatAssigned(entry, entry.returnedByTransfer());
    }

    public void flagUrgent(Principal principal, String entryId, boolean urgent) {
        Queue.Entry entry = store.queue().byId(entryId).orElseThrow(() -> RequestException.notFound("queue entry"));
        OfficeHour oh = officeHourOf(entry);
        OfficeHourAccess.requireMayServe(principal, oh);
        if (entry.state() != QueueState.WAITING || !store.queue().setUrgent(entryId, urgent)) {
            throw RequestException.conflict("no longer waiting");
        }
        auditor.record(principal, "queue.flag_urgent", "queue_entry", entryId, entry.clientPrincipalId());
        changed(oh.getId());
    }

    public void transfer(Principal principal, TransferChat request) {
        Queue.Entry entry = store.queue().byConversation(request.getConversationId())
                .filter(e -> e.organisationId().equals(principal.organisationId()))
                .orElseThrow(() -> RequestException.notFound("office-hour chat"));
        OfficeHour oh = officeHourOf(entry);
        if (entry.state() != QueueState.IN_CHAT || !principal.id().equals(entry.claimedBy())) {
            throw RequestException.forbidden("only the professional holding the chat can transfer it");
        }
        if (request.getNote().length() > MAX_NOTE) {
            throw new RequestException(ErrorCode.TOO_LARGE, "note longer than " + MAX_NOTE);
        }
        Instant now = clock.instant();
        String target = request.getToProfessionalId();
        if (target.isEmpty()) {
            if (!store.queue().returnToQueue(entry.id())) {
                throw RequestException.conflict("chat is no longer active");
            }
            addNote(principal, entry, request.getNote(), now);
            conversations.appendSystem(entry.conversationId(), ConversationEvent.newBuilder()
                    .setTransferred(ChatTransferred.newBuilder().setBackToQueue(true)));
        } else {
            if (target.equals(principal.id())) {
                throw RequestException.invalid("cannot transfer to yourself");
            }
            Accounts.Account colleague = store.accounts().byId(target)
                    .filter(a -> principal.organisationId().equals(a.organisationId()) && !a.disabled())
                    .orElseThrow(() -> RequestException.notFound("colleague"));
            boolean onDuty = store.officeHours().onDuty(oh.getId()).stream()
                    .anyMatch(d -> d.accountId().equals(colleague.id()));
            if (!onDuty) {
                throw RequestException.conflict("colleague is not on duty for this office hour");
            }
            if (store.queue().chatsHeldBy(colleague.id()) >= oh.getMaxChatsPerProfessional()) {
                throw new RequestException(ErrorCode.LIMIT_REACHED, "colleague holds the maximum number of chats");
            }
            if (!store.queue().reassign(entry.id(), colleague.id(), now)) {
                throw RequestException.conflict("chat is no longer active");
            }
            addNote(principal, entry, request.getNote(), now);
            conversations.appendSystem(entry.conversationId(), ConversationEvent.newBuilder()
                    .setTransferred(ChatTransferred.newBuilder().setToDisplayName(colleague.displayName())));
            conversations.join(entry.conversationId(), colleague.id(), ParticipantRole.PROFESSIONAL,
                    colleague.displayName());
            Queue.Entry moved = store.queue().byId(entry.id()).orElse(entry);
            hub.pushToPrincipal(colleague.id(), ServerMessage.newBuilder()
                    .setChatAssigned(chatAssigned(moved, true)).build());
        }
        conversations.leave(entry.conversationId(), principal.id(), EndReason.END_REASON_UNSPECIFIED);
        hub.unsubscribePrincipal(principal.id(), entry.conversationId());
        facts.count(oh, Fact.TRANSFER);
        auditor.record(principal, "conversation.transfer", "conversation", entry.conversationId(),
                entry.clientPrincipalId());
        changed(oh.getId());
    }

    public void supervise(Principal principal, String conversationId) {
        Conversations.Conversation chat = conversations.visibleConversation(principal, conversationId);
        if (!principal.has(Role.SUPERVISOR)) {
            throw RequestException.forbidden("requires the supervisor role");
        }
        if (chat.kind() != ConversationKind.OFFICE_HOUR_CHAT || !chat.open()) {
            throw RequestException.conflict("not an active office-hour chat");
        }
        Queue.Entry entry = store.queue().byConversation(chat.id())
                .orElseThrow(() -> RequestException.notFound("office-hour chat"));
        if (principal.id().equals(entry.claimedBy())) {
            throw RequestException.conflict("you hold this chat yourself");
        }
        Optional<Conversations.Participant> already = store.conversations().participant(chat.id(), principal.id())
                .filter(Conversations.Participant::isActive);
        if (already.isEmpty()) {
            conversations.join(chat.id(), principal.id(), ParticipantRole.SUPERVISOR, principal.displayName());
        }
        auditor.record(principal, "conversation.supervise", "conversation", chat.id(), entry.clientPrincipalId());
        changed(entry.officeHourId());
    }

    public void stopSupervising(Principal principal, String conversationId) {
        Conversations.Conversation chat = conversations.visibleConversation(principal, conversationId);
        Conversations.Participant me = conversations.activeParticipant(chat, principal);
        if (me.role() != ParticipantRole.SUPERVISOR) {
            throw RequestException.conflict("not reading along in this chat");
        }
        conversations.leave(chat.id(), principal.id(), EndReason.END_REASON_UNSPECIFIED);
        hub.unsubscribePrincipal(principal.id(), chat.id());
        auditor.record(principal, "conversation.supervise_end", "conversation", chat.id(), null);
        if (chat.officeHourId() != null) {
            changed(chat.officeHourId());
        }
    }

    public OfflineMessageList offlineMessages(Principal principal, String officeHourId, boolean includeHandled) {
        OfficeHour oh = requireOversee(principal, officeHourId);
        auditor.record(principal, "offline_message.list", "office_hour", oh.getId(), null);
        OfflineMessageList.Builder list = OfflineMessageList.newBuilder();
        for (OfflineMessages.OfflineMessage m : store.offlineMessages().byOfficeHour(oh.getId(), includeHandled)) {
            OfflineMessage.Builder b = OfflineMessage.newBuilder().setId(m.id()).setOfficeHourId(m.officeHourId())
                    .setNickname(m.nickname()).setText(m.text()).setContact(m.contact())
                    .setCreatedAt(ts(m.createdAt()));
            if (m.handledAt() != null) {
                b.setHandledAt(ts(m.handledAt())).setHandledBy(m.handledBy() == null ? "" : m.handledBy());
            }
            list.addMessages(b);
        }
        return list.build();
    }

    public void handleOfflineMessage(Principal principal, String offlineMessageId) {
        OfflineMessages.OfflineMessage m = store.offlineMessages().byId(offlineMessageId)
                .filter(x -> x.organisationId().equals(principal.organisationId()))
                .orElseThrow(() -> RequestException.notFound("offline message"));
        requireOversee(principal, m.officeHourId());
        if (!store.offlineMessages().markHandled(m.id(), principal.id(), clock.instant())) {
            throw RequestException.conflict("already handled");
        }
        auditor.record(principal, "offline_message.handle", "offline_message", m.id(), null);
        changed(m.officeHourId());
    }

    public Statistics statistics(Principal principal, GetStatistics request) {
        OfficeHour oh = find(principal.organisationId(), request.getOfficeHourId());
        OfficeHourAccess.requireSupervisorOrAdmin(principal, oh);
        LocalDate from;
        LocalDate to;
        try {
            from = LocalDate.parse(request.getFromDate());
            to = LocalDate.parse(request.getToDate());
        } catch (DateTimeParseException e) {
            throw RequestException.invalid("from_date and to_date must be YYYY-MM-DD");
        }
        if (to.isBefore(from) || from.plusDays(MAX_STATISTICS_DAYS).isBefore(to)) {
            throw RequestException.invalid("date range must be 1.." + MAX_STATISTICS_DAYS + " days");
        }
        return Statistics.newBuilder().setOfficeHourId(oh.getId()).addAllDays(DailyStatisticsCalculator.calculate(
                from, to, store.statistics().rows(oh.getId(), from, to))).build();
    }

    // ------------------------------------------------------------------ what a connection is part of

    public List<ActiveItem> activeItems(Principal principal) {
        List<ActiveItem> items = new ArrayList<>();
        if (principal.isAnonymous()) {
            for (Queue.Entry e : store.queue().activeOf(principal.id())) {
                items.add(ActiveItem.newBuilder().setConversationId(e.conversationId())
                        .setKind(ConversationKind.OFFICE_HOUR_CHAT).setQueueEntryId(e.id())
                        .setOfficeHourId(e.officeHourId()).setQueueState(e.state()).build());
            }
        } else {
            for (Conversations.Conversation c : store.conversations().openConversationsOf(principal.id())) {
                ActiveItem.Builder item = ActiveItem.newBuilder().setConversationId(c.id()).setKind(c.kind());
                if (c.officeHourId() != null) {
                    item.setOfficeHourId(c.officeHourId());
                }
                store.queue().byConversation(c.id()).ifPresent(e -> item.setQueueEntryId(e.id())
                        .setQueueState(e.state()));
                items.add(item.build());
            }
        }
        return items;
    }

    public List<String> onDutyOfficeHourIds(Principal principal) {
        return principal.isStaff()
                ? store.officeHours().dutiesOf(principal.id()).stream().map(OfficeHours.Duty::officeHourId).toList()
                : List.of();
    }

    // ------------------------------------------------------------------ lifecycle (used by the jobs)

    /**
     * Ends a WAITING or IN_CHAT entry for the given reason: WAITING becomes LEFT/EXPIRED/NOT_SERVED (abandoned),
     * IN_CHAT becomes FINISHED (chat duration recorded). Returns false if it was no longer active.
     */
    boolean finishEntry(OfficeHour oh, Queue.Entry entry, EndReason reason) {
        Instant now = clock.instant();
        QueueState waitingOutcome = switch (reason) {
            case CLIENT_GONE -> QueueState.EXPIRED;
            case CLOSED_AT_END_OF_OFFICE_HOUR -> QueueState.NOT_SERVED;
            default -> QueueState.LEFT;
        };
        Optional<Queue.Entry> fromWaiting = store.queue().transition(entry.id(), List.of(QueueState.WAITING),
                waitingOutcome, now);
        if (fromWaiting.isPresent()) {
            facts.count(oh, Fact.ABANDONED);
        } else {
            Optional<Queue.Entry> fromChat = store.queue().transition(entry.id(), List.of(QueueState.IN_CHAT),
                    QueueState.FINISHED, now);
            if (fromChat.isEmpty()) {
                return false;
            }
            Instant started = fromChat.get().claimedAt() != null ? fromChat.get().claimedAt() : entry.joinedAt();
            facts.duration(oh, Fact.CHAT_SECONDS, Duration.between(started, now));
        }
        endConversation(oh, entry.conversationId(), reason);
        changed(oh.getId());
        return true;
    }

    private void endConversation(OfficeHour oh, String conversationId, EndReason reason) {
        boolean consent = store.conversations().byId(conversationId)
                .map(Conversations.Conversation::transcriptConsent).orElse(false);
        Instant now = clock.instant();
        conversations.end(conversationId, reason, retention.transcriptPurgeAfter(oh, consent, now));
    }

    Store store() {
        return store;
    }

    Clock clock() {
        return clock;
    }

    // ------------------------------------------------------------------ snapshots, views and statuses

    OfficeHourSnapshot snapshot(OfficeHour oh) {
        Instant now = clock.instant();
        Schedule schedule = Schedule.of(oh);
        QueuePositions waiting = QueuePositions.of(store.queue().waiting(oh.getId()));
        List<OfficeHours.Duty> duties = store.officeHours().onDuty(oh.getId());
        List<Staffing.Load> loads = new ArrayList<>();
        for (OfficeHours.Duty duty : duties) {
            loads.add(new Staffing.Load(store.queue().chatsHeldBy(duty.accountId()), oh.getMaxChatsPerProfessional()));
        }
        Staffing staffing = Staffing.of(loads);
        LocalDate today = schedule.localDate(now);
        Duration averageChat = WaitEstimator.averageChatDuration(oh, store.statistics().rows(oh.getId(),
                today.minusDays(WaitEstimator.RECENT_DAYS), today));
        String orgName = store.organisations().byId(oh.getOrganisationId())
                .map(nl.spreekuur.server.store.Organisations.Organisation::name).orElse("");
        OfficeHourStatus status = statusCalculator.status(oh, orgName, schedule, now, waiting.size(), staffing,
                averageChat);
        return new OfficeHourSnapshot(oh, orgName, schedule, now, waiting, duties, staffing, averageChat, status);
    }

    Optional<OfficeHourSnapshot> snapshot(String officeHourId) {
        return store.officeHours().byId(officeHourId).map(this::snapshot);
    }

    QueueStatus queueStatus(OfficeHourSnapshot snapshot, Queue.Entry entry) {
        QueueStatus.Builder status = QueueStatus.newBuilder()
                .setQueueEntryId(entry.id())
                .setOfficeHourId(entry.officeHourId())
                .setState(entry.state())
                .setConversationId(entry.conversationId())
                .setFirstQuestion(entry.firstQuestion() == null ? "" : entry.firstQuestion());
        store.conversations().byId(entry.conversationId())
                .ifPresent(c -> status.setTranscriptConsent(c.transcriptConsent()));
        if (entry.state() == QueueState.WAITING) {
            int position = snapshot.waiting().positionOf(entry.id()).orElse(snapshot.waiting().size() + 1);
            QueueOutlook outlook = admission.outlook(position, snapshot.now(),
                    snapshot.schedule().currentOpening(snapshot.now()), snapshot.staffing(), snapshot.averageChat());
            status.setPosition(position).setMayNotBeServed(outlook.mayNotBeServed());
            outlook.estimatedWait().ifPresent(w -> status.setEstimatedWaitSeconds(w.getSeconds()));
            outlook.closesAt().ifPresent(c -> status.setClosesAt(ts(c)));
        }
        return status.build();
    }

    QueueView queueView(OfficeHourSnapshot snapshot) {
        OfficeHour oh = snapshot.officeHour();
        QueueView.Builder view = QueueView.newBuilder().setOfficeHourId(oh.getId()).setStatus(snapshot.status())
                .setUnhandledOfflineMessages(store.offlineMessages().countUnhandled(oh.getId()));
        int position = 0;
        for (Queue.Entry e : snapshot.waiting().inOrder()) {
            view.addWaiting(QueueItem.newBuilder().setQueueEntryId(e.id()).setConversationId(e.conversationId())
                    .setNickname(e.nickname()).setFirstQuestion(e.firstQuestion() == null ? "" : e.firstQuestion())
                    .setUrgent(e.urgent()).setJoinedAt(ts(e.joinedAt())).setPosition(++position)
                    .setConnected(e.disconnectedAt() == null).setReturnedByTransfer(e.returnedByTransfer()));
        }
        for (Queue.Entry e : store.queue().inChat(oh.getId())) {
            ActiveChat.Builder chat = ActiveChat.newBuilder().setConversationId(e.conversationId())
                    .setClientNickname(e.nickname())
                    .setProfessionalId(e.claimedBy() == null ? "" : e.claimedBy())
                    .setProfessionalName(displayName(e.claimedBy()));
            if (e.claimedAt() != null) {
                chat.setStartedAt(ts(e.claimedAt()));
            }
            for (Conversations.Participant p : store.conversations().participants(e.conversationId())) {
                if (p.role() == ParticipantRole.SUPERVISOR) {
                    chat.addSupervisorNames(p.displayName());
                }
            }
            view.addChats(chat);
        }
        for (OfficeHours.Duty duty : snapshot.duties()) {
            view.addOnDuty(OnDutyProfessional.newBuilder().setProfessionalId(duty.accountId())
                    .setDisplayName(displayName(duty.accountId()))
                    .setActiveChats(store.queue().chatsHeldBy(duty.accountId()))
                    .setMaxChats(oh.getMaxChatsPerProfessional()));
        }
        return view.build();
    }

    /** Tells every node that the office hour changed (queue, duty, definition). */
    void changed(String officeHourId) {
        hub.publishRaw(Channels.officeHour(officeHourId), new byte[0]);
    }

    // ------------------------------------------------------------------ helpers

    private ChatAssigned chatAssigned(Queue.Entry entry, boolean viaTransfer) {
        ChatAssigned.Builder assigned = ChatAssigned.newBuilder().setConversationId(entry.conversationId())
                .setOfficeHourId(entry.officeHourId()).setQueueEntryId(entry.id())
                .setClientNickname(entry.nickname())
                .setFirstQuestion(entry.firstQuestion() == null ? "" : entry.firstQuestion())
                .setViaTransfer(viaTransfer);
        for (InternalNotes.Note note : store.internalNotes().of(entry.conversationId())) {
            assigned.addNotes(InternalNote.newBuilder().setAuthorName(note.authorName()).setText(note.text())
                    .setCreatedAt(ts(note.createdAt())));
        }
        return assigned.build();
    }

    private void addNote(Principal author, Queue.Entry entry, String text, Instant now) {
        if (!text.isBlank()) {
            store.internalNotes().add(new InternalNotes.Note(entry.conversationId(), author.id(),
                    author.displayName(), text.strip(), now));
        }
    }

    private String displayName(String accountId) {
        if (accountId == null) {
            return "";
        }
        return store.accounts().byId(accountId).map(Accounts.Account::displayName).orElse("");
    }

    private OfficeHour find(String organisationId, String idOrSlug) {
        if (idOrSlug == null || idOrSlug.isEmpty()) {
            throw RequestException.invalid("office_hour_id is required");
        }
        return store.officeHours().byId(idOrSlug)
                .or(() -> store.officeHours().bySlug(organisationId, idOrSlug))
                .filter(oh -> oh.getOrganisationId().equals(organisationId))
                .orElseThrow(() -> RequestException.notFound("office hour"));
    }

    private OfficeHour officeHourOf(Queue.Entry entry) {
        return store.officeHours().byId(entry.officeHourId())
                .orElseThrow(() -> RequestException.notFound("office hour"));
    }

    private Queue.Entry ownEntry(Principal principal, String entryId) {
        return store.queue().byId(entryId)
                .filter(e -> e.clientPrincipalId().equals(principal.id()))
                .orElseThrow(() -> RequestException.notFound("queue entry"));
    }

    private Optional<Queue.Entry> activeEntryIn(String principalId, String officeHourId) {
        return store.queue().activeOf(principalId).stream().filter(e -> e.officeHourId().equals(officeHourId))
                .findFirst();
    }

    /** What an anonymous client may see of an office hour definition: no staff ids. */
    private static OfficeHour publicView(OfficeHour oh) {
        return oh.toBuilder().clearProfessionalIds().build();
    }

    static Timestamp ts(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
