package nl.spreekuur.server.officehours;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.Executor;
import nl.spreekuur.server.audit.Auditor;
import nl.spreekuur.server.conversation.ConversationService;
import nl.spreekuur.server.presence.PresenceManager;
import nl.spreekuur.server.session.Hub;
import nl.spreekuur.server.session.RequestRouter;
import nl.spreekuur.server.store.Store;

/**
 * The office-hour capability, assembled. Production ({@code Services}) and the service tests build it through
 * {@link #create} only, so what is tested is what runs.
 *
 * @param service  public status, statistics and what a principal is part of (HTTP API, HelloOk)
 * @param requests the request handlers and per-connection state, already registered with the router
 * @param jobs     grace periods, closing time, vanished professionals and retention; run them periodically
 */
public record OfficeHoursModule(OfficeHoursService service, OfficeHourRequests requests, OfficeHourJobs jobs) {

    /**
     * @param refreshExecutor runs queue-view recomputations off the broker thread (they read the store)
     */
    public static OfficeHoursModule create(Store store, ConversationService conversations, Hub hub,
                                           PresenceManager presence, Auditor auditor, Clock clock,
                                           MeterRegistry meters, Executor refreshExecutor,
                                           OfficeHoursSettings settings, RequestRouter router) {
        RetentionPolicy retention = settings.retention();
        OfficeHourLookup lookup = new OfficeHourLookup(store);
        OfficeHourViews views = new OfficeHourViews(store, clock, settings.admission(), lookup);
        OfficeHourChanges changes = new OfficeHourChanges(hub);
        OfficeHourFacts facts = new OfficeHourFacts(store.statistics(), meters, clock);
        ChatEnding ending = new ChatEnding(store, conversations, facts, retention, changes, clock);
        OfficeHoursService service = new OfficeHoursService(store,
                new OfficeHourDefinitions(store, views, lookup, changes, auditor),
                new ClientQueue(store, conversations, views, lookup, ending, facts, changes, clock),
                new ProfessionalDesk(store, conversations, views, lookup, facts, changes, auditor, clock),
                new ChatControl(store, conversations, lookup, ending, retention, changes, hub, auditor),
                new ChatTransfer(store, conversations, views, lookup, facts, changes, hub, auditor, clock),
                new OfflineMessageDesk(store, lookup, facts, changes, auditor, clock),
                new OfficeHourStatistics(store, lookup),
                views);
        StaffPresence staffPresence = new StaffPresence(clock);
        OfficeHourRequests requests = new OfficeHourRequests(service, hub, presence, refreshExecutor, staffPresence);
        requests.register(router);
        OfficeHourJobs jobs = new OfficeHourJobs(store, ending, staffPresence, retention, changes,
                settings.staffOffDutyGrace(), clock);
        return new OfficeHoursModule(service, requests, jobs);
    }
}
