package nl.spreekuur.server.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import nl.spreekuur.protocol.v1.CallChange;
import nl.spreekuur.protocol.v1.CallParticipantState;
import nl.spreekuur.protocol.v1.CallSession;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ConsultLinkState;
import nl.spreekuur.protocol.v1.ConversationKind;
import nl.spreekuur.protocol.v1.EndCall;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.ListScheduledConsults;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.RevokeConsultLink;
import nl.spreekuur.protocol.v1.ScheduleConsult;
import nl.spreekuur.protocol.v1.ScheduledConsult;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.http.Json;
import nl.spreekuur.server.store.Effects;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.store.ProtoTime;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.testsupport.BothEncodings;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Scheduled consults: planning, the one-time link (works once, refused the second time, after revocation, after
 * expiry and after the consult ended, each with its own answer), the client's lobby and admission.
 */
class ScheduledConsultWebSocketTest {
    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start();

    private ScheduledConsult schedule(WsPeer pro, Duration in, int minutes) throws InterruptedException {
        ServerMessage answer = pro.call(ClientMessage.newBuilder().setScheduleConsult(ScheduleConsult.newBuilder()
                .setStartsAt(ProtoTime.of(server.clock().instant().plus(in))).setDurationMinutes(minutes)
                .setLabel("mevrouw J.")));
        assertThat(answer.hasScheduledConsult()).as("ScheduledConsult, got %s", answer).isTrue();
        return answer.getScheduledConsult();
    }

    private ServicesTestServer.HttpAnswer use(String code) throws Exception {
        return server.post("/api/consults/join", Json.write(Map.of("code", code, "nickname", "Kim")));
    }

    @BothEncodings
    void aConsultLinkWorksOnceAndTheClientIsAdmittedFromTheLobby(String encoding) throws Exception {
        Organisation org = server.organisation("demo");
        server.staff(org, "anna", "Anna de Vries", Role.PROFESSIONAL);
        try (WsPeer pro = server.connect(encoding, server.login(org, "anna"))) {
            ScheduledConsult consult = schedule(pro, Duration.ofMinutes(10), 30);
            assertThat(consult.getLinkState()).isEqualTo(ConsultLinkState.LINK_OPEN);
            assertThat(consult.getJoinCode()).hasSize(22);
            assertThat(ProtoTime.toInstant(consult.getLinkExpiresAt()))
                    .isEqualTo(server.clock().instant().plus(Duration.ofMinutes(40)));

            ServicesTestServer.HttpAnswer preview = server.get("/api/public/consults/" + consult.getJoinCode());
            assertThat(preview.status()).isEqualTo(200);
            assertThat(preview.json()).containsEntry("durationMinutes", 30.0).containsEntry("organisationName",
                    org.name());
            ServicesTestServer.HttpAnswer joined = use(consult.getJoinCode());
            assertThat(joined.status()).isEqualTo(200);
            ServicesTestServer.HttpAnswer twice = use(consult.getJoinCode());
            assertThat(twice.status()).isEqualTo(410);
            assertThat(twice.json()).containsEntry("error", "LINK_USED");
            assertThat(server.get("/api/public/consults/" + consult.getJoinCode()).status()).isEqualTo(410);
            assertThat(use("no-such-code").status()).isEqualTo(404);

            pro.subscribe(consult.getConversationId(), 0, "");
            try (WsPeer client = server.connect(encoding, (String) joined.json().get("token"))) {
                assertThat(client.helloOk().getActiveList()).anySatisfy(item -> {
                    assertThat(item.getConversationId()).isEqualTo(consult.getConversationId());
                    assertThat(item.getKind()).isEqualTo(ConversationKind.VIDEO_CONSULT);
                });
                client.subscribe(consult.getConversationId(), 0, "");
                CallSession waiting = CallPeers.join(client, consult.getConversationId());
                String callId = waiting.getCall().getCallId();
                assertThat(waiting.getCall().getScheduledConsultId()).isEqualTo(consult.getId());
                assertThat(waiting.getCall().getParticipantsList()).anySatisfy(p -> {
                    assertThat(p.getRole()).isEqualTo(ParticipantRole.CLIENT);
                    assertThat(p.getState()).isEqualTo(CallParticipantState.CALL_IN_LOBBY);
                });
                CallPeers.update(pro, CallChange.PARTICIPANT_WAITING);
                CallSession host = CallPeers.join(pro, consult.getConversationId());
                pro.callForAck(CallPeers.admit(callId, waiting.getYourParticipantId()));
                CallPeers.update(client, CallChange.PARTICIPANT_ADMITTED);
                client.callForAck(CallPeers.offer(callId, host.getYourParticipantId(), CallPeers.OFFER));
                assertThat(CallPeers.signal(pro).getFromParticipantId()).isEqualTo(waiting.getYourParticipantId());
                client.callForAck(ClientMessage.newBuilder().setReportCallConnected(
                        nl.spreekuur.protocol.v1.ReportCallConnected.newBuilder().setCallId(callId)));
                server.clock().advance(Duration.ofMinutes(25));
                pro.callForAck(ClientMessage.newBuilder().setEndCall(EndCall.newBuilder().setCallId(callId)));
                CallPeers.update(client, CallChange.CALL_FINISHED);
            }
            assertThat(CallEffectFactsTest.videoFacts(server, org.id())).as("a consult held for 25 minutes")
                    .containsExactly(tuple(
                            Effects.CALL_HELD_CONSULT, 1500L));
            // after the consult ended, the link says so
            ServicesTestServer.HttpAnswer ended = server.get("/api/public/consults/" + consult.getJoinCode());
            assertThat(ended.status()).isEqualTo(410);
            assertThat(ended.json()).containsEntry("error", "CONSULT_ENDED")
                    .containsEntry("message", "this video consult has ended");
            ServerMessage list = pro.call(ClientMessage.newBuilder().setListScheduledConsults(
                    ListScheduledConsults.newBuilder().setIncludePast(true)));
            assertThat(list.getScheduledConsultList().getConsultsList()).singleElement()
                    .satisfies(c -> assertThat(c.getLinkState()).isEqualTo(ConsultLinkState.LINK_CONSULT_ENDED));
            assertThat(pro.call(ClientMessage.newBuilder().setListScheduledConsults(
                    ListScheduledConsults.getDefaultInstance())).getScheduledConsultList().getConsultsList()).isEmpty();
        }
    }

