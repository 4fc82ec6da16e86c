package nl.spreekuur.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import nl.spreekuur.protocol.v1.ClientMessage;
import org.junit.jupiter.api.Test;

/** Deep nesting is refused before JsonFormat's recursive Gson tree builder can overflow the stack. */
class JsonNestingTest {

    private static String nested(int depth) {
        return "{\"requestId\":\"1\",\"ping\":{},\"future\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}";
    }

    @Test
    void countsObjectsAndArraysOutsideStrings() {
        assertThat(JsonNesting.withinLimit(nested(JsonNesting.MAX_DEPTH))).isTrue();
        assertThat(JsonNesting.withinLimit(nested(JsonNesting.MAX_DEPTH + 1))).isFalse();
        String brackets = "{\"text\":\"" + "[{".repeat(1000) + "\\\"[\"}";
        assertThat(JsonNesting.withinLimit(brackets)).isTrue();
        byte[] utf8 = brackets.getBytes(StandardCharsets.UTF_8);
        assertThat(JsonNesting.withinLimit(utf8, 0, utf8.length)).isTrue();
        byte[] deep = nested(65).getBytes(StandardCharsets.UTF_8);
        assertThat(JsonNesting.withinLimit(deep, 0, deep.length)).isFalse();
    }

    @Test
    void wireJsonDecodesUpToTheLimitAndRefusesDeeperWithoutAStackOverflow() throws Exception {
        byte[] atLimit = nested(JsonNesting.MAX_DEPTH).getBytes(StandardCharsets.UTF_8);
        assertThat(WireJson.decodeClient(atLimit, 0, atLimit.length).getBodyCase())
                .isEqualTo(ClientMessage.BodyCase.PING);

        byte[] deep = nested(200_000).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> WireJson.decodeClient(deep, 0, deep.length))
                .isInstanceOf(InvalidProtocolBufferException.class)
                .hasMessage("JSON nested deeper than 64 levels")
                .hasNoCause();
        assertThatThrownBy(() -> WireJson.decodeServer(nested(200_000)))
                .isInstanceOf(InvalidProtocolBufferException.class)
                .hasNoCause();
    }
}
