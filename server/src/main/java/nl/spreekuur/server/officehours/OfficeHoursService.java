package nl.spreekuur.server.officehours;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nl.spreekuur.protocol.v1.FollowUpRecorded;
import nl.spreekuur.protocol.v1.ActiveItem;
import nl.spreekuur.protocol.v1.ConversationKind;
import nl.spreekuur.protocol.v1.GetStatistics;
import nl.spreekuur.protocol.v1.OfficeHourStatus;
import nl.spreekuur.protocol.v1.Statistics;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.store.Conversations;
import nl.spreekuur.server.store.Queue;
import nl.spreekuur.server.store.Store;

/**
 * Chat office hours: publishing schedules, admission, the fair queue, pick-up, transfer, supervision, ending,
 * quick exit, transcript consent, offline messages and statistics.
 *
 * <p>Every change is stored first; then the office hour's channel is published so that every node recomputes the
 * queue views and positions of its own connections ({@link QueueBroadcaster}). Chat content flows through the
 * ConversationService. Authorisation is checked per request ({@link OfficeHourAccess}).
 *
 * <p>The work is done by one part per concern; this class holds them together and offers what the rest of the
 * server needs (public status over HTTP, admin statistics, what a connecting principal is part of). Assembled
 * by {@link OfficeHoursModule#create}.
 */
public final class OfficeHoursService {
    private final Store store;
    private final OfficeHourDefinitions definitions;
    private final ClientQueue clients;
    private final ProfessionalDesk desk;
    private final ChatControl chats;
    private final ChatTransfer transfers;
    private final OfflineMessageDesk offlineMessages;
    private final OfficeHourStatistics statistics;
    private final OfficeHourViews views;

    OfficeHoursService(Store store, OfficeHourDefinitions definitions, ClientQueue clients, ProfessionalDesk desk,
                       ChatControl chats, ChatTransfer transfers, OfflineMessageDesk offlineMessages,
                       OfficeHourStatistics statistics, OfficeHourViews views) {
        this.store = store;
        this.definitions = definitions;
        this.clients = clients;
        this.desk = desk;
        this.chats = chats;
        this.transfers = transfers;
        this.offlineMessages = offlineMessages;
        this.statistics = statistics;
        this.views = views;
    }

    OfficeHourDefinitions definitions() {
        return definitions;
    }

    /** For the public HTTP API: the status by organisation slug and office-hour slug. */
    Optional<OfficeHourStatus> publicStatus(String organisationSlug, String slug) {
        return definitions.publicStatus(organisationSlug, slug);
    }

    Optional<List<OfficeHourStatus>> publicStatuses(String organisationSlug) {
        return definitions.publicStatuses(organisationSlug);
    }

    /** For the admin API and GetStatistics. */
    Statistics statistics(Principal principal, GetStatistics request) {
        return statistics.statistics(principal, request);
    }

    /**
     * The calendar file (.ics) of the follow-up proposed in a chat the principal takes part in; NOT_FOUND without
     * one. The organisation's name goes into the event's summary.
     */
    byte[] followUpCalendar(Principal principal, String conversationId) {
        FollowUpRecorded followUp = chats.outcomes().plannedFollowUp(principal, conversationId);
        String organisation = store.organisations().byId(principal.organisationId())
                .map(o -> o.name()).orElse("");
        return FollowUpCalendar.write(followUp, organisation, conversationId, chats.outcomes().now());
    }

    /** What the principal is part of right now (HelloOk), so a reconnecting client or professional can resume. */
    List<ActiveItem> activeItems(Principal principal) {
        List<ActiveItem> items = new ArrayList<>();
        if (principal.isAnonymous()) {
            for (Queue.Entry e : store.queue().activeOf(principal.id())) {
                items.add(ActiveItem.newBuilder().setConversationId(e.conversationId())
                        .setKind(ConversationKind.OFFICE_HOUR_CHAT).setQueueEntryId(e.id())
                        .setOfficeHourId(e.officeHourId()).setQueueState(e.state()).build());
            }
            return items;
        }
        for (Conversations.Conversation c : store.conversations().openConversationsOf(principal.id())) {
            if (OfficeHourOwner.officeHourOf(c).isEmpty()) {
                continue;   // another capability's (e.g. a room): it contributes its own items
            }
            ActiveItem.Builder item = ActiveItem.newBuilder().setConversationId(c.id()).setKind(c.kind());
            OfficeHourOwner.officeHourOf(c).ifPresent(item::setOfficeHourId);
            store.queue().byConversation(c.id()).ifPresent(e -> item.setQueueEntryId(e.id())
                    .setQueueState(e.state()));
            items.add(item.build());
        }
        return items;
    }

    List<String> onDutyOfficeHourIds(Principal principal) {
        return desk.onDutyOfficeHourIds(principal);
    }

    // ------------------------------------------------------------------ the parts, for the request wiring

    ClientQueue clients() {
        return clients;
    }

    ProfessionalDesk desk() {
        return desk;
    }

    ChatControl chats() {
        return chats;
    }

    ChatTransfer transfers() {
        return transfers;
    }

    OfflineMessageDesk offlineMessages() {
        return offlineMessages;
    }

    OfficeHourViews views() {
        return views;
    }

    Store store() {
        return store;
    }
}
