package nl.spreekuur.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.testsupport.TestServer;
import org.junit.jupiter.api.Test;

class DemoSetupTest {

    @Test
    void createsTheDemoOnceAndResetsThePasswordAtEveryRun() {
        try (TestServer server = TestServer.builder().start()) {
            ServerContext context = server.context();
            DemoSeeder seeder = (ctx, org, pro) -> List.of("Client: /s/" + org.slug() + "/inloop");

            DemoSetup.Result first = DemoSetup.run(context, seeder);
            assertThat(first.organisation().slug()).isEqualTo("demo");
            assertThat(first.organisation().name()).isEqualTo("Demo Welzijn");
            assertThat(first.professional().username()).isEqualTo("demo-pro");
            assertThat(first.professional().roles())
                    .containsExactlyInAnyOrder(Role.PROFESSIONAL, Role.SUPERVISOR, Role.ORG_ADMIN);
            assertThat(first.lines()).containsExactly("Client: /s/demo/inloop");
            assertThat(first.toString()).doesNotContain(first.password());
            var firstLogin = context.authenticator();
            String firstToken = new nl.spreekuur.server.auth.SessionIssuer(context.store(), context.passwords(), context.secondFactor(),
                    new nl.spreekuur.server.auth.LoginBackoff(context.clock(), 3, java.time.Duration.ofSeconds(1),
                            java.time.Duration.ofSeconds(1)),
                    new nl.spreekuur.server.auth.RecentSessions(context.clock()),
                    nl.spreekuur.server.auth.SignedTokens.fromStoreKey("0f".repeat(32)), context.clock(),
                    java.time.Duration.ofHours(1), java.time.Duration.ofHours(1))
                    .login("demo", "demo-pro", first.password().toCharArray(), Runnable::run).join().orElseThrow().token();

            DemoSetup.Result second = DemoSetup.run(context, seeder);
            assertThat(second.organisation().id()).isEqualTo(first.organisation().id());
            assertThat(second.professional().id()).isEqualTo(first.professional().id());
            assertThat(second.password()).isNotEqualTo(first.password());
            var storedHash = context.store().accounts().byId(second.professional().id()).orElseThrow().passwordHash();
            assertThat(context.passwords().verify(storedHash, second.password().toCharArray()).join()).isTrue();
            assertThat(context.passwords().verify(storedHash, first.password().toCharArray()).join()).isFalse();
            // sessions made with the old password end
            assertThat(firstLogin.authenticate(firstToken)).isEmpty();
        }
    }
}
