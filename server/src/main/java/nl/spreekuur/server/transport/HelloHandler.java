package nl.spreekuur.server.transport;

import com.google.protobuf.Timestamp;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.Error;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.HelloOk;
import nl.spreekuur.protocol.v1.Organisation;
import nl.spreekuur.protocol.v1.PrincipalKind;
import nl.spreekuur.protocol.v1.Role;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.session.CloseCodes;
import nl.spreekuur.server.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authentication of a connection. The first message must be Hello with a valid token, within the hello timeout
 * (else 4000 "hello timeout"); anything else, or a bad, expired or revoked token, ends the connection with
 * SessionEnding and 1008 "unauthenticated". On success it registers the {@link ChannelClientSession}, asks the
 * application for its HelloOk, completes the transport-owned fields and answers with the Hello's request_id.
 *
 * <p>Runs on the application executor (the token check reads the store); after success it passes messages on.
 */
final class HelloHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(HelloHandler.class);

    private enum State { WAITING, AUTHENTICATED, REFUSED }

    private final TransportServices services;
    private State state = State.WAITING;
    private ScheduledFuture<?> timeout;

    HelloHandler(TransportServices services) {
        this.services = services;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof HandshakeComplete) {
            long millis = services.config().helloTimeout().toMillis();
            timeout = ctx.executor().schedule(() -> onTimeout(ctx), millis, TimeUnit.MILLISECONDS);
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void onTimeout(ChannelHandlerContext ctx) {
        if (state == State.WAITING) {
            state = State.REFUSED;
            services.metrics().handshake(false, "hello-timeout");
            WsConnection connection = WsConnection.of(ctx.channel());
            if (connection != null) {
                connection.close(CloseCodes.HELLO_TIMEOUT, "hello timeout");
            }
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (state == State.AUTHENTICATED) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (state == State.REFUSED || !(msg instanceof ClientMessage message)) {
            return;
        }
        if (timeout != null) {
            timeout.cancel(false);
        }
        WsConnection connection = WsConnection.of(ctx.channel());
        if (!message.hasHello()) {
            refuse(connection, "not-hello");
            return;
        }
        Optional<Principal> principal;
        try {
            principal = services.authenticator().authenticate(message.getHello().getToken());
        } catch (StoreException e) {
            state = State.REFUSED;
            services.metrics().handshake(false, "unavailable");
            connection.send(ServerMessage.newBuilder().setRequestId(message.getRequestId())
                    .setError(Error.newBuilder().setCode(ErrorCode.UNAVAILABLE).setMessage("store unavailable; retry")
                            .setRequestId(message.getRequestId()))
                    .build());
            connection.close(CloseCodes.INTERNAL_ERROR, "unavailable");
            return;
        }
        if (principal.isEmpty()) {
            refuse(connection, "token");
            return;
        }
        accept(ctx, connection, message.getRequestId(), principal.get());
    }

    private void refuse(WsConnection connection, String reason) {
        state = State.REFUSED;
        services.metrics().handshake(false, reason);
        connection.close(CloseCodes.POLICY_VIOLATION, "unauthenticated");
    }

    private void accept(ChannelHandlerContext ctx, WsConnection connection, String requestId, Principal principal) {
        if (!connection.isOpen()) {
            state = State.REFUSED;
            return;
        }
        state = State.AUTHENTICATED;
        ChannelClientSession session = new ChannelClientSession(connection, principal);
        ctx.channel().attr(ChannelClientSession.KEY).set(session);
        services.localSessions().add(session);
        HelloOk fromApplication;
        try {
            fromApplication = services.application().onAuthenticated(session);
        } catch (RuntimeException e) {
            log.warn("application failed to accept {}: {}", principal.auditName(), e.getClass().getName());
            log.debug("stack trace", e);
            connection.close(CloseCodes.INTERNAL_ERROR, "internal error");
            return;
        }
        HelloOk helloOk = complete(fromApplication == null ? HelloOk.newBuilder() : fromApplication.toBuilder(),
                principal);
        session.send(ServerMessage.newBuilder().setRequestId(requestId).setHelloOk(helloOk).build());
        services.metrics().handshake(true, "ok");
        log.debug("{} authenticated on {}", principal.auditName(), connection.id());
    }

    private HelloOk complete(HelloOk.Builder ok, Principal principal) {
        ok.setHeartbeatSeconds((int) Math.max(1, services.config().heartbeatInterval().toSeconds()))
                .setMaxFrameBytes(services.config().maxFrameBytes())
                .setServerVersion(ServerVersion.current());
        if (!ok.hasExpiresAt()) {
            ok.setExpiresAt(timestamp(principal.expiresAt()));
        }
        if (ok.getPrincipalId().isEmpty()) {
            ok.setPrincipalId(principal.id());
        }
        if (ok.getKind() == PrincipalKind.PRINCIPAL_KIND_UNSPECIFIED) {
            ok.setKind(principal.isStaff() ? PrincipalKind.STAFF : PrincipalKind.ANONYMOUS_CLIENT);
        }
        if (ok.getDisplayName().isEmpty()) {
            ok.setDisplayName(principal.displayName());
        }
        if (ok.getRolesCount() == 0) {
            principal.roles().stream().sorted().forEach(role -> ok.addRoles(Role.valueOf("ROLE_" + role.name())));
        }
        if (!ok.hasOrganisation() && principal.organisationId() != null) {
            services.store().organisations().byId(principal.organisationId()).ifPresent(org -> ok.setOrganisation(
                    Organisation.newBuilder().setId(org.id()).setSlug(org.slug()).setName(org.name())));
        }
        return ok.build();
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (timeout != null) {
            timeout.cancel(false);
        }
        ctx.fireChannelInactive();
    }
}
