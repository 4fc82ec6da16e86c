package nl.spreekuur.server.rooms;

import java.time.Clock;
import nl.spreekuur.server.audit.Auditor;
import nl.spreekuur.server.config.RoomsConfig;
import nl.spreekuur.server.conversation.ConversationService;
import nl.spreekuur.server.ratelimit.RateLimiter;
import nl.spreekuur.server.session.Hub;
import nl.spreekuur.server.session.RequestRouter;
import nl.spreekuur.server.session.SessionRevocations;
import nl.spreekuur.server.store.Store;

/**
 * The peer-support group rooms capability, assembled. Production ({@code Services}) and the tests build it
 * through {@link #create} only.
 *
 * @param routes the HTTP part (invite preview, join); register it with the server's routes
 * @param jobs   rolling retention; run it periodically
 */
public record RoomsModule(RoomRoutes routes, RoomJobs jobs) {

    /**
     * Registers the room owner with the conversations and the room requests with the router.
     *
     * @param settings     the {@code rooms.*} settings (retention of knocks, talks and concerns; the knock limit)
     * @param knockLimiter counts the knock link's requests per client address
     */
    public static RoomsModule create(Store store, ConversationService conversations, Hub hub, Auditor auditor,
                                     Clock clock, RequestRouter router, SessionRevocations revocations,
                                     RoomsConfig settings, RateLimiter knockLimiter) {
        RoomCache cache = new RoomCache(store.rooms());
        OnlineVisibility visibility = new OnlineVisibility(store.roomPeople());
        conversations.registerOwner(RoomTalks.CAPABILITY, new TalkOwner(store.roomPeople()));
        RoomContext ctx = new RoomContext(store, conversations, revocations, clock, cache,
                new RoomAccess(store.rooms()));
        RoomSafetySettings safety = new RoomSafetySettings(ctx);
        RoomGuard guard = new RoomGuard(ctx, safety);
        conversations.registerOwner(RoomOwner.CAPABILITY, new RoomOwner(cache, clock, guard, visibility));
        RoomDefinitions definitions = new RoomDefinitions(ctx);
        RoomMembership membership = new RoomMembership(ctx);
        RoomMessages messages = new RoomMessages(ctx);
        new RoomRequests(ctx, definitions, new RoomInvites(ctx), membership, new RoomModeration(ctx, definitions),
                messages, new RoomDeletion(ctx, auditor), hub)
                .register(router);
        RoomAlerts alerts = new RoomAlerts(ctx, hub);
        new RoomSafetyRequests(safety, new RoomSafetyView(ctx, safety, guard), new RoomReports(ctx, safety, alerts),
                new RoomReview(ctx, guard, messages, safety, alerts, hub), new RoomAnnouncements(ctx))
                .register(router);
        RoomKnocks knocks = new RoomKnocks(ctx, hub, safety);
        new RoomPeopleRequests(knocks, new RoomTalks(ctx, hub, auditor), new RoomConcerns(ctx, auditor, alerts),
                new RoomMeetings(ctx, hub), new InvitePosters(ctx), new RoomLastSeen(ctx),
                new RoomBreaks(ctx, visibility)).register(router);
        return new RoomsModule(new RoomRoutes(ctx, membership, new RoomSafetyRoutes(ctx, safety),
                new KnockRoutes(knocks, settings, knockLimiter)),
                new RoomJobs(ctx, new RoomPeopleRetention(ctx, auditor, settings)));
    }
}
