package nl.spreekuur.server.session;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import nl.spreekuur.protocol.v1.Ack;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.HelloOk;
import nl.spreekuur.protocol.v1.ServerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Application} the transport talks to: routes each decoded request to the handler its capability
 * registered for that message type, and turns failures into documented error codes. Capabilities (conversations,
 * office hours, later groups and calls) register themselves, so adding one touches no switch statement.
 */
public final class RequestRouter implements Application {
    private static final Logger log = LoggerFactory.getLogger(RequestRouter.class);

    private final Map<ClientMessage.BodyCase, RequestHandler> handlers = new EnumMap<>(ClientMessage.BodyCase.class);
    private final List<ConnectionListener> listeners = new ArrayList<>();
    private final List<Function<ClientSession, HelloOk>> helloContributors = new ArrayList<>();
    private final Hub hub;

    public RequestRouter(Hub hub) {
        this.hub = hub;
    }

    public RequestRouter on(ClientMessage.BodyCase type, RequestHandler handler) {
        if (handlers.putIfAbsent(type, handler) != null) {
            throw new IllegalStateException("two handlers for " + type);
        }
        return this;
    }

    /** Registers a request whose only answer is an Ack. */
    public RequestRouter onAck(ClientMessage.BodyCase type, RequestHandler handler) {
        return on(type, (session, request) -> {
            handler.handle(session, request);
            session.send(ServerMessage.newBuilder().setRequestId(request.getRequestId())
                    .setAck(Ack.getDefaultInstance()).build());
        });
    }

    public RequestRouter listen(ConnectionListener listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * Adds fields to the HelloOk (e.g. active conversations, duties); results are merged. Not asked for a session
     * its own Hello started ({@link ClientSession#startedByHello}): what it is part of is nothing yet.
     */
    public RequestRouter contributeToHello(Function<ClientSession, HelloOk> contributor) {
        helloContributors.add(contributor);
        return this;
    }

    public boolean handles(ClientMessage.BodyCase type) {
        return handlers.containsKey(type);
    }

    @Override
    public HelloOk onAuthenticated(ClientSession session) {
        hub.connectionOpened(session);
        listeners.forEach(l -> l.connectionOpened(session));
        HelloOk.Builder hello = HelloOk.newBuilder();
        if (session.startedByHello()) {
            return hello.build();
        }
        for (Function<ClientSession, HelloOk> contributor : helloContributors) {
            hello.mergeFrom(contributor.apply(session));
        }
        return hello.build();
    }

    @Override
    public void onMessage(ClientSession session, ClientMessage message) {
        RequestHandler handler = handlers.get(message.getBodyCase());
        if (handler == null) {
            ErrorReplies.send(session, message, ErrorCode.UNKNOWN_TYPE, "unsupported message type");
            return;
        }
        try {
            handler.handle(session, message);
        } catch (RuntimeException e) {
            ErrorReplies.sendFailure(session, message, e);
        }
    }

    @Override
    public void onDisconnected(ClientSession session) {
        for (ConnectionListener listener : listeners) {
            try {
                listener.connectionClosed(session);
            } catch (RuntimeException e) {
                log.warn("cleanup after disconnect failed in {}: {}", listener.getClass().getSimpleName(), e.toString());
            }
        }
        hub.connectionClosed(session);
    }
}
