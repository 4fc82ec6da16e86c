package nl.spreekuur.server.calls;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import nl.spreekuur.server.config.CallsConfig;
import nl.spreekuur.server.conversation.ConversationService;
import nl.spreekuur.server.ratelimit.RateLimiter;
import nl.spreekuur.server.session.Hub;
import nl.spreekuur.server.session.RequestRouter;
import nl.spreekuur.server.session.SessionRevocations;
import nl.spreekuur.server.store.Store;

/**
 * The video calls capability, assembled: call state, signalling relay, ICE server credentials, scheduled consults.
 * Production ({@code Services}) and the tests build it through {@link #create} only. The embedded STUN responder is
 * started separately ({@link StunResponder}), because its port must be known to hand out its URL.
 *
 * @param routes the HTTP part (consult link preview, join); register it with the server's routes
 * @param jobs   ring timeouts, calls of ended conversations, TURN credential renewal; run it periodically
 */
public record CallsModule(ConsultRoutes routes, CallJobs jobs) {

    /**
     * Registers the consult owner with the conversations, the call requests with the router and the exit listener
     * (revoked credentials leave their calls).
     *
     * @param publicUrl the URL people open (names the embedded STUN responder's host)
     * @param stunPort  the embedded STUN responder's port, 0 when it is off
     * @param clientTtl lifetime of the anonymous client credential a consult link hands out
     * @param linkLimiter the per-address limit of the consult link routes
     */
    public static CallsModule create(Store store, ConversationService conversations, Hub hub, Clock clock,
                                     RequestRouter router, SessionRevocations revocations, CallsConfig config,
                                     String publicUrl, int stunPort, Duration clientTtl, RateLimiter linkLimiter) {
        conversations.registerOwner(ConsultOwner.CAPABILITY, new ConsultOwner());
        CallContext ctx = new CallContext(store, conversations, hub, clock, config,
                new CallMachine(clock, config.ringTimeout(), config.maxParticipants()),
                new IceServerCredentials(config, publicUrl, stunPort));
        CallDesk desk = new CallDesk(ctx);
        ScheduledConsults consults = new ScheduledConsults(ctx, clientTtl);
        new CallRequests(ctx, desk, new Signalling(desk), consults).register(router);
        CallExits exits = new CallExits(ctx, desk, revocations);
        router.listen(exits);
        conversations.beforeEnd(exits::conversationEnding);
        return new CallsModule(new ConsultRoutes(ctx, consults, linkLimiter), new CallJobs(ctx, desk));
    }

    /**
     * What {@code --demo} prints about calls: the STUN URL browsers get (configured, or the embedded responder's)
     * and, when configured, the TURN URLs (never the secret). The same URLs {@link IceServerCredentials} hands out.
     */
    public static List<String> describeIceServers(CallsConfig config, String publicUrl) {
        IceServerCredentials servers = new IceServerCredentials(config, publicUrl, config.stunPort());
        List<String> stun = servers.urls().stream().filter(url -> url.startsWith("stun:")).toList();
        List<String> lines = new ArrayList<>();
        lines.add(stun.isEmpty() ? "Video, STUN:       none (calls.stun-port=0, calls.stun-urls empty)"
                : "Video, STUN:       " + String.join(", ", stun)
                + (config.stunUrls().isEmpty() ? "  (embedded responder, UDP)" : ""));
        if (config.turnConfigured()) {
            lines.add("Video, TURN:       " + String.join(", ", config.turnUrls()) + "  (time-limited credentials, "
                    + config.turnTtl().toSeconds() + " s)");
        }
        return lines;
    }
}
