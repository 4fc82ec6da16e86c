package nl.spreekuur.server.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The REST route registry. Services add routes while the server is assembled, e.g.
 * {@code routes.get("/api/public/office-hours/{slug}", call -> HttpReply.ok(...))}. A pattern is a path whose
 * {@code {name}} segments match any one non-empty segment (read with {@link HttpCall#pathParam}). HEAD is
 * answered by the GET route. A path that matches with another method gets 405; unknown {@code /api} paths 404.
 */
public final class Routes {

    private record Route(HttpMethod method, String[] segments, RouteHandler handler, AsyncRouteHandler async) {
    }

    /** The outcome of looking up a request: a plain or an asynchronous handler, or neither. */
    public record Resolution(RouteHandler handler, AsyncRouteHandler async, Map<String, String> params,
                             Set<String> allowedMethods) {
        public boolean found() {
            return handler != null || async != null;
        }
    }

    private final List<Route> routes = new CopyOnWriteArrayList<>();

    public Routes get(String pattern, RouteHandler handler) {
        return add(HttpMethod.GET, pattern, handler);
    }

    public Routes post(String pattern, RouteHandler handler) {
        return add(HttpMethod.POST, pattern, handler);
    }

    public Routes put(String pattern, RouteHandler handler) {
        return add(HttpMethod.PUT, pattern, handler);
    }

    public Routes delete(String pattern, RouteHandler handler) {
        return add(HttpMethod.DELETE, pattern, handler);
    }

    /** A POST route answered later ({@link AsyncRouteHandler}). */
    public Routes postAsync(String pattern, AsyncRouteHandler handler) {
        return add(HttpMethod.POST, pattern, null, handler);
    }

    public Routes add(HttpMethod method, String pattern, RouteHandler handler) {
        return add(method, pattern, handler, null);
    }

    private Routes add(HttpMethod method, String pattern, RouteHandler handler, AsyncRouteHandler async) {
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("route pattern must start with /: " + pattern);
        }
        String[] segments = split(pattern);
        for (Route route : routes) {
            if (route.method().equals(method) && samePattern(route.segments(), segments)) {
                throw new IllegalStateException("route registered twice: " + method + " " + pattern);
            }
        }
        routes.add(new Route(method, segments, handler, async));
        return this;
    }

    public Resolution resolve(HttpMethod method, String path) {
        HttpMethod wanted = HttpMethod.HEAD.equals(method) ? HttpMethod.GET : method;
        String[] segments = split(path);
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            Map<String, String> params = match(route.segments(), segments);
            if (params == null) {
                continue;
            }
            if (route.method().equals(wanted)) {
                return new Resolution(route.handler(), route.async(), params, Set.of());
            }
            allowed.add(route.method().name());
            if (route.method().equals(HttpMethod.GET)) {
                allowed.add(HttpMethod.HEAD.name());
            }
        }
        return new Resolution(null, null, Map.of(), allowed);
    }

    private static Map<String, String> match(String[] pattern, String[] path) {
        if (pattern.length != path.length) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("}")) {
                if (path[i].isEmpty()) {
                    return null;
                }
                params.put(p.substring(1, p.length() - 1), path[i]);
            } else if (!p.equals(path[i])) {
                return null;
            }
        }
        return params;
    }

    private static boolean samePattern(String[] a, String[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            boolean paramA = a[i].startsWith("{");
            boolean paramB = b[i].startsWith("{");
            if (paramA != paramB || (!paramA && !a[i].equals(b[i]))) {
                return false;
            }
        }
        return true;
    }

    private static String[] split(String path) {
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        List<String> parts = new ArrayList<>(List.of(trimmed.substring(1).split("/", -1)));
        return parts.toArray(String[]::new);
    }
}
