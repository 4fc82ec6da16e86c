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
        assertThat(config.chatMaxTextChars()).isEqualTo(4000);
        assertThat(config.noConsentGrace()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.offlineMessageRetention()).isEqualTo(Duration.ofDays(30));
        assertThat(config.endedQueueEntryRetention()).isEqualTo(Duration.ofHours(1));
        assertThat(config.staffOffDutyGrace()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.minimumChatTime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.pickUpTime()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.jobInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.sessionRetention()).isEqualTo(Duration.ofDays(1));
        assertThat(config.auditRetention()).isEqualTo(Duration.ofDays(365));
    }

    @Test
    void serviceTunablesFollowTheSamePrecedence() throws Exception {
        Path file = dir.resolve("tunables.properties");
        Files.writeString(file, """
                officehours.minimum-chat-minutes = 15
                chat.max-text-chars = 2000
                jobs.interval-seconds = 10
                """);
        Map<String, String> environment = Map.of(
                "SPREEKUUR_OFFICEHOURS_MINIMUM_CHAT_MINUTES", "20",
                "SPREEKUUR_RETENTION_AUDIT_DAYS", "730");
        Map<String, String> flags = Map.of("jobs.interval-seconds", "0.5");

        ServerConfig config = ConfigLoader.load(flags, environment, file);

        assertThat(config.jobInterval()).isEqualTo(Duration.ofMillis(500));      // flag over file
        assertThat(config.minimumChatTime()).isEqualTo(Duration.ofMinutes(20)); // environment over file
        assertThat(config.auditRetention()).isEqualTo(Duration.ofDays(730));    // environment only
        assertThat(config.chatMaxTextChars()).isEqualTo(2000);                   // file only
        assertThat(config.staffOffDutyGrace()).isEqualTo(Duration.ofMinutes(10)); // default
    }

    @Test
    void serviceTunablesAreRangeChecked() {
        assertThatThrownBy(() -> ServerConfig.fromValues(Map.of("chat.max-text-chars", "0")))
                .hasMessage("chat.max-text-chars=0: must be between 1 and 65536");
        assertThatThrownBy(() -> ServerConfig.fromValues(Map.of("officehours.minimum-chat-minutes", "-1")))
                .hasMessage("officehours.minimum-chat-minutes=-1: must be between 0 and 240");
        assertThatThrownBy(() -> ServerConfig.fromValues(Map.of("retention.audit-days", "0")))
                .hasMessage("retention.audit-days=0: must be between 1 and 3650");
        assertThatThrownBy(() -> ServerConfig.fromValues(Map.of("jobs.interval-seconds", "0")))
                .hasMessage("jobs.interval-seconds=0: must be between 0.1 and 300");
        assertThatThrownBy(() -> ServerConfig.fromValues(Map.of("officehours.staff-off-duty-grace-seconds", "soon")))
                .hasMessageContaining("officehours.staff-off-duty-grace-seconds=soon: must be a number of seconds");
        assertThatThrownBy(() -> ServerConfig.fromValues(Map.of("officehours.pick-up-seconds", "0.0001")))
                .hasMessageContaining("officehours.pick-up-seconds=0.0001");
        // zero is a valid choice where it only shortens a period, e.g. no readable grace without consent
        assertThat(ServerConfig.fromValues(Map.of("officehours.no-consent-grace-minutes", "0")).noConsentGrace())
                .isZero();
    }

    @Test
    void everyKeyIsDescribed() {
        for (ConfigKey key : ConfigKey.values()) {
            assertThat(key.description()).as(key.key()).isNotBlank();
            assertThat(ConfigKey.byKey(key.key())).contains(key);
        }
        assertThat(ConfigKey.OFFICEHOURS_NO_CONSENT_GRACE_MINUTES.environmentVariable())
                .isEqualTo("SPREEKUUR_OFFICEHOURS_NO_CONSENT_GRACE_MINUTES");
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
