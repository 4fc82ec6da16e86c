package nl.spreekuur.server.transport;

import io.netty.channel.Channel;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.Hello;
import nl.spreekuur.protocol.v1.HelloOk;
import nl.spreekuur.protocol.v1.Organisation;
import nl.spreekuur.protocol.v1.PrincipalKind;
import nl.spreekuur.protocol.v1.Role;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.auth.AnonymousSessions;
import nl.spreekuur.server.auth.IssuedSession;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.session.CloseCodes;
import nl.spreekuur.server.session.ErrorReplies;
import nl.spreekuur.server.store.Organisations;
import nl.spreekuur.server.store.ProtoTime;
import nl.spreekuur.server.redis.RedisUnavailableException;
import nl.spreekuur.server.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import nl.spreekuur.server.logging.ContentFreeStackTrace;

/**
 * Authentication of a connection. The first message must be Hello with a valid token, or one that starts a new
 * anonymous session, within the hello timeout (else 4000 "hello timeout"); anything else, or a bad, expired or
 * revoked token, ends the connection with SessionEnding and 1008 "unauthenticated". On success it registers the
 * {@link ChannelClientSession}, asks the application for its HelloOk, completes the transport-owned fields and
 * answers with the Hello's request_id.
 *
 * <p>One per connection. {@link #start} runs on the channel's event loop when the upgrade completes; every other
 * method runs on the connection's {@link SerialExecutor} (the token check reads the store), never on the event loop.
 * The Hello deadline is a timer on the event loop (a serial executor cannot schedule) that hands the timeout to the
 * serial executor, behind whatever the connection sent before it. {@link #start} runs before any request of the
 * connection is handed to the executor, so every task sees the timer.
 */
final class HelloStage {
    private static final Logger log = LoggerFactory.getLogger(HelloStage.class);

    private enum State { WAITING, AUTHENTICATED, REFUSED }

    private final TransportServices services;
    private final Channel channel;
    private final Executor executor;
    private State state = State.WAITING;
    private ScheduledFuture<?> timeout;
    private ChannelClientSession session;

    HelloStage(TransportServices services, Channel channel, Executor executor) {
        this.services = services;
        this.channel = channel;
        this.executor = executor;
    }

    /** The WebSocket upgrade completed: the Hello deadline starts (on the channel's event loop). */
    void start() {
        long millis = services.config().helloTimeout().toMillis();
        timeout = channel.eventLoop().schedule(() -> executor.execute(this::onTimeout), millis,
                TimeUnit.MILLISECONDS);
    }

    /** The authenticated session, or null before (or without) a successful Hello. */
    ChannelClientSession session() {
        return session;
    }

    private void onTimeout() {
        if (state == State.WAITING) {
            state = State.REFUSED;
            HelloSlots.release(channel);
            services.metrics().handshake(false, "hello-timeout");
            WsConnection connection = WsConnection.of(channel);
            if (connection != null) {
                connection.close(CloseCodes.HELLO_TIMEOUT, "hello timeout");
            }
        }
    }

    /** A message before authentication completed. */
    void onMessage(ClientMessage message) {
        if (state != State.WAITING) {
            return;
        }
        if (timeout != null) {
            timeout.cancel(false);
        }
        HelloSlots.release(channel);
        WsConnection connection = WsConnection.of(channel);
        if (!message.hasHello()) {
            refuse(connection, "not-hello");
            return;
        }
        Hello hello = message.getHello();
        if (hello.hasNewAnonymousSession()) {
            startSession(connection, message.getRequestId(), hello);
            return;
        }
        Optional<Principal> principal;
        try {
            principal = services.authenticator().authenticate(hello.getToken());
        } catch (StoreException | RedisUnavailableException e) {
            state = State.REFUSED;
            unavailable(connection, message.getRequestId());
            return;
        }
        if (principal.isEmpty()) {
            refuse(connection, "token");
            return;
        }
        accept(connection, message.getRequestId(), principal.get(), Optional.empty());
    }

    /**
     * A Hello that starts a new anonymous session instead of bringing a token: the same steps and limits as
     * {@code POST /api/anonymous} ({@link AnonymousSessions}); a refusal is an Error with the Hello's request_id,
     * then 1008 "unauthenticated". Proof of work is not offered here: under pressure the client is told to use the
     * HTTP route, which hands out the challenge.
     */
    private void startSession(WsConnection connection, String requestId, Hello hello) {
        String organisation = hello.getNewAnonymousSession().getOrganisation().trim();
        if (!hello.getToken().isEmpty()) {
            refuse(connection, "token-and-new-session");
            return;
        }
        if (organisation.isEmpty()) {
            refuse(connection, requestId, ErrorCode.INVALID_ARGUMENT, "organisation is required", "new-session");
            return;
        }
        AnonymousSessions.Outcome outcome;
        try {
            outcome = services.anonymousSessions().start(organisation, connection.clientAddress(), () -> false);
        } catch (StoreException | RedisUnavailableException e) {
            state = State.REFUSED;
            unavailable(connection, requestId);
            return;
        }
        switch (outcome.step()) {
            case RATE_LIMITED -> refuse(connection, requestId, ErrorCode.RATE_LIMITED,
                    AnonymousSessions.TOO_MANY_SESSIONS, "new-session-rate");
            case PROOF_OF_WORK_REQUIRED -> refuse(connection, requestId, ErrorCode.RATE_LIMITED,
                    "it is busy: start the session with POST /api/anonymous (proof of work)", "new-session-pow");
            case NO_SUCH_ORGANISATION -> refuse(connection, requestId, ErrorCode.NOT_FOUND, "no such organisation",
                    "new-session");
            case STARTED -> {
                IssuedSession issued = outcome.session().orElseThrow();
                accept(connection, requestId, issued.principal(), Optional.of(issued));
            }
        }
    }