    @BothEncodings
    void aRevokedOrExpiredLinkIsRefusedAndOnlyProfessionalsPlan(String encoding) throws Exception {
        Organisation org = server.organisation("demo");
        server.staff(org, "anna", "Anna de Vries", Role.PROFESSIONAL);
        server.staff(org, "bram", "Bram", Role.PROFESSIONAL);
        server.staff(org, "sup", "Supervisor", Role.SUPERVISOR);
        try (WsPeer pro = server.connect(encoding, server.login(org, "anna"));
             WsPeer bram = server.connect(encoding, server.login(org, "bram"));
             WsPeer sup = server.connect(encoding, server.login(org, "sup"))) {
            ScheduledConsult revoked = schedule(pro, Duration.ofHours(1), 30);
            assertThat(bram.callForError(ClientMessage.newBuilder().setRevokeConsultLink(RevokeConsultLink
                    .newBuilder().setConsultId(revoked.getId())))).as("not his").isEqualTo(ErrorCode.NOT_FOUND);
            pro.callForAck(ClientMessage.newBuilder().setRevokeConsultLink(RevokeConsultLink.newBuilder()
                    .setConsultId(revoked.getId())));
            ServicesTestServer.HttpAnswer refused = use(revoked.getJoinCode());
            assertThat(refused.status()).isEqualTo(410);
            assertThat(refused.json()).containsEntry("error", "LINK_REVOKED");

            Instant startsAt = server.clock().instant().plus(Duration.ofHours(2));
            ServerMessage planned = pro.call(ClientMessage.newBuilder().setScheduleConsult(ScheduleConsult
                    .newBuilder().setStartsAt(ProtoTime.of(startsAt)).setDurationMinutes(20)
                    .setLinkExpiresAt(ProtoTime.of(startsAt.minus(Duration.ofMinutes(30))))));
            ScheduledConsult expiring = planned.getScheduledConsult();
            server.clock().advance(Duration.ofMinutes(91));
            ServicesTestServer.HttpAnswer expired = use(expiring.getJoinCode());
            assertThat(expired.status()).isEqualTo(410);
            assertThat(expired.json()).containsEntry("error", "LINK_EXPIRED");
            server.clock().advance(Duration.ofHours(1));
            assertThat(use(expiring.getJoinCode()).json()).as("after the planned end")
                    .containsEntry("error", "CONSULT_ENDED");

            assertThat(sup.callForError(ClientMessage.newBuilder().setScheduleConsult(ScheduleConsult.newBuilder()
                    .setStartsAt(ProtoTime.of(server.clock().instant().plusSeconds(3600))).setDurationMinutes(30))))
                    .isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(pro.callForError(ClientMessage.newBuilder().setScheduleConsult(ScheduleConsult.newBuilder()
                    .setStartsAt(ProtoTime.of(server.clock().instant().minusSeconds(1))).setDurationMinutes(30))))
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(pro.callForError(ClientMessage.newBuilder().setScheduleConsult(ScheduleConsult.newBuilder()
                    .setStartsAt(ProtoTime.of(server.clock().instant().plusSeconds(60))).setDurationMinutes(500))))
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        }
    }

