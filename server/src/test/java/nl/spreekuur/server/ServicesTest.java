package nl.spreekuur.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ConversationKind;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.SendMessage;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.config.ServerConfig;
import nl.spreekuur.server.conversation.ConversationSettings;
import nl.spreekuur.server.officehours.OfficeHoursSettings;
import nl.spreekuur.server.store.Conversations.Conversation;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.testsupport.TestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import org.junit.jupiter.api.Test;

/** The production wiring takes its tunables from the server configuration. */
class ServicesTest {

    @Test
    void theConfigDefaultsAreTheServiceDefaults() {
        ServerConfig defaults = ServerConfig.defaults();
        assertThat(Services.officeHoursSettings(defaults)).isEqualTo(OfficeHoursSettings.defaults());
        assertThat(Services.conversationSettings(defaults)).isEqualTo(ConversationSettings.defaults());
    }

    @Test
    void configuredValuesReachTheSettings() {
        ServerConfig config = ServerConfig.fromValues(Map.of(
                "officehours.no-consent-grace-minutes", "0",
                "officehours.offline-message-retention-days", "7",
                "officehours.ended-queue-entry-retention-minutes", "15",
                "officehours.staff-off-duty-grace-seconds", "30",
                "officehours.minimum-chat-minutes", "10",
                "officehours.pick-up-seconds", "90",
                "chat.max-text-chars", "500"));
        assertThat(Services.officeHoursSettings(config)).isEqualTo(new OfficeHoursSettings(Duration.ZERO,
                Duration.ofDays(7), Duration.ofMinutes(15), Duration.ofSeconds(30), Duration.ofMinutes(10),
                Duration.ofSeconds(90)));
        assertThat(Services.conversationSettings(config).maxTextChars()).isEqualTo(500);
    }

    @Test
    void aConfiguredMessageLimitIsEnforcedOverARealSocket() throws Exception {
        try (TestServer server = TestServer.builder().application(new Services())
                .set("chat.max-text-chars", "10").start()) {
            Organisation org = server.organisation("demo");
            TestServer.Token client = server.anonymousToken(org);
            Instant now = server.clock().instant();
            Conversation chat = server.store().conversations().create(org.id(), ConversationKind.OFFICE_HOUR_CHAT,
                    null, now);
            server.store().conversations().join(chat.id(), client.principalId(), ParticipantRole.CLIENT, "Anoniem",
                    now);

            try (TestWsClient ws = TestWsClient.connect(server.wsUri(), TestWsClient.PROTO)) {
                ws.hello(client.token());

                ServerMessage tooLong = request(ws, "too-long", send(chat, "m1", "12345678901"));
                assertThat(tooLong.getError().getCode()).isEqualTo(ErrorCode.TOO_LARGE);

                ServerMessage fits = request(ws, "fits", send(chat, "m2", "1234567890"));
                assertThat(fits.getMessageAck().getClientMsgId()).isEqualTo("m2");
                assertThat(fits.getMessageAck().getSeq()).isPositive();
            }
        }
    }

    private static ClientMessage send(Conversation chat, String clientMsgId, String text) {
        return ClientMessage.newBuilder().setSendMessage(SendMessage.newBuilder()
                .setConversationId(chat.id()).setClientMsgId(clientMsgId).setText(text)).build();
    }

    /** Sends the request and returns its answer, skipping pushes that may arrive in between. */
    private static ServerMessage request(TestWsClient ws, String requestId, ClientMessage message)
            throws InterruptedException {
        ws.send(message.toBuilder().setRequestId(requestId).build());
        while (true) {
            ServerMessage next = ws.next();
            if (next.getRequestId().equals(requestId)) {
                return next;
            }
        }
    }
}
