package nl.spreekuur.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Any body POSTed to the public API routes that parse JSON ({@code /api/login}, {@code /api/anonymous},
 * {@code /api/rooms/join}) is answered with success or a 4xx carrying the documented problem JSON
 * ({@code {"error": CODE, "message": ..}}), or the documented empty 413 for a body over
 * {@code http.max-body-bytes}; never a 500, over real HTTP on a real server with all services. The
 * first byte picks the route, the rest is the body as sent. The seed corpus under {@code ApiRequestFuzzTestInputs/}
 * replays in every test run; see docs/security.md for a fuzzing campaign.
 */
class ApiRequestFuzzTest {
    private static final List<String> ROUTES = List.of("/api/login", "/api/anonymous", "/api/rooms/join");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static ServicesTestServer server;

    @BeforeAll
    static void start() {
        server = ServicesTestServer.start();
        server.staff(server.organisation("demo"), "anna", "Anna", Role.PROFESSIONAL);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @FuzzTest(maxDuration = "60s")
    void jsonBodies(FuzzedDataProvider data) throws Exception {
        String route = ROUTES.get(Byte.toUnsignedInt(data.consumeByte()) % ROUTES.size());
        byte[] body = data.consumeRemainingAsBytes();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(server.server().http(route))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());

        int status = response.statusCode();
        assertThat(status).as("status of %s", route).satisfiesAnyOf(
                s -> assertThat(s).isEqualTo(200), s -> assertThat(s).isBetween(400, 499));
        if (status == 413) {
            assertThat(response.body()).as("413 is answered by Netty before any route, with an empty body").isEmpty();
        } else if (status >= 400) {
            assertThat(response.headers().firstValue("Content-Type")).as("%s %d %s", route, status, response.body())
                    .hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            Map<String, Object> problem = Json.parseObject(response.body());
            assertThat(problem.get("error")).isInstanceOf(String.class);
            assertThat(problem.get("message")).isInstanceOf(String.class);
        }
    }
}
