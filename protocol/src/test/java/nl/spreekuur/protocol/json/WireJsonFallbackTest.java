package nl.spreekuur.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ConversationEnded;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.EndReason;
import nl.spreekuur.protocol.v1.Hello;
import nl.spreekuur.protocol.v1.HelloOk;
import nl.spreekuur.protocol.v1.Ping;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.Subscribe;
import nl.spreekuur.protocol.v1.SubscribeResult;
import org.junit.jupiter.api.Test;

/** Messages the fast path does not handle go to JsonFormat, and the answer is JsonFormat's. */
class WireJsonFallbackTest {
    private static final JsonFormat.Printer COMPACT = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    @Test
    void otherRequestTypesAreLeftToJsonFormat() throws Exception {
        ClientMessage hello = ClientMessage.newBuilder().setRequestId("1")
                .setHello(Hello.newBuilder().setToken("t").setClient("c")).build();
        ClientMessage subscribe = ClientMessage.newBuilder().setRequestId("2")
                .setSubscribe(Subscribe.newBuilder().setConversationId("c").setSinceSeq(7)).build();

        for (ClientMessage message : new ClientMessage[] {hello, subscribe}) {
            byte[] json = COMPACT.print(message).getBytes(StandardCharsets.UTF_8);
            assertThat(WireJson.fastDecodeClient(json, 0, json.length)).isNull();
            assertThat(WireJson.decodeClient(json, 0, json.length)).isEqualTo(message);
            assertThat(WireJson.fastEncodeClient(message)).isNull();
            assertThat(WireJson.encodeClient(message)).isEqualTo(COMPACT.print(message));
        }
    }

    @Test
    void otherServerMessageTypesAndNonTextEventsAreLeftToJsonFormat() throws Exception {
        ServerMessage helloOk = ServerMessage.newBuilder().setRequestId("1")
                .setHelloOk(HelloOk.newBuilder().setPrincipalId("p").setHeartbeatSeconds(20)).build();
        ServerMessage subscribed = ServerMessage.newBuilder()
                .setSubscribeResult(SubscribeResult.newBuilder().setConversationId("c").setLastSeq(3)).build();
        ServerMessage ended = ServerMessage.newBuilder().setEvent(ConversationEvent.newBuilder().setSeq(4)
                .setEnded(ConversationEnded.newBuilder().setReason(EndReason.QUICK_EXIT))).build();

        for (ServerMessage message : new ServerMessage[] {helloOk, subscribed, ended}) {
            String json = COMPACT.print(message);
            assertThat(WireJson.fastEncodeServer(message)).isNull();
            assertThat(WireJson.encodeServer(message)).isEqualTo(json);
            assertThat(WireJson.fastDecodeServer(json)).isNull();
            assertThat(WireJson.decodeServer(json)).isEqualTo(message);
        }
    }

    @Test
    void aSecondBodyAndADuplicateFieldAreJudgedByJsonFormat() {
        for (String json : new String[] {
                "{\"ping\":{},\"typing\":{\"typing\":true}}",
                "{\"requestId\":\"a\",\"request_id\":\"b\"}",
                "{\"requestId\":\"a\",\"requestId\":\"b\",\"ping\":{}}"}) {
            byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
            assertThat(WireJson.fastDecodeClient(utf8, 0, utf8.length)).as(json).isNull();
            assertThat(Outcome.of(() -> WireJson.decodeClient(utf8, 0, utf8.length))).as(json)
                    .isEqualTo(Outcome.of(() -> parse(json)));
        }
    }

    @Test
    void lenientJsonIsJudgedByJsonFormatWhichAcceptsIt() throws Exception {
        byte[] utf8 = "{'requestId':'r', ping:{}} trailing".getBytes(StandardCharsets.UTF_8);

        assertThat(WireJson.fastDecodeClient(utf8, 0, utf8.length)).isNull();
        assertThat(WireJson.decodeClient(utf8, 0, utf8.length))
                .isEqualTo(ClientMessage.newBuilder().setRequestId("r").setPing(Ping.getDefaultInstance()).build());
    }

    @Test
    void inputJsonFormatRejectsIsRejected() {
        byte[] utf8 = "{\"ping\":[]}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> WireJson.decodeClient(utf8, 0, utf8.length))
                .isInstanceOf(InvalidProtocolBufferException.class);
    }

    private static ClientMessage parse(String json) throws InvalidProtocolBufferException {
        ClientMessage.Builder builder = ClientMessage.newBuilder();
        PARSER.merge(json, builder);
        return builder.build();
    }
}
