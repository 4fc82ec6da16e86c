package nl.spreekuur.server.officehours;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nl.spreekuur.protocol.v1.ActiveChat;
import nl.spreekuur.protocol.v1.ChatAssigned;
import nl.spreekuur.protocol.v1.InternalNote;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.OfficeHourStatus;
import nl.spreekuur.protocol.v1.OnDutyProfessional;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.QueueItem;
import nl.spreekuur.protocol.v1.QueueState;
import nl.spreekuur.protocol.v1.QueueStatus;
import nl.spreekuur.protocol.v1.QueueView;
import nl.spreekuur.server.officehours.queue.Admission;
import nl.spreekuur.server.officehours.queue.QueueOutlook;
import nl.spreekuur.server.officehours.queue.QueuePositions;
import nl.spreekuur.server.officehours.queue.Staffing;
import nl.spreekuur.server.officehours.queue.WaitEstimator;
import nl.spreekuur.server.schedule.Schedule;
import nl.spreekuur.server.store.Conversations;
import nl.spreekuur.server.store.InternalNotes;
import nl.spreekuur.server.store.OfficeHours;
import nl.spreekuur.server.store.Organisations;
import nl.spreekuur.server.store.Queue;
import nl.spreekuur.server.store.Store;
import nl.spreekuur.server.store.ProtoTime;

/**
 * What people see of an office hour: its public status, a queued client's QueueStatus, the professionals'
 * QueueView and the ChatAssigned a professional gets. Read-only; everything is computed from one
 * {@link OfficeHourSnapshot} so the numbers agree with each other and with admission.
 */
final class OfficeHourViews {
    private final Store store;
    private final Clock clock;
    private final Admission admission;
    private final OfficeHourStatusCalculator statusCalculator;
    private final OfficeHourLookup lookup;

    OfficeHourViews(Store store, Clock clock, Admission admission, OfficeHourLookup lookup) {
        this.store = store;
        this.clock = clock;
        this.admission = admission;
        this.statusCalculator = new OfficeHourStatusCalculator(admission);
        this.lookup = lookup;
    }

    Admission admission() {
        return admission;
    }

    OfficeHourSnapshot snapshot(OfficeHour oh) {
        Instant now = clock.instant();
        Schedule schedule = Schedule.of(oh);
        QueuePositions waiting = QueuePositions.of(store.queue().waiting(oh.getId()));
        List<OfficeHourSnapshot.OnDuty> onDuty = new ArrayList<>();
        List<Staffing.Load> loads = new ArrayList<>();
        for (OfficeHours.Duty duty : store.officeHours().onDuty(oh.getId())) {
            int active = store.queue().chatsHeldBy(duty.accountId());
            onDuty.add(new OfficeHourSnapshot.OnDuty(duty.accountId(), active));
            loads.add(new Staffing.Load(active, oh.getMaxChatsPerProfessional()));
        }
        Staffing staffing = Staffing.of(loads);
        LocalDate today = schedule.localDate(now);
        Duration averageChat = WaitEstimator.averageChatDuration(oh, store.statistics().rows(oh.getId(),
                today.minusDays(WaitEstimator.RECENT_DAYS), today));
        String orgName = store.organisations().byId(oh.getOrganisationId())
                .map(Organisations.Organisation::name).orElse("");
        OfficeHourStatus status = withWhatNow(statusCalculator.status(oh, orgName, schedule, now, waiting.size(),
                staffing, averageChat), oh.getOrganisationId());
        return new OfficeHourSnapshot(oh, orgName, schedule, now, waiting, List.copyOf(onDuty), staffing,
                averageChat, status);
    }

    /** The organisation's "what now" text goes with every status, so a client has it when closed and after a chat. */
    private OfficeHourStatus withWhatNow(OfficeHourStatus status, String organisationId) {
        return store.whatNowTexts().of(organisationId)
                .map(w -> status.toBuilder().setWhatNow(WhatNowDesk.toProto(w)).build())
                .orElse(status);
    }

    Optional<OfficeHourSnapshot> snapshot(String officeHourId) {
        return store.officeHours().byId(officeHourId).map(this::snapshot);
    }

