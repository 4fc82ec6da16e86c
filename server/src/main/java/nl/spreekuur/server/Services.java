package nl.spreekuur.server;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import nl.spreekuur.protocol.v1.HelloOk;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.server.accounts.AccountRequests;
import nl.spreekuur.server.accounts.SecondFactorRequests;
import nl.spreekuur.server.privacy.AuditLogRequests;
import nl.spreekuur.server.privacy.AuditLogRoutes;
import nl.spreekuur.server.privacy.PrivacyRequests;
import nl.spreekuur.server.audit.Auditor;
import nl.spreekuur.server.calls.CallsModule;
import nl.spreekuur.server.calls.StunResponder;
import nl.spreekuur.server.cannedresponses.CannedResponseRequests;
import nl.spreekuur.server.config.ServerConfig;
import nl.spreekuur.server.conversation.ConversationRequests;
import nl.spreekuur.server.conversation.ConversationService;
import nl.spreekuur.server.conversation.ConversationSettings;
import nl.spreekuur.server.effects.EffectsJob;
import nl.spreekuur.server.effects.EffectsRoutes;
import nl.spreekuur.server.officehours.OfficeHourDemo;
import nl.spreekuur.server.officehours.OfficeHourRoutes;
import nl.spreekuur.server.officehours.OfficeHoursModule;
import nl.spreekuur.server.officehours.OfficeHoursSettings;
import nl.spreekuur.server.officehours.QueueFloodGuard;
import nl.spreekuur.server.presence.NodePresence;
import nl.spreekuur.server.retention.CompactionSchedule;
import nl.spreekuur.server.retention.RetentionJob;
import nl.spreekuur.server.rooms.RoomDemo;
import nl.spreekuur.server.rooms.RoomsModule;
import nl.spreekuur.server.session.Application;
import nl.spreekuur.server.session.ClientSession;
import nl.spreekuur.server.session.Hub;
import nl.spreekuur.server.session.RequestRouter;
import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.store.Organisations.Organisation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles the services of one node on top of the server core: the hub (the broker listener and local fan-out),
 * the conversation stream, office hours and account management, their HTTP routes and their background jobs.
 * This is the production wiring; tests assemble the same pieces.
 */
public final class Services implements ApplicationFactory {
    private static final Logger log = LoggerFactory.getLogger(Services.class);

    @Override
    public Application create(ServerContext context) {
        ServerConfig config = context.config();
        ExecutorService background = Executors.newFixedThreadPool(2, new DefaultThreadFactory("spreekuur-fanout", true));
        Hub hub = new Hub(context.broker(), context.localSessions(), context.store().conversations(), background);
        hub.start();
        NodePresence presence = new NodePresence(context.presenceManager());
        Auditor auditor = new Auditor(context.store().audit(), context.clock());
        CompactionSchedule compaction = new CompactionSchedule(context.store(), context.clock(),
                config.embeddedStore() && config.storeCompactAfterPurge(), config.storeCompactMinInterval(),
                config.embeddedStore() ? new CompactionSchedule.DeadSpace(config.storeCompactDeadSpacePercent(),
                        config.storeCompactDeadSpaceMinBytes(), config.storeCompactDeadSpaceQuiet())
                        : CompactionSchedule.DeadSpace.OFF);
        ConversationService conversations = new ConversationService(context.store().conversations(), hub, presence,
                auditor, context.clock(), conversationSettings(config));
        // content deleted by a capability (a room deleted, a message erased, a consult's retention) leaves the
        // embedded store's files at the next compaction, as content purged by the retention jobs does
        conversations.afterContentDeleted(compaction::contentDeleted);
        RequestRouter router = new RequestRouter(hub);
        new ConversationRequests(conversations).register(router);
        // The same assembly the office-hour service tests use.
        OfficeHoursModule officeHours = OfficeHoursModule.create(context.store(), conversations, hub, presence,
                auditor, context.clock(), context.metrics(), background, officeHoursSettings(config), router,
                context.revocations(), new QueueFloodGuard(context.rateLimiter(), config.limits(),
                        config.anonymousSessionTtl(), context.clock(), context.metrics()));
        new AccountRequests(context.store().accounts(), context.passwords(), context.revocations(), auditor)
                .register(router);
        new SecondFactorRequests(context.store().accounts(), context.store().organisations(), context.secondFactor(),
                context.revocations(), auditor).register(router);
        new PrivacyRequests(context.store(), conversations, context.revocations(), auditor, context.clock(),
                compaction::contentDeleted)
                .register(router);
        new AuditLogRequests(context.store().audit(), context.store().accounts(), auditor, context.clock())
                .register(router);
        new AuditLogRoutes(context.store().audit(), context.store().accounts(), context.authenticator(), auditor,
                context.clock()).register(context.routes());
        new CannedResponseRequests(context.store().cannedResponses(), context.clock()).register(router);
        new OfficeHourRoutes(officeHours.service(), context.authenticator()).register(context.routes());
        RoomsModule rooms = RoomsModule.create(context.store(), conversations, hub, auditor, context.clock(), router,
                context.revocations(), config.rooms(), context.rateLimiter());
        rooms.routes().register(context.routes());
        StunResponder stun = startStun(config);
        CallsModule calls = CallsModule.create(context.store(), conversations, hub, context.clock(), router,
                context.revocations(), config.calls(), config.publicUrl(0), stun == null ? 0 : stun.port(),
                config.anonymousSessionTtl(), context.rateLimiter());
        calls.routes().register(context.routes());

        new EffectsRoutes(context.store(), context.authenticator(), auditor, context.clock())
                .register(context.routes());
        EffectsJob effectsJob = new EffectsJob(context.store(), context.clock(), config.effectsRecomputeDays());

        RetentionJob retentionJob = new RetentionJob(context.store(), context.clock(), config.sessionRetention(),
                config.auditRetention());
        ScheduledExecutorService jobs = Executors.newSingleThreadScheduledExecutor(
                new DefaultThreadFactory("spreekuur-jobs", true));
        jobs.scheduleWithFixedDelay(() -> {
            int purged = officeHours.jobs().runOnce();
            purged += rooms.jobs().runOnce();
            calls.jobs().runOnce();
            purged += retentionJob.runOnce();
            // deleted content leaves the embedded store's files too (issue 13)
            compaction.afterRetention(purged);
        }, config.jobInterval().toMillis(), config.jobInterval().toMillis(), TimeUnit.MILLISECONDS);
        // Effect measurement: a first run soon after start, then every effects.job-interval-minutes (every node runs
        // it; a period is replaced whole in one transaction, so the result is the same).
        // Its own thread, so that a long aggregation never delays closing time or grace periods.
        ScheduledExecutorService effects = Executors.newSingleThreadScheduledExecutor(
                new DefaultThreadFactory("spreekuur-effects", true));
        effects.scheduleWithFixedDelay(effectsJob::runOnce, Math.min(60_000, config.effectsJobInterval().toMillis()),
                config.effectsJobInterval().toMillis(), TimeUnit.MILLISECONDS);
        long refresh = NodePresence.REFRESH_INTERVAL.toMillis();
        jobs.scheduleWithFixedDelay(() -> refreshPresence(presence), refresh, refresh, TimeUnit.MILLISECONDS);
        return new StoppableApplication(router, () -> {
            jobs.shutdownNow();
            effects.shutdownNow();
            background.shutdownNow();
            int left = presence.leaveAll(); // a drain leaves no presence behind (normally the disconnects did it)
            if (left > 0) {
                log.info("removed {} presence entries left on stop", left);
            }
            if (stun != null) {
                stun.close();
            }
        });
    }

