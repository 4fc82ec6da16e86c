package nl.spreekuur.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import nl.spreekuur.server.testsupport.RecordingApplication;
import nl.spreekuur.server.testsupport.TestServer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real browser app (the web-client build with its gzip copies and asset manifest) over real HTTP, as a cheap
 * phone sees it: one page that names every module of the start page for preloading, everything compressed,
 * versioned files cached for good, other files revalidated with ETag / Last-Modified (304 without a body), the
 * start page under 100 KiB on the wire, and the strict CSP unchanged. Unknown page paths get the app's page with
 * status 404, so the app shows its own "not found" view with the quick exit.
 */
class StaticAssetsHttpTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern REFERENCE = Pattern.compile("(?:src|href)=\"(/assets/[^\"]+)\"");
    private static final Pattern PRELOAD = Pattern.compile("<link rel=\"modulepreload\" href=\"([^\"]+)\">");
    private static final Pattern STATIC_IMPORT = Pattern.compile(
            "(?m)^\\s*(?:import|export)\\s(?:[^'\";]*?\\sfrom\\s*)?['\"](\\.{1,2}/[^'\"]+)['\"]");

    @AutoClose
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.builder().staticRoot("web").application(RecordingApplication::new).start();
    }

    @Test
    void theStartPageIsUnder100KiBCompressedWithEveryModulePreloadedAndCachedForGood() throws Exception {
        HttpResponse<byte[]> page = get("/s/demo/inloop", "gzip, deflate, br");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
        HttpEndpointsTest.assertSecurityHeaders(page.headers());
        assertThat(page.headers().firstValue("Content-Encoding")).as("the page itself compressed").contains("gzip");
        assertThat(page.headers().firstValue("Vary")).contains("Accept-Encoding");
        String html = new String(gunzip(page.body()), StandardCharsets.UTF_8);
        assertThat(html).containsPattern("<script type=\"module\" src=\"/assets/[0-9a-f]{12}/js/app.js\">")
                .containsPattern("<link rel=\"stylesheet\" href=\"/assets/[0-9a-f]{12}/css/app.css\">");

        Set<String> loaded = new LinkedHashSet<>();
        Matcher ref = REFERENCE.matcher(html);
        while (ref.find()) {
            loaded.add(ref.group(1));
        }
        Set<String> preloaded = new LinkedHashSet<>();
        Matcher pre = PRELOAD.matcher(html);
        while (pre.find()) {
            preloaded.add(pre.group(1));
        }
        assertThat(preloaded).hasSizeGreaterThan(10).allMatch(url -> url.startsWith("/assets/"));

        long onTheWire = page.body().length;
        for (String url : loaded) {
            HttpResponse<byte[]> file = get(url, "gzip, deflate, br");
            assertThat(file.statusCode()).as(url).isEqualTo(200);
            assertThat(file.headers().firstValue("Cache-Control")).as(url)
                    .contains("public, max-age=31536000, immutable");
            onTheWire += file.body().length;
            if (url.endsWith(".js")) {
                assertThat(file.headers().firstValue("Content-Encoding")).as(url).contains("gzip");
                // no waterfall: whatever a preloaded module imports statically is preloaded too
                String source = new String(gunzip(file.body()), StandardCharsets.UTF_8);
                Matcher imports = STATIC_IMPORT.matcher(source);
                while (imports.find()) {
                    String target = java.net.URI.create(url).resolve(imports.group(1)).getPath();
                    assertThat(loaded).as("imported by " + url).contains(target);
                }
            }
        }
        assertThat(loaded).containsAll(preloaded);
        System.out.printf("start page on the wire: %d bytes (%.1f KiB) in %d files%n", onTheWire, onTheWire / 1024.0,
                loaded.size() + 1);
        // Issue 14: under 100 KiB. Group rooms, the professional app and the video-call code load on demand
        // (dynamic import()), and the start page loads only the client's texts (i18n/nl.start.json).
        assertThat(onTheWire).as("bytes of the start page on the wire").isLessThan(100 * 1024);
        assertThat(loaded).as("no call code on the start page").noneMatch(url -> url.contains("/call/"));
        assertThat(loaded).as("the start page's texts, not every screen's")
                .anyMatch(url -> url.endsWith("/i18n/nl.start.json")).noneMatch(url -> url.endsWith("/i18n/nl.json"));
    }

    @Test
    void eachClientPageStartsItsFirstDataAndItsOwnModuleWithThePage() throws Exception {
        String version = versionOfThePage();
        String hour = new String(get("/s/demo/inloop", null).body(), StandardCharsets.UTF_8);
        String statusPreload = "<link rel=\"preload\" as=\"fetch\" crossorigin"
                + " href=\"/api/public/organisations/demo/office-hours/inloop\">";
        assertThat(hour).contains(statusPreload);
        assertThat(hour.indexOf(statusPreload)).as("before the page's own files")
                .isLessThan(hour.indexOf("rel=\"stylesheet\""));
        assertThat(hour).as("the office hour's page loads neither the landing page nor the list")
                .doesNotContain("landing.js").doesNotContain("listView.js");

        String list = new String(get("/s/demo", null).body(), StandardCharsets.UTF_8);
        assertThat(list).contains("<link rel=\"preload\" as=\"fetch\" crossorigin"
                + " href=\"/api/public/organisations/demo/office-hours\">")
                .contains("<link rel=\"modulepreload\" href=\"/assets/" + version + "/js/views/client/listView.js\">");

        String landing = new String(get("/", null).body(), StandardCharsets.UTF_8);
        assertThat(landing).contains("<link rel=\"modulepreload\" href=\"/assets/" + version + "/js/views/landing.js\">")
                .doesNotContain("rel=\"preload\" as=\"fetch\" crossorigin href=\"/api/");

        // nothing from an unusual path is written into the page
        for (String path : List.of("/s/de%20mo/inloop", "/s/demo/in%22loop", "/pro/", "/s/demo/inloop/extra")) {
            String page = new String(get(path, null).body(), StandardCharsets.UTF_8);
            assertThat(page).as(path).doesNotContain("href=\"/api/");
        }
    }

    @Test
    void versionedFilesAreTheUnversionedOnesAndAnOldVersionIsRevalidated() throws Exception {
        String version = versionOfThePage();
        HttpResponse<byte[]> plain = get("/js/app.js", null);
        HttpResponse<byte[]> versioned = get("/assets/" + version + "/js/app.js", "gzip");
        assertThat(gunzip(versioned.body())).isEqualTo(plain.body());
        assertThat(versioned.headers().firstValue("Vary")).contains("Accept-Encoding");

        HttpResponse<byte[]> old = get("/assets/000000000000/js/app.js", null);
        assertThat(old.statusCode()).isEqualTo(200);
        assertThat(old.headers().firstValue("Cache-Control")).contains("no-cache");
        assertThat(old.body()).isEqualTo(plain.body());
    }

    @Test
    void unversionedFilesRevalidateAndARepeatVisitTransfersNothing() throws Exception {
        HttpResponse<byte[]> first = get("/js/app.js", "gzip");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Cache-Control")).contains("no-cache");
        assertThat(first.headers().firstValue("Content-Encoding")).contains("gzip");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(first.headers().firstValue("Last-Modified")).isPresent();
        assertThat(etag).matches("\"[A-Za-z0-9_-]{16}-gz\"");

        HttpResponse<byte[]> again = send(HttpRequest.newBuilder(server.http("/js/app.js"))
                .header("Accept-Encoding", "gzip").header("If-None-Match", etag));
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).contains(etag);
        assertThat(again.headers().firstValue("Content-Length")).isEmpty();

        String cssModified = get("/css/app.css", null).headers().firstValue("Last-Modified").orElseThrow();
        HttpResponse<byte[]> bySince = send(HttpRequest.newBuilder(server.http("/css/app.css"))
                .header("If-Modified-Since", cssModified));
        assertThat(bySince.statusCode()).isEqualTo(304);

        // another coding is another representation: the gzip tag does not match the identity body
        HttpResponse<byte[]> identity = send(HttpRequest.newBuilder(server.http("/js/app.js"))
                .header("If-None-Match", etag));
        assertThat(identity.statusCode()).isEqualTo(200);
        assertThat(identity.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(identity.headers().firstValue("ETag")).contains(etag.replace("-gz", ""));
    }

    @Test
    void unknownPagesGetTheAppWithStatus404AndUnknownFilesPlain404() throws Exception {
        for (String path : List.of("/onbekend", "/hulp/", "/organisaties/demo")) {
            HttpResponse<byte[]> page = get(path, null);
            assertThat(page.statusCode()).as(path).isEqualTo(404);
            assertThat(page.headers().firstValue("Content-Type")).as(path).contains("text/html; charset=utf-8");
            assertThat(page.headers().firstValue("Cache-Control")).as(path).contains("no-store");
            assertThat(new String(page.body(), StandardCharsets.UTF_8)).as(path).contains("<div id=\"app\">");
            HttpEndpointsTest.assertSecurityHeaders(page.headers());
        }
        HttpResponse<byte[]> file = get("/js/bestaat-niet.js", null);
        assertThat(file.statusCode()).isEqualTo(404);
        assertThat(file.headers().firstValue("Content-Type")).contains("text/plain; charset=utf-8");
    }

    private static String versionOfThePage() throws Exception {
        Matcher m = Pattern.compile("/assets/([0-9a-f]{12})/js/app.js")
                .matcher(new String(get("/", null).body(), StandardCharsets.UTF_8));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static HttpResponse<byte[]> get(String path, String acceptEncoding) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.http(path));
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        return send(request);
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] gunzip(byte[] bytes) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }
}