    /** A consult that is over, with its conversation, is deleted 30 days later by the calls job (jobs every 5 s). */
    @org.junit.jupiter.api.Test
    void aConsultAndItsConversationAreDeletedThirtyDaysAfterItIsOver() throws Exception {
        Organisation kept = server.organisation("bewaar");
        server.staff(kept, "anna", "Anna de Vries", Role.PROFESSIONAL);
        try (WsPeer pro = server.connect(nl.spreekuur.server.testsupport.TestWsClient.PROTO,
                server.login(kept, "anna"))) {
            ScheduledConsult consult = schedule(pro, Duration.ofMinutes(10), 30);
            var store = server.server().store();
            assertThat(store.conversations().byId(consult.getConversationId())).isPresent();

            // the link expired 40 minutes after planning (never used); 30 days after that the job deletes it
            // (where the cut-off lies exactly is StoreContractTest's endedCallsAndConsultsThatAreOverAreFoundForRetention)
            server.clock().advance(Duration.ofMinutes(42).plusDays(30));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> store.calls().consult(consult.getId()).isEmpty()
                            && store.conversations().byId(consult.getConversationId()).isEmpty());
        }
    }

    /**
     * Link look-ups and joins share one token bucket per client address ({@code calls.consult-link-address-*}):
     * beyond the burst both answer 429 RATE_LIMITED, whatever the code; a minute later one more is allowed.
     */
    @Test
    void consultLinksAreRateLimitedPerAddress() throws Exception {
        try (ServicesTestServer limited = ServicesTestServer.start(Map.of(
                "calls.consult-link-address-burst", "3",
                "calls.consult-link-address-per-minute", "1"))) {
            assertThat(limited.get("/api/public/consults/guess-1").status()).isEqualTo(404);
            assertThat(limited.get("/api/public/consults/guess-2").status()).isEqualTo(404);
            assertThat(limited.post("/api/consults/join", Json.write(Map.of("code", "guess-3"))).status())
                    .isEqualTo(404);
            ServicesTestServer.HttpAnswer refused = limited.get("/api/public/consults/guess-4");
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.json()).containsEntry("error", "RATE_LIMITED")
                    .containsEntry("message", ConsultRoutes.TOO_MANY);
            ServicesTestServer.HttpAnswer join = limited.post("/api/consults/join",
                    Json.write(Map.of("code", "guess-5")));
            assertThat(join.status()).isEqualTo(429);
            assertThat(join.json()).containsEntry("error", "RATE_LIMITED");
            limited.clock().advance(Duration.ofMinutes(1));
            assertThat(limited.get("/api/public/consults/guess-6").status()).isEqualTo(404);
            assertThat(limited.get("/api/public/consults/guess-7").status()).isEqualTo(429);
        }
    }
}
