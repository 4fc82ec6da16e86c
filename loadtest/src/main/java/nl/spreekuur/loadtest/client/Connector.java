package nl.spreekuur.loadtest.client;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * Opens connections over several target URLs (round robin) and several local source addresses (one Jetty
 * {@link HttpClient} per address, so a loopback test can exceed ~28,000 ports per source/target pair).
 * It also fetches tokens over the HTTP API of the same targets.
 */
public final class Connector implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final List<URI> targets;
    private final URI staffTarget;
    private final List<WebSocketClient> clients = new ArrayList<>();
    private final Encoding encoding;
    private final AtomicInteger next = new AtomicInteger();

    public Connector(List<URI> targets, List<String> sourceAddresses, Encoding encoding) {
        this(targets, null, sourceAddresses, encoding);
    }

    /** @param staffTarget where professionals connect ({@link #openStaff}, {@link #loginStaff}); null: the targets */
    public Connector(List<URI> targets, URI staffTarget, List<String> sourceAddresses, Encoding encoding) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("at least one --url is required");
        }
        this.targets = List.copyOf(targets);
        this.staffTarget = staffTarget;
        this.encoding = encoding;
        List<String> sources = sourceAddresses.isEmpty() ? java.util.Collections.singletonList(null) : sourceAddresses;
        QueuedThreadPool threads = new QueuedThreadPool(Math.max(16, Runtime.getRuntime().availableProcessors() * 8));
        threads.setName("loadtest-io");
        threads.setDaemon(true);
        for (String source : sources) {
            HttpClient http = new HttpClient();
            http.setExecutor(threads);
            http.setConnectTimeout(TIMEOUT.toMillis());
            http.setIdleTimeout(TIMEOUT.toMillis());
            http.setMaxConnectionsPerDestination(64);
            if (source != null) {
                http.setBindAddress(new InetSocketAddress(source, 0));
            }
            WebSocketClient client = new WebSocketClient(http);
            client.setIdleTimeout(Duration.ofMinutes(10));
            client.setMaxBinaryMessageSize(1024 * 1024);
            client.setMaxTextMessageSize(1024 * 1024);
            client.setStopAtShutdown(false);
            try {
                client.start();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the Jetty WebSocket client", e);
            }
            clients.add(client);
        }
    }

    public Encoding encoding() {
        return encoding;
    }

    /** Opens the n-th connection (target and source address chosen round robin by n). */
    public CompletableFuture<Connection> connect(int n) {
        return connect(n, targets.get(Math.floorMod(n, targets.size())));
    }

    private CompletableFuture<Connection> connect(int n, URI target) {
        WebSocketClient client = clients.get(Math.floorMod(n / targets.size(), clients.size()));
        Connection connection = new Connection(encoding);
        ClientUpgradeRequest request = new ClientUpgradeRequest(wsUri(target));
        request.setSubProtocols(encoding.subprotocol());
        // What the server's own web page would send: the server checks Origin on /ws (ws.check-origin).
        request.setHeader("Origin", origin(target));
        try {
            return client.connect(connection, request).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                    .thenApply(session -> connection);
        } catch (java.io.IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Opens a connection round robin and says Hello with the token. */
    public CompletableFuture<Connection> open(int n, String token) {
        return connect(n).thenCompose(connection -> connection.hello(token).thenApply(ok -> connection));
    }

    /** Opens a connection round robin whose Hello starts a new anonymous session of the organisation. */
    public CompletableFuture<Connection> openNewSession(int n, String organisation) {
        return connect(n).thenCompose(connection -> connection.helloNewSession(organisation)
                .thenApply(ok -> connection));
    }

    /** A professional's connection: to the staff target when one was given, else as {@link #open}. */
    public CompletableFuture<Connection> openStaff(int n, String token) {
        CompletableFuture<Connection> connecting = staffTarget == null ? connect(n) : connect(n, staffTarget);
        return connecting.thenCompose(connection -> connection.hello(token).thenApply(ok -> connection));
    }

    /** A professional's token: from the staff target when one was given, else as {@link #login}. */
    public String loginStaff(int n, String organisation, String username, String password) {
        return post(n, staffTarget, "/api/login", java.util.Map.of("organisation", organisation, "username",
                username, "password", password));
    }

    /** An anonymous client token ({@code POST /api/anonymous}) from the n-th target. */
    public String anonymousToken(int n, String organisation) {
        return post(n, "/api/anonymous", java.util.Map.of("organisation", organisation));
    }

    /** A staff token ({@code POST /api/login}). */
    public String login(int n, String organisation, String username, String password) {
        return post(n, "/api/login", java.util.Map.of("organisation", organisation, "username", username,
                "password", password));
    }

    private String post(int n, String path, java.util.Map<String, String> fields) {
        return post(n, null, path, fields);
    }

    private String post(int n, URI fixedTarget, String path, java.util.Map<String, String> fields) {
        URI target = fixedTarget != null ? fixedTarget : targets.get(Math.floorMod(n, targets.size()));
        HttpClient http = clients.get(Math.floorMod(n / targets.size(), clients.size())).getHttpClient();
        try {
            Struct.Builder request = Struct.newBuilder();
            fields.forEach((key, value) -> request.putFields(key,
                    com.google.protobuf.Value.newBuilder().setStringValue(value).build()));
            String json = JsonFormat.printer().print(request);
            ContentResponse response = http.POST(httpUri(target, path))
                    .body(new StringRequestContent("application/json", json))
                    .timeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).send();
            if (response.getStatus() != 200) {
                throw new ProtocolException("HTTP_" + response.getStatus(), path + " answered " + response.getStatus());
            }
            Struct.Builder body = Struct.newBuilder();
            JsonFormat.parser().ignoringUnknownFields().merge(response.getContentAsString(), body);
            return body.getFieldsOrThrow("token").getStringValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProtocolException("INTERRUPTED", path);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                 | InvalidProtocolBufferException | IllegalArgumentException e) {
            throw new ProtocolException("HTTP_FAILED", path + ": " + e.getClass().getSimpleName());
        }
    }

    /** {@code ws://host:port} or {@code ws://host:port/ws} → the WebSocket endpoint. */
    public static URI wsUri(URI target) {
        String path = target.getPath() == null || target.getPath().isEmpty() || target.getPath().equals("/")
                ? "/ws" : target.getPath();
        return URI.create(target.getScheme() + "://" + target.getRawAuthority() + path);
    }

    /**
     * The Origin a page of the target itself has ({@code ws://host:port} → {@code http://host:port}): allowed by a
     * server without {@code public-url}; a server with one needs the target's URL as its public-url or in
     * {@code ws.allowed-origins}.
     */
    public static String origin(URI target) {
        String scheme = "wss".equalsIgnoreCase(target.getScheme()) ? "https" : "http";
        return scheme + "://" + target.getRawAuthority();
    }

    /** The HTTP(S) URI of a path on the same host as a ws(s) target. */
    public static URI httpUri(URI target, String path) {
        String scheme = "wss".equalsIgnoreCase(target.getScheme()) ? "https" : "http";
        return URI.create(scheme + "://" + target.getRawAuthority() + path);
    }

    @Override
    public void close() {
        for (WebSocketClient client : clients) {
            try {
                client.stop();
                client.getHttpClient().stop();
            } catch (Exception e) {
                // stopping at the end of a run: nothing left to do with the error
            }
        }
    }
}
