package nl.spreekuur.server.testsupport;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.WeeklySlot;
import nl.spreekuur.protocol.v1.Weekday;
import nl.spreekuur.server.Services;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.http.Json;
import nl.spreekuur.server.officehours.OfficeHourValidator;
import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.store.Organisations.Organisation;

/**
 * A real server with the production {@link Services} wiring (hub, conversations, office hours, accounts, jobs) on
 * in-memory H2 and a {@link TestClock}, plus what end-to-end tests need around it: staff accounts with real
 * Argon2id hashes, tokens from the real HTTP endpoints, office hours in the store, and authenticated
 * {@link WsPeer}s.
 */
public final class ServicesTestServer implements AutoCloseable {
    /** The password of every staff account made by {@link #staff}. */
    public static final String PASSWORD = "correct-horse-battery";
    // a first login (Argon2id, cold JIT) on a loaded two-core machine can take longer than 10 s
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);

    /** An HTTP answer: status and body. */
    public record HttpAnswer(int status, String body) {
        public Map<String, Object> json() {
            return Json.parseObject(body);
        }
    }

    private final TestServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();

    private ServicesTestServer(TestServer server) {
        this.server = server;
    }

    public static ServicesTestServer start() {
        return start(Map.of());
    }

    /** With configuration settings on top of the test defaults, e.g. {@code "jobs.interval-seconds" -> "0.2"}. */
    public static ServicesTestServer start(Map<String, String> settings) {
        return start(settings, builder -> { });
    }

    /** With settings, and further choices on the builder (a shared store, a shared clock: several nodes). */
    public static ServicesTestServer start(Map<String, String> settings,
                                           java.util.function.Consumer<TestServer.Builder> customize) {
        TestServer.Builder builder = TestServer.builder().application(new Services());
        settings.forEach(builder::set);
        customize.accept(builder);
        return new ServicesTestServer(builder.start());
    }

    public TestServer server() {
        return server;
    }

    public TestClock clock() {
        return server.clock();
    }

    public Organisation organisation(String slug) {
        return server.organisation(slug);
    }

    /** A staff account whose password is {@link #PASSWORD} (hashed with the server's Argon2id hasher). */
    public Account staff(Organisation org, String username, String displayName, Role... roles) {
        String hash = server.context().passwords().hash(PASSWORD.toCharArray());
        return server.store().accounts().create(org.id(), username, displayName, hash, Set.of(roles));
    }

    /** POST /api/login; fails unless it answers 200 with a token. */
    public String login(Organisation org, String username) throws Exception {
        return login(org.slug(), username, PASSWORD);
    }

    public String login(String organisationSlug, String username, String password) throws Exception {
        HttpAnswer answer = loginAnswer(organisationSlug, username, password);
        if (answer.status() != 200) {
            throw new AssertionError("login of " + username + " answered " + answer);
        }
        return (String) answer.json().get("token");
    }

    public HttpAnswer loginAnswer(String organisationSlug, String username, String password) throws Exception {
        return post("/api/login", Json.write(Map.of("organisation", organisationSlug, "username", username,
                "password", password)));
    }

    /** POST /api/anonymous; fails unless it answers 200 with a token. */
    public String anonymous(Organisation org) throws Exception {
        HttpAnswer answer = post("/api/anonymous", Json.write(Map.of("organisation", org.slug())));
        if (answer.status() != 200) {
            throw new AssertionError("anonymous session answered " + answer);
        }
        return (String) answer.json().get("token");
    }

    public HttpAnswer get(String pathAndQuery) throws IOException, InterruptedException {
        return get(pathAndQuery, null);
    }

    /** GET with {@code Authorization: Bearer <token>} when the token is not null. */
    public HttpAnswer get(String pathAndQuery, String bearerToken) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.http(pathAndQuery)).timeout(HTTP_TIMEOUT).GET();
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new HttpAnswer(response.statusCode(), response.body());
    }

    public HttpAnswer post(String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.http(path)).timeout(HTTP_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        return new HttpAnswer(response.statusCode(), response.body());
    }

    /**
     * An office hour open around the clock in Europe/Amsterdam (two touching slots a day), served by the given
     * accounts, stored directly (the definition API itself is tested over the socket).
     */
    public OfficeHour alwaysOpenOfficeHour(Organisation org, String slug, Account... professionals) {
        OfficeHour.Builder oh = OfficeHour.newBuilder().setOrganisationId(org.id()).setSlug(slug)
                .setName("Spreekuur " + slug).setTimeZone("Europe/Amsterdam");
        for (Weekday day : Weekday.values()) {
            if (day == Weekday.WEEKDAY_UNSPECIFIED || day == Weekday.UNRECOGNIZED) {
                continue;
            }
            oh.addSlots(WeeklySlot.newBuilder().setDay(day).setStart("00:00").setEnd("12:00"));
            oh.addSlots(WeeklySlot.newBuilder().setDay(day).setStart("12:00").setEnd("00:00"));
        }
        List<String> ids = new ArrayList<>();
        for (Account professional : professionals) {
            ids.add(professional.id());
        }
        oh.addAllProfessionalIds(ids);
        return server.store().officeHours().save(
                OfficeHourValidator.requireValid(OfficeHourValidator.withDefaults(oh.build())));
    }

    /** An authenticated socket in the given encoding. */
    public WsPeer connect(String subprotocol, String token) throws Exception {
        return WsPeer.connect(server.wsUri(), subprotocol, token);
    }

    /** The other of the two encodings, so one test can show both talking to each other. */
    public static String otherEncoding(String subprotocol) {
        return TestWsClient.PROTO.equals(subprotocol) ? TestWsClient.JSON : TestWsClient.PROTO;
    }

    @Override
    public void close() {
        server.close();
    }
}
