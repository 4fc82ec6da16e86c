package nl.spreekuur.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves the browser app from a classpath folder (the web-client module packages it under {@code /web/}).
 * {@code /} and the app's deep links ({@code /s/...}, {@code /pro/...}) get {@code index.html}. Only plain file
 * names with a known extension are served: no {@code ..} or {@code .} segments, no backslashes, no empty
 * segments, so a request can never leave the folder.
 *
 * <p>{@code index.html} gets the configured quick-exit target ({@code web.exit-url}) written into its
 * {@code <meta name="spreekuur-exit-url">}. HTML is sent with {@code Cache-Control: no-store}, so neither the
 * disk cache nor the back/forward cache keeps a client's page after a quick exit; other files only revalidate.
 */
public final class StaticFiles {
    private static final String INDEX = "index.html";
    private static final Pattern EXIT_URL_META =
            Pattern.compile("(<meta\\s+name=\"spreekuur-exit-url\"\\s+content=\")[^\"]*(\")");
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("mp3", "audio/mpeg"),
            Map.entry("ogg", "audio/ogg"));

    private final ClassLoader loader;
    private final String root;
    private final String exitUrl;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /** Serves the files as they are (index.html keeps the exit target it was built with). */
    public StaticFiles(ClassLoader loader, String root) {
        this(loader, root, null);
    }

    /**
     * @param root    classpath folder without slashes, e.g. {@code "web"}
     * @param exitUrl the quick-exit target written into index.html (already validated by the config), or null
     */
    public StaticFiles(ClassLoader loader, String root, String exitUrl) {
        this.loader = loader;
        this.root = root;
        this.exitUrl = exitUrl;
    }

    /** The file for a decoded request path, if there is one. */
    public Optional<HttpReply> serve(String path) {
        Optional<String> name = fileName(path);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> type = contentType(name.get());
        if (type.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes = read(root + "/" + name.get(), name.get().equals(INDEX));
        if (bytes == null) {
            return Optional.empty();
        }
        // The app's files change with each release: revalidate rather than cache blindly. Pages are never stored.
        String cacheControl = type.get().startsWith("text/html") ? "no-store" : "no-cache";
        return Optional.of(HttpReply.bytes(200, type.get(), bytes).withHeader("Cache-Control", cacheControl));
    }

    /** The page with {@code exitUrl} as the content of its spreekuur-exit-url meta tag. */
    static String withExitUrl(String html, String exitUrl) {
        Matcher meta = EXIT_URL_META.matcher(html);
        if (!meta.find()) {
            return html;
        }
        String escaped = exitUrl.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;")
                .replace(">", "&gt;");
        return html.substring(0, meta.end(1)) + escaped + html.substring(meta.start(2));
    }

    /** Maps a decoded request path to a file name inside the folder, or empty if it is not a safe file path. */
    static Optional<String> fileName(String path) {
        if (path == null || !path.startsWith("/")) {
            return Optional.empty();
        }
        if (path.equals("/") || isAppLink(path)) {
            return Optional.of(INDEX);
        }
        String name = path.substring(1);
        if (name.isEmpty() || name.endsWith("/") || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0
                || name.indexOf(':') >= 0 || name.indexOf('%') >= 0) {
            return Optional.empty();
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.startsWith(".")) {
                return Optional.empty();
            }
        }
        return Optional.of(name);
    }

    private static boolean isAppLink(String path) {
        return path.equals("/s") || path.startsWith("/s/") || path.equals("/pro") || path.startsWith("/pro/");
    }

    static Optional<String> contentType(String name) {
        int slash = name.lastIndexOf('/');
        int dot = name.lastIndexOf('.');
        if (dot <= slash + 1) {
            return Optional.empty();
        }
        return Optional.ofNullable(TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT)));
    }

    private byte[] read(String resource, boolean index) {
        byte[] cached = cache.get(resource);
        if (cached != null) {
            return cached;
        }
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            byte[] bytes = in.readAllBytes();
            if (index && exitUrl != null) {
                bytes = withExitUrl(new String(bytes, StandardCharsets.UTF_8), exitUrl).getBytes(StandardCharsets.UTF_8);
            }
            cache.put(resource, bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
