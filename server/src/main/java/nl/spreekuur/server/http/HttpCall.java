package nl.spreekuur.server.http;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One REST request as a route handler sees it (body already read; safe to use on any thread). */
public final class HttpCall {
    private final String method;
    private final String path;
    private final Map<String, List<String>> query;
    private final Map<String, String> pathParams;
    private final io.netty.handler.codec.http.HttpHeaders headers;
    private final byte[] body;
    private final SocketAddress remoteAddress;
    private final InetAddress clientAddress;

    HttpCall(FullHttpRequest request, QueryStringDecoder uri, Map<String, String> pathParams,
             SocketAddress remoteAddress, InetAddress clientAddress) {
        this.method = request.method().name();
        this.path = uri.path();
        this.query = uri.parameters();
        this.pathParams = Map.copyOf(pathParams);
        this.headers = request.headers().copy();
        byte[] bytes = new byte[request.content().readableBytes()];
        request.content().getBytes(request.content().readerIndex(), bytes);
        this.body = bytes;
        this.remoteAddress = remoteAddress;
        this.clientAddress = clientAddress;
    }

    public String method() {
        return method;
    }

    /** The decoded path, without the query string. */
    public String path() {
        return path;
    }

    /** A {@code {name}} segment of the route pattern. */
    public String pathParam(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalArgumentException("route has no path parameter " + name);
        }
        return value;
    }

    public Optional<String> queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    public byte[] body() {
        return body.clone();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as a JSON object; a missing or invalid body is a 400. */
    public Map<String, Object> jsonObject() {
        try {
            return Json.parseObject(bodyText());
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest("body must be a JSON object");
        }
    }

    /** The token of an {@code Authorization: Bearer <token>} header. */
    public Optional<String> bearerToken() {
        String value = headers.get(HttpHeaderNames.AUTHORIZATION);
        if (value == null || value.length() < 8 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = value.substring(7).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    public SocketAddress remoteAddress() {
        return remoteAddress;
    }

    /**
     * The client's address for per-address limits ({@link ClientAddress}: the peer, or what a trusted proxy
     * forwarded); null when unknown. Never log it.
     */
    public InetAddress clientAddress() {
        return clientAddress;
    }
}