    /** The store is needed and unavailable: Error UNAVAILABLE, then close 1011 "unavailable" (docs/protocol.md). */
    private void unavailable(WsConnection connection, String requestId) {
        services.metrics().handshake(false, "unavailable");
        connection.send(ErrorReplies.error(requestId, ErrorCode.UNAVAILABLE, "store unavailable; retry"));
        connection.close(CloseCodes.INTERNAL_ERROR, "unavailable");
    }

    private void refuse(WsConnection connection, String requestId, ErrorCode code, String message, String reason) {
        connection.send(ErrorReplies.error(requestId, code, message));
        refuse(connection, reason);
    }

    private void refuse(WsConnection connection, String reason) {
        state = State.REFUSED;
        services.metrics().handshake(false, reason);
        connection.close(CloseCodes.POLICY_VIOLATION, "unauthenticated");
    }

    /** @param started the session this Hello started, if it did (its token goes into HelloOk) */
    private void accept(WsConnection connection, String requestId, Principal principal,
                        Optional<IssuedSession> started) {
        if (!connection.isOpen()) {
            state = State.REFUSED;
            return;
        }
        ChannelClientSession session = new ChannelClientSession(connection, principal, started.isPresent());
        services.localSessions().add(session);
        // Counted after adding, so two Hellos at once cannot both slip under the limit.
        if (services.localSessions().ofTokenSession(principal.sessionId()).size()
                > services.config().limits().socketsPerToken()) {
            services.localSessions().remove(session);
            state = State.REFUSED;
            services.metrics().handshake(false, "sockets-per-token");
            connection.close(CloseCodes.TOO_MANY_CONNECTIONS, "too many connections");
            return;
        }
        // A revocation announced while the token was checked closed only the sockets registered then.
        if (services.revocations().isRevoked(principal.sessionId())) {
            services.localSessions().remove(session);
            refuse(connection, "token");
            return;
        }
        state = State.AUTHENTICATED;
        this.session = session;
        HelloOk helloOk;
        try {
            HelloOk fromApplication = services.application().onAuthenticated(session);
            HelloOk.Builder ok = fromApplication == null ? HelloOk.newBuilder() : fromApplication.toBuilder();
            started.ifPresent(issued -> {
                ok.setToken(issued.token());
                issued.organisation().ifPresent(org -> ok.setOrganisation(organisation(org)));
            });
            helloOk = complete(ok, principal);
        } catch (StoreException | RedisUnavailableException e) {
            // The token was fine (possibly from the cache), but the store is needed to accept the connection: the
            // same answer as a store outage during the token check.
            unavailable(connection, requestId);
            return;
        } catch (RuntimeException e) {
            log.warn("application failed to accept {}: {}", principal.auditName(), e.getClass().getName());
            log.debug("stack trace (messages left out):\n{}", ContentFreeStackTrace.of(e));
            connection.close(CloseCodes.INTERNAL_ERROR, "internal error");
            return;
        }
        session.sendHelloOk(ServerMessage.newBuilder().setRequestId(requestId).setHelloOk(helloOk).build());
        services.metrics().handshake(true, "ok");
        log.debug("{} authenticated on {}", principal.auditName(), connection.id());
    }

    private HelloOk complete(HelloOk.Builder ok, Principal principal) {
        ok.setHeartbeatSeconds((int) Math.max(1, services.config().heartbeatInterval().toSeconds()))
                .setMaxFrameBytes(services.config().maxFrameBytes())
                .setServerVersion(ServerVersion.current());
        if (!ok.hasExpiresAt()) {
            ok.setExpiresAt(ProtoTime.of(principal.expiresAt()));
        }
        if (ok.getPrincipalId().isEmpty()) {
            ok.setPrincipalId(principal.id());
        }
        if (ok.getKind() == PrincipalKind.PRINCIPAL_KIND_UNSPECIFIED) {
            ok.setKind(switch (principal.kind()) {
                case STAFF -> PrincipalKind.STAFF;
                case ANONYMOUS_CLIENT -> PrincipalKind.ANONYMOUS_CLIENT;
                case ROOM_MEMBER -> PrincipalKind.ROOM_MEMBER;
            });
        }
        if (ok.getDisplayName().isEmpty()) {
            ok.setDisplayName(principal.displayName());
        }
        if (ok.getRolesCount() == 0) {
            principal.roles().stream().sorted().forEach(role -> ok.addRoles(Role.valueOf("ROLE_" + role.name())));
        }
        if (!ok.hasOrganisation() && principal.organisationId() != null) {
            services.store().organisations().byId(principal.organisationId())
                    .ifPresent(org -> ok.setOrganisation(organisation(org)));
        }
        return ok.build();
    }

    private static Organisation organisation(Organisations.Organisation org) {
        return Organisation.newBuilder().setId(org.id()).setSlug(org.slug()).setName(org.name()).build();
    }

    /** The socket closed. */
    void stop() {
        HelloSlots.release(channel);
        if (state == State.WAITING) {
            state = State.REFUSED;
        }
        if (timeout != null) {
            timeout.cancel(false);
        }
    }
}
