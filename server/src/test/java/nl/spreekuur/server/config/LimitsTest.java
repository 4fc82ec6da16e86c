package nl.spreekuur.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LimitsTest {

    @Test
    void defaultsAreThoseOfTheKeys() {
        Limits limits = ServerConfig.defaults().limits();
        assertThat(limits.passwordThreads()).isEqualTo(1);
        assertThat(limits.passwordQueue()).isEqualTo(8);
        assertThat(limits.loginPerAddress()).isEqualTo(new Limits.Rate(10, 10));
        assertThat(limits.loginBackoffMax()).isEqualTo(Duration.ofSeconds(900));
        assertThat(limits.connectionsPerAddress()).isEqualTo(64);
        assertThat(limits.socketsPerToken()).isEqualTo(16);
        assertThat(limits.socketsAwaitingHello()).isEqualTo(1000);
        assertThat(limits.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(limits.checkOrigin()).isTrue();
        assertThat(limits.allowedOrigins()).isEmpty();
        assertThat(limits.trustedProxies()).isEmpty();
        assertThat(limits.maxQueueLength()).isEqualTo(100);
        assertThat(limits.maxWaitingPerAddress()).isEqualTo(5);
    }

    @Test
    void originsAndProxiesAreParsedStrictly() throws Exception {
        Limits limits = ServerConfig.fromValues(Map.of("ws.allowed-origins", " https://WWW.Welzijn.nl , http://a:81",
                "http.trusted-proxies", "10.0.0.1, ::1", "ws.check-origin", "FALSE")).limits();
        assertThat(limits.allowedOrigins()).containsExactlyInAnyOrder("https://www.welzijn.nl", "http://a:81");
        assertThat(limits.trustedProxies()).containsExactlyInAnyOrder(InetAddress.getByName("10.0.0.1"),
                InetAddress.getByName("::1"));
        assertThat(limits.checkOrigin()).isFalse();
        assertThatThrownBy(() -> ServerConfig.fromValues(Map.of("ws.allowed-origins", "https://x.nl/path")))
                .hasMessageContaining("ws.allowed-origins");
        assertThatThrownBy(() -> ServerConfig.fromValues(Map.of("ws.allowed-origins", "x.nl")))
                .hasMessageContaining("ws.allowed-origins");
        assertThatThrownBy(() -> ServerConfig.fromValues(Map.of("http.trusted-proxies", "proxy.local")))
                .hasMessageContaining("http.trusted-proxies");
        assertThatThrownBy(() -> ServerConfig.fromValues(Map.of("ws.check-origin", "yes")))
                .hasMessageContaining("ws.check-origin");
        assertThatThrownBy(() -> ServerConfig.fromValues(Map.of("login.backoff-base-seconds", "10",
                "login.backoff-max-seconds", "5"))).hasMessageContaining("login.backoff-max-seconds");
    }
}
