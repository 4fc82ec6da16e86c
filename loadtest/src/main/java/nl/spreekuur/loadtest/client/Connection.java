package nl.spreekuur.loadtest.client;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.Hello;
import nl.spreekuur.protocol.v1.HelloOk;
import nl.spreekuur.protocol.v1.NewAnonymousSession;
import nl.spreekuur.protocol.v1.ServerMessage;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One Spreekuur WebSocket: requests are answered through futures matched by {@code request_id}, pushes (empty
 * request id) go to the push handler, and an unexpected close is reported once to the close handler.
 */
public final class Connection implements Session.Listener.AutoDemanding {
    /** How a connection ended: close code and reason (1006 when the socket dropped). */
    public record Closed(int code, String reason) {
    }

    private final Encoding encoding;
    private final Map<String, CompletableFuture<ServerMessage>> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private volatile Consumer<ServerMessage> pushHandler = message -> { };
    private volatile Consumer<String> decodeErrors = problem -> { };
    private volatile Session session;
    private volatile boolean closing;

    Connection(Encoding encoding) {
        this.encoding = encoding;
    }

    public void onPush(Consumer<ServerMessage> handler) {
        this.pushHandler = handler;
    }

    public void onDecodeError(Consumer<String> handler) {
        this.decodeErrors = handler;
    }

    /** Completes when the connection is gone. */
    public CompletableFuture<Closed> closed() {
        return closed;
    }

    /** True when the tool itself closed the connection (so the close is not an error). */
    public boolean closedByUs() {
        return closing;
    }

    public CompletableFuture<HelloOk> hello(String token) {
        return hello(Hello.newBuilder().setToken(token));
    }

    /** Hello that starts a new anonymous session of the organisation; HelloOk carries its token. */
    public CompletableFuture<HelloOk> helloNewSession(String organisation) {
        return hello(Hello.newBuilder().setNewAnonymousSession(NewAnonymousSession.newBuilder()
                .setOrganisation(organisation)));
    }

    private CompletableFuture<HelloOk> hello(Hello.Builder hello) {
        return request(ClientMessage.newBuilder().setHello(hello.setClient("spreekuur-loadtest/1")))
                .thenApply(answer -> {
                    if (!answer.hasHelloOk()) {
                        throw new ProtocolException(answer.hasError() ? answer.getError().getCode().name()
                                : "NO_HELLO_OK", "Hello answered with " + answer.getBodyCase());
                    }
                    return answer.getHelloOk();
                });
    }

    /** Sends a request with a fresh request id; the future completes with the answer (an Error too). */
    public CompletableFuture<ServerMessage> request(ClientMessage.Builder message) {
        String id = Long.toString(nextId.incrementAndGet(), 36);
        CompletableFuture<ServerMessage> answer = new CompletableFuture<>();
        pending.put(id, answer);
        Session current = session;
        if (current == null || !current.isOpen()) {
            pending.remove(id);
            answer.completeExceptionally(new ProtocolException("CONNECTION_CLOSED", "connection is closed"));
            return answer;
        }
        ClientMessage built = message.setRequestId(id).build();
        Callback failed = Callback.from(() -> { }, error -> {
            CompletableFuture<ServerMessage> gone = pending.remove(id);
            if (gone != null) {
                gone.completeExceptionally(new ProtocolException("SEND_FAILED", String.valueOf(error)));
            }
        });
        if (encoding == Encoding.JSON) {
            current.sendText(Encoding.toJson(built), failed);
        } else {
            current.sendBinary(ByteBuffer.wrap(built.toByteArray()), failed);
        }
        return answer;
    }

    /** Requests still waiting for an answer. */
    public int pendingRequests() {
        return pending.size();
    }

    /** Closes with 1000 (a normal goodbye). */
    public void close() {
        closing = true;
        Session current = session;
        if (current != null && current.isOpen()) {
            current.close(1000, "bye", Callback.NOOP);
        }
    }

    /** Drops the TCP connection without a close handshake, as a phone losing its network would. */
    public void drop() {
        closing = true;
        Session current = session;
        if (current != null) {
            current.disconnect();
        }
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        try {
            dispatch(ServerMessage.parseFrom(payload));
        } catch (InvalidProtocolBufferException e) {
            decodeErrors.accept("undecodable binary frame");
        } finally {
            callback.succeed();
        }
    }

    @Override
    public void onWebSocketText(String text) {
        try {
            dispatch(Encoding.fromJson(text));
        } catch (InvalidProtocolBufferException e) {
            decodeErrors.accept("undecodable text frame");
        }
    }

    private void dispatch(ServerMessage message) {
        String id = message.getRequestId();
        if (!id.isEmpty()) {
            CompletableFuture<ServerMessage> answer = pending.remove(id);
            if (answer != null) {
                answer.complete(message);
                return;
            }
        }
        pushHandler.accept(message);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        finish(new Closed(statusCode, reason));
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        finish(new Closed(1006, cause.getClass().getSimpleName()));
    }

    private void finish(Closed how) {
        closed.complete(how);
        ProtocolException gone = new ProtocolException("CONNECTION_CLOSED", "closed with " + how.code());
        pending.values().forEach(answer -> answer.completeExceptionally(gone));
        pending.clear();
    }
}