    /**
     * A client's view of their place. While waiting: position, estimate (-1 when nobody can give one, like the
     * public status) and the honest may-not-be-served warning; afterwards only the state and the chat.
     */
    QueueStatus queueStatus(OfficeHourSnapshot snapshot, Queue.Entry entry) {
        QueueStatus.Builder status = QueueStatus.newBuilder()
                .setQueueEntryId(entry.id())
                .setOfficeHourId(entry.officeHourId())
                .setState(entry.state())
                .setConversationId(entry.conversationId())
                .setFirstQuestion(nullToEmpty(entry.firstQuestion()));
        store.officeHourChats().byConversation(entry.conversationId())
                .ifPresent(link -> status.setTranscriptConsent(link.transcriptConsent()));
        if (entry.state() == QueueState.WAITING) {
            int position = snapshot.waiting().positionOf(entry.id()).orElse(snapshot.waiting().size() + 1);
            QueueOutlook outlook = admission.outlook(position, snapshot.now(),
                    snapshot.schedule().currentOpening(snapshot.now()), snapshot.staffing(), snapshot.averageChat());
            status.setPosition(position)
                    .setMayNotBeServed(outlook.mayNotBeServed())
                    .setEstimatedWaitSeconds(outlook.estimatedWait().map(Duration::toSeconds)
                            .orElse(OfficeHourStatusCalculator.UNKNOWN_WAIT_SECONDS));
            outlook.closesAt().ifPresent(c -> status.setClosesAt(ProtoTime.of(c)));
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
                    .setNickname(e.nickname()).setFirstQuestion(nullToEmpty(e.firstQuestion()))
                    .setUrgent(e.urgent()).setJoinedAt(ProtoTime.of(e.joinedAt())).setPosition(++position)
                    .setConnected(e.disconnectedAt() == null).setReturnedByTransfer(e.returnedByTransfer()));
        }
        for (Queue.Entry e : store.queue().inChat(oh.getId())) {
            view.addChats(activeChat(e));
        }
        for (OfficeHourSnapshot.OnDuty duty : snapshot.onDuty()) {
            view.addOnDuty(OnDutyProfessional.newBuilder().setProfessionalId(duty.accountId())
                    .setDisplayName(lookup.displayName(duty.accountId()))
                    .setActiveChats(duty.activeChats())
                    .setMaxChats(oh.getMaxChatsPerProfessional()));
        }
        return view.build();
    }

    private ActiveChat activeChat(Queue.Entry e) {
        ActiveChat.Builder chat = ActiveChat.newBuilder().setConversationId(e.conversationId())
                .setClientNickname(e.nickname())
                .setProfessionalId(nullToEmpty(e.claimedBy()))
                .setProfessionalName(lookup.displayName(e.claimedBy()));
        if (e.claimedAt() != null) {
            chat.setStartedAt(ProtoTime.of(e.claimedAt()));
        }
        for (Conversations.Participant p : store.conversations().participants(e.conversationId())) {
            if (p.role() == ParticipantRole.SUPERVISOR) {
                chat.addSupervisorNames(p.displayName());
            }
        }
        return chat.build();
    }

    /** For the professional who now holds the chat, with the colleagues' internal notes. */
    ChatAssigned chatAssigned(Queue.Entry entry, boolean viaTransfer) {
        ChatAssigned.Builder assigned = ChatAssigned.newBuilder().setConversationId(entry.conversationId())
                .setOfficeHourId(entry.officeHourId()).setQueueEntryId(entry.id())
                .setClientNickname(entry.nickname())
                .setFirstQuestion(nullToEmpty(entry.firstQuestion()))
                .setViaTransfer(viaTransfer);
        assigned.addAllNotes(notes(entry.conversationId()));
        return assigned.build();
    }

    /** The chat's internal notes (transfer notes and notes during the chat), oldest first. */
    List<InternalNote> notes(String conversationId) {
        List<InternalNote> notes = new ArrayList<>();
        for (InternalNotes.Note note : store.internalNotes().of(conversationId)) {
            notes.add(InternalNote.newBuilder().setAuthorName(note.authorName()).setText(note.text())
                    .setCreatedAt(ProtoTime.of(note.createdAt())).build());
        }
        return notes;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
