package nl.spreekuur.loadtest.cli;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import nl.spreekuur.server.SpreekuurServer;
import nl.spreekuur.server.config.ServerConfig;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.store.StoreOpener;
import nl.spreekuur.server.store.StoreSettings;

/**
 * A real Spreekuur server (production services, embedded in-memory store) on a free loopback port, with an
 * organisation {@code lt} and its org-admin {@code admin}, as an operator would prepare before a load test.
 */
final class SpreekuurUnderTest implements AutoCloseable {
    static final String ORGANISATION = "lt";
    static final String ADMIN = "admin";
    static final String PASSWORD = "load-test-admin-password";

    private final SpreekuurServer server;

    SpreekuurUnderTest() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("bind", "127.0.0.1");
        config.put("port", "0");
        config.put("shutdown.grace-seconds", "1");
        // Every simulated client comes from one address: the per-address limits are lifted, as BENCHMARKS.md does.
        for (String key : new String[] {"login.address-burst", "login.address-per-minute", "anonymous.address-burst",
                "anonymous.address-per-minute", "officehours.join-address-burst", "officehours.join-address-per-minute",
                "officehours.max-waiting-per-address", "limits.connections-per-address"}) {
            config.put(key, "100000");
        }
        config.put("anonymous.pow-bits", "0");
        server = SpreekuurServer.builder(ServerConfig.fromValues(config))
                .clock(Clock.systemUTC())
                .storeOpener((cfg, clock) -> StoreOpener.open(StoreSettings.inMemory("lt-" + UUID.randomUUID()),
                        clock))
                .build();
        server.start();
        Organisation org = server.context().store().organisations().create(ORGANISATION, "Load test");
        server.context().store().accounts().create(org.id(), ADMIN, "Admin",
                server.context().passwords().hash(PASSWORD.toCharArray()), Set.of(Role.ORG_ADMIN));
    }

    String url() {
        return "ws://127.0.0.1:" + server.port();
    }

    long pid() {
        return ProcessHandle.current().pid();
    }

    @Override
    public void close() {
        server.stop();
    }
}
