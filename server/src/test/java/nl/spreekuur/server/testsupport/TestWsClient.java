package nl.spreekuur.server.testsupport;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.Hello;
import nl.spreekuur.protocol.v1.HelloOk;
import nl.spreekuur.protocol.v1.ServerMessage;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * A real WebSocket client (Jetty 12) for tests: connects with a subprotocol, sends {@link ClientMessage}s in the
 * negotiated encoding, and queues what arrives. Reading can be paused to play a client that stops reading.
 *
 * <pre>
 * try (TestWsClient ws = TestWsClient.connect(server.wsUri(), TestWsClient.JSON)) {
 *     HelloOk ok = ws.hello(token);
 *     ws.send(ClientMessage.newBuilder().setRequestId("1").setPing(Ping.getDefaultInstance()).build());
 *     assertThat(ws.next().hasPong()).isTrue();
 *     assertThat(ws.awaitClose().code()).isEqualTo(1008);
 * }
 * </pre>
 */
public final class TestWsClient implements AutoCloseable {
    public static final String PROTO = "spreekuur.v1.proto";
    public static final String JSON = "spreekuur.v1.json";
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser();
    private static WebSocketClient shared;

    /** How the connection ended: the close frame's code and reason (1006 when the socket just dropped). */
    public record CloseStatus(int code, String reason) {
    }

    private final Listener listener;
    private final Session session;
    private final String subprotocol;

    private TestWsClient(Listener listener, Session session) {
        this.listener = listener;
        this.session = session;
        this.subprotocol = session.getUpgradeResponse().getAcceptedSubProtocol();
    }

    /** One Jetty client for the whole test JVM (it owns thread pools); large limits so tests can send big frames. */
    public static synchronized WebSocketClient jetty() {
        if (shared == null) {
            WebSocketClient client = new WebSocketClient();
            client.setIdleTimeout(Duration.ofMinutes(2));
            client.setMaxBinaryMessageSize(16 * 1024 * 1024);
            client.setMaxTextMessageSize(16 * 1024 * 1024);
            client.setMaxFrameSize(16 * 1024 * 1024);
            client.setStopAtShutdown(true);
            try {
                client.start();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the Jetty WebSocket client", e);
            }
            shared = client;
        }
        return shared;
    }

    /**
     * Connects offering the given subprotocols (none = offer nothing), with the {@code Origin} a page of the
     * server itself would send ({@code http://host:port} of the URI: the same origin, which a server without
     * {@code public-url} allows).
     */
    public static TestWsClient connect(URI uri, String... subprotocols) throws Exception {
        return connectWithOrigin(uri, "http://" + uri.getHost() + ":" + uri.getPort(), subprotocols);
    }

    /** Connects with the given {@code Origin} header (null: none). */
    public static TestWsClient connectWithOrigin(URI uri, String origin, String... subprotocols) throws Exception {
        return connectWithHeaders(uri, origin == null ? java.util.Map.of() : java.util.Map.of("Origin", origin),
                subprotocols);
    }

    /**
     * Connects with the given upgrade headers (e.g. {@code X-Forwarded-For} with a trusted-proxy test server); add
     * {@code Origin} yourself.
     */
    public static TestWsClient connectWithHeaders(URI uri, java.util.Map<String, String> headers,
                                                  String... subprotocols) throws Exception {
        ClientUpgradeRequest request = new ClientUpgradeRequest(uri);
        headers.forEach(request::setHeader);
        if (subprotocols.length > 0) {
            request.setSubProtocols(subprotocols);
        }
        Listener listener = new Listener();
        Session session = jetty().connect(listener, request).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return new TestWsClient(listener, session);
    }

    /** The subprotocol the server accepted. */
    public String subprotocol() {
        return subprotocol;
    }

    public boolean isJson() {
        return JSON.equals(subprotocol);
    }

    /** Sends the message in the negotiated encoding. */
    public void send(ClientMessage message) {
        if (isJson()) {
            try {
                sendText(PRINTER.print(message));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalArgumentException(e);
            }
        } else {
            sendBinary(message.toByteArray());
        }
    }

    public void sendBinary(byte[] bytes) {
        session.sendBinary(ByteBuffer.wrap(bytes), Callback.NOOP);
    }

    public void sendText(String text) {
        listener.frames.add("→ " + text);
        session.sendText(text, Callback.NOOP);
    }

    /** Every text frame sent ("→ ") and received ("← ") so far, in order: the JSON encoding as it went over the wire. */
    public List<String> textFrames() {
        return List.copyOf(listener.frames);
    }

    /** One fragment of a text message (the last one with {@code last = true}). */
    public void sendPartialText(String fragment, boolean last) {
        session.sendPartialText(fragment, last, Callback.NOOP);
    }

    /** Sends Hello with the token and returns the HelloOk (fails on anything else). */
    public HelloOk hello(String token) throws InterruptedException {
        return hello(Hello.newBuilder().setToken(token));
    }

