package nl.spreekuur.server.http;

import static org.assertj.core.api.Assertions.assertThat;

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
}