    /** The embedded STUN responder on {@code calls.stun-port}; null when off or when the port is taken. */
    private static StunResponder startStun(ServerConfig config) {
        if (config.calls().stunPort() == 0) {
            return null;
        }
        try {
            StunResponder stun = StunResponder.start(config.bind(), config.calls().stunPort());
            log.info("STUN responder on UDP port {}", stun.port());
            return stun;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) { // Netty rethrows the BindException of a taken port unchecked
            log.warn("STUN responder not started on UDP port {}: {}", config.calls().stunPort(),
                    e.getClass().getName());
            return null;
        }
    }

    private static void refreshPresence(NodePresence presence) {
        try {
            presence.refresh();
        } catch (RuntimeException e) {
            log.warn("presence refresh failed: {}", e.getClass().getName());
        }
    }

    static ConversationSettings conversationSettings(ServerConfig config) {
        return new ConversationSettings(config.chatMaxTextChars(), ConversationSettings.DEFAULT_HISTORY_PAGE_MAX);
    }

    static OfficeHoursSettings officeHoursSettings(ServerConfig config) {
        return new OfficeHoursSettings(config.noConsentGrace(), config.offlineMessageRetention(),
                config.endedQueueEntryRetention(), config.staffOffDutyGrace(), config.minimumChatTime(),
                config.pickUpTime());
    }

    /**
     * The services' part of {@code --demo}: office hours with the demo professional on duty, and the group room
     * "Mantelzorgers Noord" moderated by them, with its invite link.
     */
    public static List<String> seedDemo(ServerContext context, Organisation organisation, Account professional) {
        OfficeHourDemo.seed(context.store(), organisation.id(), professional.id(), context.clock().instant());
        String invite = RoomDemo.seed(context.store(), organisation.id(), professional, context.clock().instant());
        String base = DemoSeeder.BASE_URL;
        log.debug("demo office hours and group room seeded");
        List<String> lines = new ArrayList<>(List.of(
                "Client, open now:  " + base + "s/" + organisation.slug() + "/" + OfficeHourDemo.OPEN_SLUG,
                "Client, closed:    " + base + "s/" + organisation.slug() + "/" + OfficeHourDemo.EVENING_SLUG,
                "Group room invite: " + base + "g/" + invite + "  (" + RoomDemo.NAME + ")"));
        lines.addAll(CallsModule.describeIceServers(context.config().calls(), context.config().publicUrl(0)));
        return List.copyOf(lines);
    }

    /** The router plus a hook to stop the background work when the server stops. */
    private record StoppableApplication(RequestRouter router, Runnable onClose) implements Application {
        @Override
        public HelloOk onAuthenticated(ClientSession session) {
            return router.onAuthenticated(session);
        }

        @Override
        public void onMessage(ClientSession session, ClientMessage message) {
            router.onMessage(session, message);
        }

        @Override
        public void onDisconnected(ClientSession session) {
            router.onDisconnected(session);
        }

        @Override
        public void close() {
            onClose.run();
        }
    }
}
