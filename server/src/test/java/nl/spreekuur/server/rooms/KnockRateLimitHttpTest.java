package nl.spreekuur.server.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import nl.spreekuur.protocol.v1.KnockLink;
import nl.spreekuur.protocol.v1.Room;
import nl.spreekuur.server.http.Json;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The knock link's endpoints over real HTTP share one token bucket per client address
 * ({@code rooms.knock-address-*}): a flood from one address gets 429 RATE_LIMITED with Retry-After on both, while
 * another address (behind the trusted proxy 127.0.0.1, told apart by X-Forwarded-For) still looks up and knocks.
 */
class KnockRateLimitHttpTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start(new HashMap<>(Map.of(
            "rooms.knock-address-burst", "3",
            "rooms.knock-address-per-minute", "1",
            "http.trusted-proxies", "127.0.0.1")));

    /** Status, Retry-After and body of a request from the given client address. */
    private record Answer(int status, String retryAfter, Map<String, Object> json) {
    }

    private Answer from(String address, HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = HTTP.send(request.header("X-Forwarded-For", address)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("Retry-After").orElse(""),
                Json.parseObject(response.body()));
    }

    private Answer preview(String address, String code) throws Exception {
        return from(address, HttpRequest.newBuilder(server.server().http("/api/public/knock/" + code)).GET());
    }

    private Answer knock(String address, String code, String nickname) throws Exception {
        return from(address, HttpRequest.newBuilder(server.server().http("/api/rooms/knock"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("code", code, "nickname", nickname)))));
    }

    @Test
    void aFloodFromOneAddressIsAnswered429WithRetryAfterAndOtherAddressesAreUndisturbed() throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        KnockLink link;
        try (WsPeer anna = w.staff(TestWsClient.JSON, w.anna)) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Dicht", w.anna.id()));
            link = RoomKnockWebSocketTest.link(anna, room.getId());
        }
        String flooder = "203.0.113.7";
        assertThat(preview(flooder, link.getCode()).status()).isEqualTo(200);
        assertThat(preview(flooder, "guess-1").status()).isEqualTo(404);
        assertThat(knock(flooder, link.getCode(), "Els").status()).isEqualTo(200);
        for (Answer refused : new Answer[] {preview(flooder, link.getCode()), knock(flooder, link.getCode(), "Fien"),
                knock(flooder, "guess-2", "Gijs")}) {
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.retryAfter()).isEqualTo("60");
            assertThat(refused.json()).containsEntry("error", "RATE_LIMITED")
                    .containsEntry("message", KnockRoutes.TOO_MANY);
        }
        assertThat(server.server().store().roomPeople().pendingKnocks(
                server.server().store().roomPeople().knockLinkByCode(link.getCode()).orElseThrow().roomId()))
                .as("refused requests stored nothing").hasSize(1);

        String neighbour = "198.51.100.20";
        assertThat(preview(neighbour, link.getCode()).status()).isEqualTo(200);
        assertThat(knock(neighbour, link.getCode(), "Hanna").status()).isEqualTo(200);

        server.clock().advance(Duration.ofMinutes(1));
        assertThat(knock(flooder, link.getCode(), "Fien").status()).as("a minute later, one more").isEqualTo(200);
        assertThat(preview(flooder, link.getCode()).status()).isEqualTo(429);
    }
}
