package nl.spreekuur.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StaticFilesTest {

    @ParameterizedTest
    @CsvSource({
            "/, index.html",
            "/s/demo/inloop, index.html",
            "/s, index.html",
            "/pro, index.html",
            "/pro/queue/42, index.html",
            "/g/qRO5d2hWUG4xQB9F-ITW0g, index.html",
            "/g, index.html",
            "/app.js, app.js",
            "/js/views/queue.js, js/views/queue.js"})
    void mapsPathsToFiles(String path, String file) {
        assertThat(StaticFiles.fileName(path)).contains(file);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../x.js", "/a/../../x.js", "/./x.js", "/a//x.js", "/a\\x.js", "/.env", "/a/", "",
            "x.js", "/c:/x.js", "/%2e%2e/x.js", "/x.js\0.png"})
    void refusesEverythingThatIsNotAPlainFilePath(String path) {
        assertThat(StaticFiles.fileName(path)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "index.html, text/html; charset=utf-8",
            "app.js, text/javascript; charset=utf-8",
            "m.mjs, text/javascript; charset=utf-8",
            "s.css, text/css; charset=utf-8",
            "d.json, application/json",
            "i.svg, image/svg+xml",
            "i.PNG, image/png",
            "f.woff2, font/woff2"})
    void contentTypes(String name, String type) {
        assertThat(StaticFiles.contentType(name)).contains(type);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Main.class", "README", "dir/noext", "archive.jar", "x.exe"})
    void unknownExtensionsAreNotServed(String name) {
        assertThat(StaticFiles.contentType(name)).isEmpty();
    }

    // The web-client module is on the test classpath: these read its real index.html under "web".

    @Test
    void indexCarriesTheConfiguredExitUrlAndIsNeverStored() {
        StaticFiles files = new StaticFiles(getClass().getClassLoader(), "web", "/neutral.html");
        for (String path : new String[] {"/", "/s/demo/inloop", "/pro/offline"}) {
            HttpReply reply = files.serve(path).orElseThrow();
            String html = new String(reply.body(), StandardCharsets.UTF_8);
            assertThat(html).as(path).contains("<meta name=\"spreekuur-exit-url\" content=\"/neutral.html\">")
                    .doesNotContain("https://www.google.nl/")
                    .containsPattern("<script type=\"module\" src=\"/assets/[0-9a-f]{12}/js/app.js\">");
            assertThat(reply.headers()).containsEntry("Cache-Control", "no-store");
        }
    }

    @Test
    void withoutAnExitUrlTheIndexIsServedAsBuilt() {
        StaticFiles files = new StaticFiles(getClass().getClassLoader(), "web");
        String html = new String(files.serve("/").orElseThrow().body(), StandardCharsets.UTF_8);
        assertThat(html).contains("<meta name=\"spreekuur-exit-url\" content=\"https://www.google.nl/\">");
    }

    @Test
    void otherHtmlIsNotStoredEitherAndScriptsRevalidate() {
        StaticFiles files = new StaticFiles(getClass().getClassLoader(), "web", "/neutral.html");
        assertThat(files.serve("/neutral.html").orElseThrow().headers()).containsEntry("Cache-Control", "no-store");
        assertThat(files.serve("/js/app.js").orElseThrow().headers()).containsEntry("Cache-Control", "no-cache");
    }

    @Test
    void theExitUrlIsEscapedAsAnAttributeValue() {
        String page = "<head>\n<meta name=\"spreekuur-exit-url\" content=\"https://www.google.nl/\">\n</head>";
        assertThat(StaticFiles.withExitUrl(page, "https://weer.example.nl/?a=1&b=\"2\""))
                .isEqualTo("<head>\n<meta name=\"spreekuur-exit-url\" content=\"https://weer.example.nl/?a=1&amp;b=&quot;2&quot;\">\n</head>");
        assertThat(StaticFiles.withExitUrl("<p>no meta</p>", "/x")).isEqualTo("<p>no meta</p>");
    }
}
