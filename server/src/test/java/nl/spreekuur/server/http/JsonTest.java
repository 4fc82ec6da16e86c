package nl.spreekuur.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesNestedValues() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("s", "a \"b\" \\ <script> \n é");
        value.put("n", 3);
        value.put("d", 1.5);
        value.put("b", true);
        value.put("null", null);
        value.put("list", List.of("x", 2L));
        value.put("at", Instant.parse("2026-11-23T14:00:00Z"));
        assertThat(Json.write(value)).isEqualTo("{\"s\":\"a \\\"b\\\" \\\\ \\u003cscript\\u003e \\n é\",\"n\":3,"
                + "\"d\":1.5,\"b\":true,\"null\":null,\"list\":[\"x\",2],\"at\":\"2026-11-23T14:00:00Z\"}");
    }

    @Test
    void parsesObjectsAndRoundTrips() {
        Map<String, Object> parsed = Json.parseObject("{\"a\":\"x\",\"n\":2,\"nested\":{\"l\":[true,null]}}");
        assertThat(parsed).containsEntry("a", "x").containsEntry("n", 2.0);
        assertThat(parsed.get("nested")).isEqualTo(Map.of("l", Arrays.asList(true, null)));
        assertThat(Json.parseObject(Json.write(parsed))).isEqualTo(parsed);
        assertThat(Json.string(parsed, "a")).contains("x");
        assertThat(Json.string(parsed, "n")).isEmpty();
    }

    @Test
    void refusesNonObjects() {
        assertThatThrownBy(() -> Json.parseObject("[1]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.parseObject("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.parseObject("{\"a\":")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deepNestingIsRefusedBeforeTheParserOverflowsTheStack() {
        String deep = "{\"a\":" + "[".repeat(200_000) + "]".repeat(200_000) + "}";
        assertThatThrownBy(() -> Json.parseObject(deep))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("body must be a JSON object")
                .hasNoCause();
        String atLimit = "{\"a\":" + "[".repeat(63) + "]".repeat(63) + "}";
        assertThat(Json.parseObject(atLimit)).containsKey("a");
    }
}
