package nl.spreekuur.server.officehours;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.spreekuur.protocol.v1.AdmissionRefusal;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.JoinQueueResult;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.QueueState;
import nl.spreekuur.protocol.v1.RemoveAsSpam;
import nl.spreekuur.server.session.CloseCodes;
import nl.spreekuur.server.store.AuditLog;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: anonymous sessions, queue joins and offline messages are throttled per client address (behind a
 * trusted proxy: the forwarded one), waiting places are capped per address and per queue, and a professional can
 * remove a spam place, which also revokes that client's token. A real client from another address still gets a
 * fair place.
 */
class QueueFloodingWebSocketTest {
    private ServicesTestServer server;
    private final List<AutoCloseable> open = new ArrayList<>();
    private Organisation org;
    private OfficeHour oh;
    private WsPeer pro;

    private void start(Map<String, String> settings) throws Exception {
        java.util.Map<String, String> all = new java.util.HashMap<>(settings);
        all.put("http.trusted-proxies", "127.0.0.1");
        server = ServicesTestServer.start(all);
        org = server.organisation("demo");
        var anna = server.staff(org, "anna", "Anna", Role.PROFESSIONAL);
        oh = server.alwaysOpenOfficeHour(org, "inloop", anna);
        pro = server.connect(TestWsClient.PROTO, server.login(org, "anna"));
        open.add(pro);
        pro.callForAck(Requests.duty(oh.getId(), true));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A client behind the trusted proxy 127.0.0.1 at the given address, said Hello with a new token. */
    private WsPeer client(String address) throws Exception {
        TestWsClient ws = TestWsClient.connectWithHeaders(server.server().wsUri(), Map.of(
                "Origin", "http://127.0.0.1:" + server.server().port(), "X-Forwarded-For", address),
                TestWsClient.PROTO);
        WsPeer peer = WsPeer.connect(ws, server.anonymous(org));
        open.add(peer);
        return peer;
    }

    private ServerMessageAnswer join(WsPeer client, String nickname) throws Exception {
        server.clock().advance(Duration.ofSeconds(1)); // places are served in order of joining
        return new ServerMessageAnswer(client.call(Requests.join(oh.getId(), nickname, "vraag")));
    }

    private record ServerMessageAnswer(nl.spreekuur.protocol.v1.ServerMessage message) {
        JoinQueueResult result() {
            assertThat(message.hasJoinQueueResult()).as("%s", message).isTrue();
            return message.getJoinQueueResult();
        }
    }

    private ServicesTestServer.HttpAnswer anonymousFrom(String address) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(server.server().http("/api/anonymous"))
                .header("Content-Type", "application/json").header("X-Forwarded-For", address)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"organisation\":\"demo\"}")).build();
        var response = java.net.http.HttpClient.newHttpClient().send(request,
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return new ServicesTestServer.HttpAnswer(response.statusCode(),
                response.headers().firstValue("Retry-After").orElse("") + " " + response.body());
    }

    @Test
    void anonymousSessionsAreThrottledPerForwardedAddress() throws Exception {
        start(Map.of("anonymous.address-burst", "3", "anonymous.address-per-minute", "1"));
        for (int i = 0; i < 3; i++) {
            assertThat(anonymousFrom("203.0.113.7").status()).isEqualTo(200);
        }
        ServicesTestServer.HttpAnswer refused = anonymousFrom("203.0.113.7");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.body()).startsWith("60 ").contains("\"error\":\"RATE_LIMITED\"")
                .contains("too many new sessions from this address; try again later");
        assertThat(anonymousFrom("198.51.100.9").status()).isEqualTo(200);
        // a forwarded header is read only from a trusted proxy: spoofing one from a second hop changes nothing
        assertThat(anonymousFrom("198.51.100.10, 203.0.113.7").status()).isEqualTo(429);
        server.clock().advance(Duration.ofSeconds(60));
        assertThat(anonymousFrom("203.0.113.7").status()).isEqualTo(200);
    }

    @Test
    void queueJoinsAreThrottledPerAddress() throws Exception {
        start(Map.of("officehours.join-address-burst", "2", "officehours.join-address-per-minute", "1"));
        assertThat(join(client("203.0.113.7"), "bot1").result().getAdmitted()).isTrue();
        assertThat(join(client("203.0.113.7"), "bot2").result().getAdmitted()).isTrue();
        WsPeer third = client("203.0.113.7");
        assertThat(third.callForError(Requests.join(oh.getId(), "bot3", "vraag"))).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(refusals("join")).isEqualTo(1);
        assertThat(join(client("198.51.100.9"), "Sam").result().getStatus().getPosition()).isEqualTo(3);
    }

    @Test
    void waitingPlacesAreCappedPerAddressAndARealClientStillGetsAFairPlace() throws Exception {
        start(Map.of("officehours.max-waiting-per-address", "2", "officehours.max-queue-length", "4"));
        assertThat(join(client("203.0.113.7"), "bot1").result().getAdmitted()).isTrue();
        assertThat(join(client("203.0.113.7"), "bot2").result().getAdmitted()).isTrue();
        JoinQueueResult bot3 = join(client("203.0.113.7"), "bot3").result();
        assertThat(bot3.getAdmitted()).isFalse();
        assertThat(bot3.getRefusal()).isEqualTo(AdmissionRefusal.QUEUE_FULL);

        JoinQueueResult sam = join(client("198.51.100.9"), "Sam").result();
        assertThat(sam.getAdmitted()).isTrue();
        assertThat(sam.getStatus().getPosition()).isEqualTo(3);
        assertThat(join(client("198.51.100.10"), "Kim").result().getAdmitted()).isTrue();
        JoinQueueResult full = join(client("198.51.100.11"), "Lou").result();
        assertThat(full.getAdmitted()).isFalse();
        assertThat(full.getRefusal()).isEqualTo(AdmissionRefusal.QUEUE_FULL);
        assertThat(refusals("queue_full")).isEqualTo(2);
    }

    private double refusals(String kind) {
        return server.server().context().metrics().get(QueueFloodGuard.REFUSED_METRIC).tag("kind", kind).counter()
                .count();
    }

    @Test
    void offlineMessagesAreThrottledPerAddress() throws Exception {
        start(Map.of("officehours.offline-address-burst", "2", "officehours.offline-address-per-minute", "1"));
        WsPeer client = client("203.0.113.7");
        client.callForAck(Requests.offlineMessage(oh.getId(), "bot", "spam 1", ""));
        client.callForAck(Requests.offlineMessage(oh.getId(), "bot", "spam 2", ""));
        assertThat(client.callForError(Requests.offlineMessage(oh.getId(), "bot", "spam 3", "")))
                .isEqualTo(ErrorCode.RATE_LIMITED);
        client("198.51.100.9").callForAck(Requests.offlineMessage(oh.getId(), "Sam", "echte vraag", ""));
        server.clock().advance(Duration.ofMinutes(1));
        client.callForAck(Requests.offlineMessage(oh.getId(), "bot", "spam 4", ""));
    }

    @Test
    void aProfessionalRemovesASpamPlaceAndItsTokenStopsWorking() throws Exception {
        start(Map.of());
        WsPeer bot = client("203.0.113.7");
        String token = bot.helloOk().getPrincipalId();
        JoinQueueResult joined = join(bot, "spam").result();
        String entryId = joined.getStatus().getQueueEntryId();

        pro.callForAck(ClientMessage.newBuilder().setRemoveAsSpam(RemoveAsSpam.newBuilder()
                .setQueueEntryId(entryId)));
        assertThat(bot.awaitClose()).isEqualTo(new TestWsClient.CloseStatus(CloseCodes.POLICY_VIOLATION,
                "session revoked"));
        assertThat(server.server().store().queue().byId(entryId).orElseThrow().state()).isEqualTo(QueueState.LEFT);
        List<AuditLog.Entry> audit = server.server().store().audit().list(org.id(), Instant.EPOCH,
                server.clock().instant().plusSeconds(1));
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("queue.remove_as_spam");
            assertThat(e.targetId()).isEqualTo(entryId);
            assertThat(e.onBehalfOf()).isEqualTo(token);
        });
        // already gone: a second removal is a conflict
        assertThat(pro.callForError(ClientMessage.newBuilder().setRemoveAsSpam(RemoveAsSpam.newBuilder()
                .setQueueEntryId(entryId)))).isEqualTo(ErrorCode.CONFLICT);
    }

    @Test
    void aClientCannotRemoveAnotherAsSpam() throws Exception {
        start(Map.of());
        String entryId = join(client("203.0.113.7"), "Sam").result().getStatus().getQueueEntryId();
        ErrorCode code = client("198.51.100.9").callForError(ClientMessage.newBuilder()
                .setRemoveAsSpam(RemoveAsSpam.newBuilder().setQueueEntryId(entryId)));
        assertThat(code).isIn(ErrorCode.FORBIDDEN, ErrorCode.NOT_FOUND);
    }
}
