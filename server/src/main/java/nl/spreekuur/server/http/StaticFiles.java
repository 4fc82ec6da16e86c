package nl.spreekuur.server.http;

import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Serves the browser app from a classpath folder (the web-client module packages it under {@code /web/}).
 * {@code /} and the app's deep links ({@code /s/...}, {@code /pro/...}) get {@code index.html}; any other path
 * that names no file and looks like a page (no extension) gets it too, with status 404, so the app shows its own
 * "not found" page with the quick exit. Only plain file names with a known extension are served: no {@code ..} or
 * {@code .} segments, no backslashes, no empty segments, so a request can never leave the folder.
 *
 * <p>{@code index.html} gets the configured quick-exit target ({@code web.exit-url}) written into its
 * {@code <meta name="spreekuur-exit-url">}. HTML is sent with {@code Cache-Control: no-store}, so neither the
 * disk cache nor the back/forward cache keeps a client's page after a quick exit.
 *
 * <p>Caching and size, with the build's {@link AssetManifest} (see {@code docs/operations.md}):
 * <ul>
 *   <li>{@code index.html} refers to the files it loads under {@code /assets/<version>/...} (the release's
 *       version) and lists every module of the client's start page as {@code <link rel="modulepreload">}, so the
 *       browser fetches them in parallel instead of discovering them import by import. The modules' relative
 *       imports resolve under the same prefix. A versioned file of the current release is
 *       {@code Cache-Control: public, max-age=31536000, immutable}: a repeat visit fetches nothing but the page.
 *       Another version (a page loaded before a deploy) is served the current file, revalidated.</li>
 *   <li>Every other file: {@code Cache-Control: no-cache} with a strong {@code ETag} and {@code Last-Modified};
 *       {@code If-None-Match} / {@code If-Modified-Since} answer 304 without a body.</li>
 *   <li>Text files have a gzip copy made at build time; a client that accepts gzip gets it with
 *       {@code Content-Encoding: gzip} ({@code Vary: Accept-Encoding}; the ETag names the coding).</li>
 * </ul>
 */
public final class StaticFiles {
    private static final String INDEX = "index.html";
    /** Where versioned files are served: {@code /assets/<version>/<file>}. */
    public static final String ASSET_PREFIX = "/assets/";
    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final Pattern LOCAL_REFERENCE = Pattern.compile("((?:src|href)=\")/([^\"#?]+)(\")");
    /**
     * The texts every page loads first (js/i18n.js fetches them relative to itself): the start pages' subset of the
     * default language, written by the web client's build step; preloaded with the modules.
     */
    static final String DEFAULT_TEXTS = "i18n/nl.start.json";
    private static final Pattern MODULE_SCRIPT = Pattern.compile("<script type=\"module\"");
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
    private final Optional<AssetManifest> manifest;
    /** Files found, by name; misses are not kept (any request may name a file, the map must not grow with them). */
    private final Map<String, Asset> cache = new ConcurrentHashMap<>();

