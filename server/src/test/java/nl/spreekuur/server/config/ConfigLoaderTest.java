package nl.spreekuur.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void defaults() {
        ServerConfig config = ServerConfig.defaults();
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.bind()).isEqualTo("0.0.0.0");
        assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(config.embeddedStore()).isTrue();
        assertThat(config.broker()).isEqualTo(ServerConfig.BrokerKind.MEMORY);
        assertThat(config.maxFrameBytes()).isEqualTo(65536);
        assertThat(config.helloTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.outboxMaxMessages()).isEqualTo(1024);
        assertThat(config.outboxMaxBytes()).isEqualTo(4L * 1024 * 1024);
        assertThat(config.staffSessionTtl()).isEqualTo(Duration.ofHours(12));
        assertThat(config.anonymousSessionTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(config.publicUrl(8080)).isEqualTo("http://localhost:8080/");
    }

    @Test
    void flagsBeatEnvironmentBeatFileBeatDefaults() throws Exception {
        Path file = dir.resolve("spreekuur.properties");
        Files.writeString(file, """
                # deployment file
                port = 7000
                data-dir = /srv/file
                ws.heartbeat-seconds = 30
                store.url = jdbc:postgresql://file/db
                """);
        Map<String, String> environment = Map.of(
                "SPREEKUUR_PORT", "7100",
                "SPREEKUUR_DATA_DIR", "/srv/env",
                "SPREEKUUR_WS_MAX_FRAME_BYTES", "32768",
                "UNRELATED", "x");
        Map<String, String> flags = Map.of("port", "7200");

        ServerConfig config = ConfigLoader.load(flags, environment, file);

        assertThat(config.port()).isEqualTo(7200);                              // flag
        assertThat(config.dataDir()).isEqualTo(Path.of("/srv/env"));            // environment over file
        assertThat(config.maxFrameBytes()).isEqualTo(32768);                     // environment only
        assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(30)); // file only
        assertThat(config.storeUrl()).isEqualTo("jdbc:postgresql://file/db");
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(60));      // default
    }

    @Test
    void configFileFromTheEnvironmentWhenNoFlag() throws Exception {
        Path file = dir.resolve("from-env.properties");
        Files.writeString(file, "port=6000\n");
        ServerConfig config = ConfigLoader.load(Map.of(), Map.of("SPREEKUUR_CONFIG", file.toString()), null);
        assertThat(config.port()).isEqualTo(6000);
    }

    @Test
    void environmentVariableNamesAreDerivedFromKeys() {
        assertThat(ConfigKey.WS_MAX_FRAME_BYTES.environmentVariable()).isEqualTo("SPREEKUUR_WS_MAX_FRAME_BYTES");
        assertThat(ConfigKey.DATA_DIR.environmentVariable()).isEqualTo("SPREEKUUR_DATA_DIR");
        assertThat(ConfigKey.STORE_URL.environmentVariable()).isEqualTo("SPREEKUUR_STORE_URL");
        assertThat(ConfigKey.PUBLIC_URL.environmentVariable()).isEqualTo("SPREEKUUR_PUBLIC_URL");
    }

    @Test
    void fractionalSecondsForShortTimeouts() {
        ServerConfig config = ServerConfig.fromValues(Map.of("ws.hello-timeout-seconds", "0.25"));
        assertThat(config.helloTimeout()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void unknownKeysAndBadValuesNameTheKey() {
        assertThatThrownBy(() -> ServerConfig.fromValues(Map.of("prot", "1")))
                .hasMessageContaining("unknown configuration key: prot");
        assertThatThrownBy(() -> ServerConfig.fromValues(Map.of("port", "eighty")))
                .hasMessageContaining("port=eighty");
        assertThatThrownBy(() -> ServerConfig.fromValues(Map.of("broker", "kafka")))
                .hasMessageContaining("memory or redis");
        assertThatThrownBy(() -> ServerConfig.fromValues(Map.of("ws.idle-timeout-seconds", "-1")))
                .hasMessageContaining("ws.idle-timeout-seconds");
    }

    @Test
    void thePasswordIsNeverShown() {
        ServerConfig config = ServerConfig.fromValues(Map.of("store.password", "s3cret", "store.url", "jdbc:x"));
        assertThat(config.toString()).doesNotContain("s3cret");
        assertThatThrownBy(() -> ServerConfig.fromValues(Map.of("store.pool-size", "s3cret")))
                .hasMessageContaining("store.pool-size");
    }

    @Test
    void publicUrlWins() {
        ServerConfig config = ServerConfig.fromValues(Map.of("public-url", "https://chat.example.nl"));
        assertThat(config.publicUrl(8080)).isEqualTo("https://chat.example.nl/");
    }

    @Test
    void quickExitTargetIsAWebUrlOrALocalPath() {
        assertThat(ServerConfig.defaults().webExitUrl()).isEqualTo("https://www.google.nl/");
        assertThat(ServerConfig.fromValues(Map.of("web.exit-url", "/neutral.html")).webExitUrl())
                .isEqualTo("/neutral.html");
        assertThat(ServerConfig.fromValues(Map.of("web.exit-url", "https://weer.example.nl/?q=a&b=c")).webExitUrl())
                .isEqualTo("https://weer.example.nl/?q=a&b=c");
        for (String bad : new String[] {"javascript:alert(1)", "//evil.example", "weer.nl", "/a\"onload=\"x"}) {
            assertThatThrownBy(() -> ServerConfig.fromValues(Map.of("web.exit-url", bad)))
                    .as(bad).hasMessageContaining("web.exit-url");
        }
    }
}
