package nl.spreekuur.server.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a route answers: status, content type, body and extra headers. The security headers are added to every
 * response by the pipeline, not here.
 */
public record HttpReply(int status, String contentType, byte[] body, Map<String, String> headers) {
    public static final String JSON = "application/json";
    public static final String TEXT = "text/plain; charset=utf-8";

    public HttpReply {
        headers = Map.copyOf(headers);
    }

    public static HttpReply json(int status, Object value) {
        return new HttpReply(status, JSON, Json.write(value).getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static HttpReply ok(Object value) {
        return json(200, value);
    }

    /** {@code {"error": code, "message": message}}. */
    public static HttpReply error(int status, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        return json(status, body);
    }

    public static HttpReply noContent() {
        return new HttpReply(204, null, new byte[0], Map.of());
    }

    public static HttpReply text(int status, String text) {
        return new HttpReply(status, TEXT, text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static HttpReply bytes(int status, String contentType, byte[] body) {
        return new HttpReply(status, contentType, body, Map.of());
    }

    public HttpReply withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new HttpReply(status, contentType, body, copy);
    }
}