    /** A file as served: its bytes, the build's gzip copy (or null), its ETag and modification time (or null). */
    private record Asset(byte[] bytes, byte[] gzip, String etag, Instant lastModified) {
    }

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
        this.manifest = AssetManifest.load(loader, root);
    }

    /** The release version from the build's manifest; empty when the folder has none. */
    public Optional<String> version() {
        return manifest.map(AssetManifest::version);
    }

    /** The file for a decoded request path, if there is one (as for a request without conditional headers). */
    public Optional<HttpReply> serve(String path) {
        return serve(path, EmptyHttpHeaders.INSTANCE);
    }

    /**
     * The file for a decoded request path, if there is one, in the coding the request accepts; 304 when the
     * request's validators match.
     */
    public Optional<HttpReply> serve(String path, HttpHeaders request) {
        boolean current = false;
        if (path != null && path.startsWith(ASSET_PREFIX)) {
            int slash = path.indexOf('/', ASSET_PREFIX.length());
            if (slash < 0) {
                return Optional.empty();
            }
            String version = path.substring(ASSET_PREFIX.length(), slash);
            current = manifest.isPresent() && manifest.get().version().equals(version);
            path = path.substring(slash);
            if (path.equals("/") || isAppLink(path)) {
                return Optional.empty();
            }
        }
        Optional<String> name = fileName(path);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> type = contentType(name.get());
        if (type.isEmpty()) {
            return Optional.empty();
        }
        if (name.get().equals(INDEX)) {
            return indexPage(200, path, request);
        }
        Optional<Asset> asset = asset(name.get());
        if (asset.isEmpty()) {
            return Optional.empty();
        }
        String cacheControl = type.get().startsWith("text/html") ? "no-store" : current ? IMMUTABLE : "no-cache";
        return Optional.of(reply(asset.get(), type.get(), cacheControl, request));
    }

    /**
     * For a path that names no file: the app's page with status 404 when the path looks like a page (its last
     * segment has no extension), so the app shows its own "not found" view with the quick exit; else empty.
     */
    public Optional<HttpReply> notFoundPage(String path) {
        if (path == null || !path.startsWith("/")) {
            return Optional.empty();
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        if (last.contains(".") || path.startsWith(ASSET_PREFIX)) {
            return Optional.empty();
        }
        return indexPage(404, null, EmptyHttpHeaders.INSTANCE);
    }

    /** Where {@code file} of this release is served ({@code /assets/<version>/<file>}), or null without a manifest. */
    private String versionedHref(String file) {
        return file == null ? null : manifest.filter(m -> m.contains(file))
                .map(m -> ASSET_PREFIX + m.version() + "/" + file).orElse(null);
    }

    /**
     * The app's page; for a page whose first fetches {@link PagePreloads} knows, with those preloaded. Compressed
     * per request when the client accepts gzip (the page differs by path, and it is the first thing a slow phone
     * waits for: about 2.4 KiB become 0.8).
     */
    private Optional<HttpReply> indexPage(int status, String path, HttpHeaders request) {
        return asset(INDEX).map(index -> {
            byte[] page = PagePreloads.of(path)
                    .map(preloads -> PagePreloads.into(new String(index.bytes(), StandardCharsets.UTF_8), preloads,
                            versionedHref(preloads.module())).getBytes(StandardCharsets.UTF_8))
                    .orElse(index.bytes());
            boolean gzip = accepts(request.get(HttpHeaderNames.ACCEPT_ENCODING), "gzip");
            HttpReply reply = HttpReply.bytes(status, TYPES.get("html"), gzip ? gzip(page) : page)
                    .withHeader("Cache-Control", "no-store").withHeader("Vary", "Accept-Encoding");
            return gzip ? reply.withHeader("Content-Encoding", "gzip") : reply;
        });
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static HttpReply reply(Asset asset, String type, String cacheControl, HttpHeaders request) {
        boolean gzip = asset.gzip() != null && accepts(request.get(HttpHeaderNames.ACCEPT_ENCODING), "gzip");
        String etag = "\"" + asset.etag() + (gzip ? "-gz" : "") + "\"";
        HttpReply reply = notModified(request, etag, asset.lastModified())
                ? new HttpReply(304, null, new byte[0], Map.of())
                : HttpReply.bytes(200, type, gzip ? asset.gzip() : asset.bytes());
        if (gzip && reply.status() == 200) {
            reply = reply.withHeader("Content-Encoding", "gzip");
        }
        if (asset.gzip() != null) {
            reply = reply.withHeader("Vary", "Accept-Encoding");
        }
        reply = reply.withHeader("Cache-Control", cacheControl).withHeader("ETag", etag);
        if (asset.lastModified() != null) {
            reply = reply.withHeader("Last-Modified", httpDate(asset.lastModified()));
        }
        return reply;
    }

    /** If-None-Match decides when present (weak comparison, as RFC 9110 asks); else If-Modified-Since. */
    static boolean notModified(HttpHeaders request, String etag, Instant lastModified) {
        String ifNoneMatch = request.get(HttpHeaderNames.IF_NONE_MATCH);
        if (ifNoneMatch != null) {
            for (String candidate : ifNoneMatch.split(",")) {
                String tag = candidate.trim();
                if (tag.startsWith("W/")) {
                    tag = tag.substring(2);
                }
                if (tag.equals("*") || tag.equals(etag)) {
                    return true;
                }
            }
            return false;
        }
        String since = request.get(HttpHeaderNames.IF_MODIFIED_SINCE);
        if (since == null || lastModified == null) {
            return false;
        }
        try {
            return !lastModified.isAfter(ZonedDateTime.parse(since, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** True when the Accept-Encoding value lists the coding (or *) with a q-value above 0. */
    static boolean accepts(String acceptEncoding, String coding) {
        if (acceptEncoding == null) {
            return false;
        }
        boolean any = false;
        for (String item : acceptEncoding.split(",")) {
            String[] parts = item.trim().split(";");
            String name = parts[0].trim().toLowerCase(Locale.ROOT);
            boolean positive = true;
            for (int i = 1; i < parts.length; i++) {
                String param = parts[i].trim().toLowerCase(Locale.ROOT);
                if (param.startsWith("q=")) {
                    try {
                        positive = Double.parseDouble(param.substring(2)) > 0;
                    } catch (NumberFormatException e) {
                        positive = false;
                    }
                }
            }
            if (name.equals(coding)) {
                return positive;
            }
            if (name.equals("*")) {
                any = positive;
            }
        }
        return any;
    }

    private static String httpDate(Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atZone(ZoneOffset.UTC));
    }

    /**
     * The page as served: the exit target in its meta tag; with a manifest, its own files under the release's
     * {@code /assets/<version>/} and the start page's modules preloaded.
     */
    String rewriteIndex(String html) {
        if (exitUrl != null) {
            html = withExitUrl(html, exitUrl);
        }
        if (manifest.isEmpty()) {
            return html;
        }
        AssetManifest m = manifest.get();
        String prefix = ASSET_PREFIX + m.version() + "/";
        Matcher ref = LOCAL_REFERENCE.matcher(html);
        StringBuilder out = new StringBuilder();
        while (ref.find()) {
            String file = ref.group(2);
            String replacement = m.contains(file) && !file.endsWith(".html")
                    ? ref.group(1) + prefix + file + ref.group(3)
                    : ref.group(0);
            ref.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        ref.appendTail(out);
        html = out.toString();
        StringBuilder links = new StringBuilder();
        if (m.contains(DEFAULT_TEXTS)) {
            links.append("<link rel=\"preload\" as=\"fetch\" crossorigin href=\"").append(prefix)
                    .append(DEFAULT_TEXTS).append("\">\n  ");
        }
        for (String module : m.preload()) {
            if (!module.equals(AssetManifest.ENTRY) && m.contains(module)) {
                links.append("<link rel=\"modulepreload\" href=\"").append(prefix).append(module).append("\">\n  ");
            }
        }
        Matcher script = MODULE_SCRIPT.matcher(html);
        if (links.length() > 0 && script.find()) {
            html = html.substring(0, script.start()) + links + html.substring(script.start());
        }
        return html;
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
        return path.equals("/s") || path.startsWith("/s/") || path.equals("/pro") || path.startsWith("/pro/")
                || path.equals("/g") || path.startsWith("/g/") || path.startsWith("/v/");
    }

    static Optional<String> contentType(String name) {
        int slash = name.lastIndexOf('/');
        int dot = name.lastIndexOf('.');
        if (dot <= slash + 1) {
            return Optional.empty();
        }
        return Optional.ofNullable(TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT)));
    }

    private Optional<Asset> asset(String name) {
        Asset cached = cache.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Asset> loaded = load(name);
        loaded.ifPresent(asset -> cache.putIfAbsent(name, asset));
        return loaded;
    }

    private Optional<Asset> load(String name) {
        String resource = root + "/" + name;
        URL url = loader.getResource(resource);
        if (url == null) {
            return Optional.empty();
        }
        try {
            URLConnection connection = url.openConnection();
            connection.setUseCaches(false);
            long modified = connection.getLastModified();
            byte[] bytes;
            try (InputStream in = connection.getInputStream()) {
                bytes = in.readAllBytes();
            }
            Instant lastModified = modified > 0 ? Instant.ofEpochSecond(modified / 1000) : null;
            if (name.equals(INDEX)) {
                bytes = rewriteIndex(new String(bytes, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                return Optional.of(new Asset(bytes, null, etag(bytes), lastModified));
            }
            byte[] content = bytes;
            String etag = manifest.map(m -> m.etags().get(name)).orElseGet(() -> etag(content));
            return Optional.of(new Asset(content, readOptional(resource + ".gz"), etag, lastModified));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private byte[] readOptional(String resource) throws IOException {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    /** As the build step makes them: 16 characters of base64url SHA-256. */
    static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