    /** Sends a Hello that starts a new anonymous session of the organisation; its HelloOk carries the token. */
    public HelloOk helloNewSession(String organisation) throws InterruptedException {
        return hello(Hello.newBuilder().setNewAnonymousSession(
                nl.spreekuur.protocol.v1.NewAnonymousSession.newBuilder().setOrganisation(organisation)));
    }

    private HelloOk hello(Hello.Builder hello) throws InterruptedException {
        send(ClientMessage.newBuilder().setRequestId("hello").setHello(hello.setClient("test/1")).build());
        ServerMessage answer = next();
        if (!answer.hasHelloOk() || !answer.getRequestId().equals("hello")) {
            throw new AssertionError("expected HelloOk, got " + answer);
        }
        return answer.getHelloOk();
    }

    /** The next message; fails if none arrives within {@link #TIMEOUT}. */
    public ServerMessage next() throws InterruptedException {
        return next(TIMEOUT);
    }

    public ServerMessage next(Duration timeout) throws InterruptedException {
        ServerMessage message = listener.messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("no message within " + timeout + (listener.closed.isDone()
                    ? "; closed with " + listener.closed.getNow(null) : ""));
        }
        return message;
    }

    /** Messages already received and not taken yet. */
    public List<ServerMessage> drain() {
        List<ServerMessage> out = new java.util.ArrayList<>();
        listener.messages.drainTo(out);
        return out;
    }

    /** Waits for the close (the server's close frame, or the socket dropping). */
    public CloseStatus awaitClose() throws Exception {
        return awaitClose(TIMEOUT);
    }

    public CloseStatus awaitClose(Duration timeout) throws Exception {
        try {
            return listener.closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("not closed within " + timeout, e);
        }
    }

    public boolean isClosed() {
        return listener.closed.isDone();
    }

    /** Frames that arrived in the wrong type for the subprotocol or did not decode (should stay empty). */
    public List<String> violations() {
        return List.copyOf(listener.violations);
    }

    /** WebSocket pings received from the server (answered with pongs). */
    public int pingsReceived() {
        return listener.pings.get();
    }

    /** Stops reading from the socket (no more demand), so the server's writes back up. */
    public void pauseReading() {
        listener.pause();
    }

    public void resumeReading() {
        listener.resume();
    }

    @Override
    public void close() {
        if (session.isOpen()) {
            session.close();
        }
    }

    /** Explicit demand, so reading can be paused. */
    public static final class Listener implements Session.Listener {
        private final BlockingQueue<ServerMessage> messages = new LinkedBlockingQueue<>();
        private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
        private final List<String> violations = new CopyOnWriteArrayList<>();
        private final List<String> frames = new CopyOnWriteArrayList<>();
        private final java.util.concurrent.atomic.AtomicInteger pings = new java.util.concurrent.atomic.AtomicInteger();
        private volatile Session session;
        private volatile String subprotocol;
        private boolean paused;
        private boolean demandOwed;

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
            this.subprotocol = session.getUpgradeResponse().getAcceptedSubProtocol();
            session.demand();
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            try {
                byte[] bytes = new byte[payload.remaining()];
                payload.get(bytes);
                if (JSON.equals(subprotocol)) {
                    violations.add("binary frame on " + subprotocol);
                } else {
                    messages.add(ServerMessage.parseFrom(bytes));
                }
            } catch (InvalidProtocolBufferException e) {
                violations.add("undecodable binary frame: " + e.getMessage());
            } finally {
                callback.succeed();
            }
            demandNext();
        }

        @Override
        public void onWebSocketText(String text) {
            frames.add("← " + text);
            if (!JSON.equals(subprotocol)) {
                violations.add("text frame on " + subprotocol);
            } else {
                try {
                    ServerMessage.Builder builder = ServerMessage.newBuilder();
                    PARSER.merge(text, builder);
                    messages.add(builder.build());
                } catch (InvalidProtocolBufferException e) {
                    violations.add("undecodable text frame: " + e.getMessage());
                }
            }
            demandNext();
        }

        @Override
        public void onWebSocketPing(ByteBuffer payload) {
            pings.incrementAndGet();
            session.sendPong(payload, Callback.NOOP);
            demandNext();
        }

        @Override
        public void onWebSocketPong(ByteBuffer payload) {
            demandNext();
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, Callback callback) {
            closed.complete(new CloseStatus(statusCode, reason));
            callback.succeed();
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            closed.complete(new CloseStatus(1006, String.valueOf(cause)));
        }

        private void demandNext() {
            synchronized (this) {
                if (paused) {
                    demandOwed = true;
                    return;
                }
            }
            session.demand();
        }

        synchronized void pause() {
            paused = true;
        }

        void resume() {
            boolean owed;
            synchronized (this) {
                paused = false;
                owed = demandOwed;
                demandOwed = false;
            }
            if (owed) {
                session.demand();
            }
        }
    }
}
