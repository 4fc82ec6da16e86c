package nl.spreekuur.server.officehours;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.Executor;
import nl.spreekuur.server.audit.Auditor;
import nl.spreekuur.server.conversation.ConversationService;
import nl.spreekuur.server.presence.NodePresence;
import nl.spreekuur.server.session.Hub;
import nl.spreekuur.server.session.RequestRouter;
import nl.spreekuur.server.store.Store;
import nl.spreekuur.server.session.SessionRevocations;

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
     * @param revocations     announces a quick exit's revoked token to every node, as a logout does
     */
    public static OfficeHoursModule create(Store store, ConversationService conversations, Hub hub,
                                           NodePresence presence, Auditor auditor, Clock clock,
                                           MeterRegistry meters, Executor refreshExecutor,
                                           OfficeHoursSettings settings, RequestRouter router,
                                           SessionRevocations revocations) {
        return create(store, conversations, hub, presence, auditor, clock, meters, refreshExecutor, settings, router,
                revocations, QueueFloodGuard.unlimited());
    }

    /** @param flood the per-address limits of queue joins and offline messages, and the queue caps */
    public static OfficeHoursModule create(Store store, ConversationService conversations, Hub hub,
                                           NodePresence presence, Auditor auditor, Clock clock,
                                           MeterRegistry meters, Executor refreshExecutor,
                                           OfficeHoursSettings settings, RequestRouter router,
                                           SessionRevocations revocations, QueueFloodGuard flood) {
        conversations.registerOwner(OfficeHourOwner.CAPABILITY, new OfficeHourOwner(store.officeHourChats()));
        OfficeHourLookup lookup = new OfficeHourLookup(store);
        OfficeHourViews views = new OfficeHourViews(store, clock, settings.admission(), lookup);
        QueueBroadcaster broadcaster = new QueueBroadcaster(views, store, hub, refreshExecutor);
        OfficeHourContext ctx = new OfficeHourContext(store, conversations, hub, auditor, clock, settings.retention(),
                lookup, views, new OfficeHourFacts(store.statistics(), meters, clock),
                new OfficeHourChanges(broadcaster), flood);
        ChatEnding ending = new ChatEnding(ctx);
        OfficeHoursService service = new OfficeHoursService(store, new OfficeHourDefinitions(ctx),
                new ClientQueue(ctx, ending), new ProfessionalDesk(ctx, ending), new ChatControl(ctx, ending),
                new ChatTransfer(ctx), new OfflineMessageDesk(ctx), new OfficeHourStatistics(ctx),
                ctx.views());
        StaffPresence staffPresence = new StaffPresence(clock, presence);
        OfficeHourRequests requests = new OfficeHourRequests(service, hub, presence, broadcaster, staffPresence,
                revocations, flood);
        requests.register(router);
        new ChatNoteDesk(ctx).register(router);
        new WhatNowDesk(ctx).register(router);
        OfficeHourJobs jobs = new OfficeHourJobs(ctx, ending, staffPresence, settings.staffOffDutyGrace());
        return new OfficeHoursModule(service, requests, jobs);
    }
}
