package nl.spreekuur.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.spreekuur.server.auth.PasswordHasher;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.config.ServerConfig;
import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The management subcommands against a real embedded store in a temporary data dir. */
class MainTest {
    @TempDir
    Path dataDir;

    private String output;
    private String errors;

    private int run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of());
        output = out.toString(StandardCharsets.UTF_8);
        errors = err.toString(StandardCharsets.UTF_8);
        return exit;
    }

    private Store store() {
        return nl.spreekuur.server.store.StoreOpener.fromConfig().open(ServerConfig.fromValues(Map.of("data-dir", dataDir.toString())),
                Clock.systemUTC());
    }

    @Test
    void orgAddCreatesAnOrganisationOnce() {
        assertThat(run("", "org", "add", "--data-dir", dataDir.toString(), "--slug", "wijkteam", "--name",
                "Wijkteam Oost")).isZero();
        assertThat(output).contains("Organisation wijkteam created");
        // options may also come before the subcommand
        assertThat(run("", "--data-dir", dataDir.toString(), "org", "add", "--slug", "wijkteam", "--name", "X"))
                .isEqualTo(1);
        assertThat(errors).contains("already exists");
        try (Store store = store()) {
            assertThat(store.organisations().bySlug("wijkteam").map(Organisation::name)).contains("Wijkteam Oost");
        }
    }

    @Test
    void storeNewGenerationChangesEveryConversationEpoch() {
        String id;
        String epochBefore;
        try (Store store = store()) {
            String org = store.organisations().create("demo", "Demo").id();
            id = store.conversations().create(org, nl.spreekuur.protocol.v1.ConversationKind.OFFICE_HOUR_CHAT,
                    null, java.time.Instant.now()).id();
            epochBefore = store.conversations().byId(id).orElseThrow().epoch();
        }
        assertThat(run("", "store", "new-generation", "--data-dir", dataDir.toString())).isZero();
        assertThat(output).contains("Store generation 1 started");
        try (Store store = store()) {
            assertThat(store.generation()).isEqualTo(1);
            assertThat(store.conversations().byId(id).orElseThrow().epoch())
                    .isNotEqualTo(epochBefore).startsWith(epochBefore);
        }
    }

    @Test
    void orgSlugIsValidated() {
        assertThat(run("", "org", "add", "--data-dir", dataDir.toString(), "--slug", "Bad Slug", "--name", "X"))
                .isEqualTo(1);
        assertThat(errors).contains("slug");
    }

    @Test
    void userAddReadsThePasswordFromStdin() {
        run("", "org", "add", "--data-dir", dataDir.toString(), "--slug", "demo", "--name", "Demo");
        assertThat(run("correct horse battery\n", "user", "add", "--data-dir", dataDir.toString(), "--org", "demo",
                "--username", "Anna", "--display-name", "Anna de Vries", "--role", "professional,org-admin",
                "--password-stdin")).isZero();
        assertThat(output).contains("Account anna created in demo").doesNotContain("correct horse");
        try (Store store = store()) {
            Organisation org = store.organisations().bySlug("demo").orElseThrow();
            Account anna = store.accounts().byUsername(org.id(), "anna").orElseThrow();
            assertThat(anna.displayName()).isEqualTo("Anna de Vries");
            assertThat(anna.roles()).containsExactlyInAnyOrder(Role.PROFESSIONAL, Role.ORG_ADMIN);
            assertThat(new PasswordHasher().verify(anna.passwordHash(), "correct horse battery".toCharArray()))
                    .isTrue();
        }
    }

    @Test
    void userAddCanGenerateAPasswordAndPrintsItOnce() {
        run("", "org", "add", "--data-dir", dataDir.toString(), "--slug", "demo", "--name", "Demo");
        assertThat(run("", "user", "add", "--data-dir", dataDir.toString(), "--org", "demo", "--username", "bert",
                "--role", "supervisor", "--generate-password")).isZero();
        Matcher matcher = Pattern.compile("Password \\(shown only now\\): (\\S+)").matcher(output);
        assertThat(matcher.find()).isTrue();
        String password = matcher.group(1);
        assertThat(password).hasSizeGreaterThanOrEqualTo(PasswordHasher.MIN_LENGTH);
        try (Store store = store()) {
            Organisation org = store.organisations().bySlug("demo").orElseThrow();
            Account bert = store.accounts().byUsername(org.id(), "bert").orElseThrow();
            assertThat(bert.displayName()).isEqualTo("bert");
            assertThat(new PasswordHasher().verify(bert.passwordHash(), password.toCharArray())).isTrue();
        }
    }

    @Test
    void userAddRefusesShortPasswordsMissingPasswordSourceAndOperatorRole() {
        run("", "org", "add", "--data-dir", dataDir.toString(), "--slug", "demo", "--name", "Demo");
        assertThat(run("short\n", "user", "add", "--data-dir", dataDir.toString(), "--org", "demo", "--username",
                "c", "--role", "professional", "--password-stdin")).isEqualTo(1);
        assertThat(errors).contains("12");
        assertThat(run("", "user", "add", "--data-dir", dataDir.toString(), "--org", "demo", "--username", "c",
                "--role", "professional")).isEqualTo(2);
        assertThat(run("", "user", "add", "--data-dir", dataDir.toString(), "--org", "demo", "--username", "c",
                "--role", "operator", "--generate-password")).isEqualTo(1);
        assertThat(run("", "user", "add", "--data-dir", dataDir.toString(), "--org", "nope", "--username", "c",
                "--role", "professional", "--generate-password")).isEqualTo(1);
        assertThat(errors).contains("no organisation nope");
    }

    @Test
    void operatorAddCreatesADeploymentLevelAccount() {
        assertThat(run("correct horse battery\n", "operator", "add", "--data-dir", dataDir.toString(),
                "--username", "root", "--password-stdin")).isZero();
        assertThat(output).contains("(operator)");
        try (Store store = store()) {
            Account root = store.accounts().byUsername(null, "root").orElseThrow();
            assertThat(root.organisationId()).isNull();
            assertThat(root.roles()).containsExactly(Role.OPERATOR);
        }
    }

    @Test
    void helpAndVersion() {
        assertThat(run("", "--help")).isZero();
        assertThat(output).contains("--demo").contains("--data-dir").contains("org").contains("user");
        assertThat(run("", "--version")).isZero();
        assertThat(output).startsWith("spreekuur ");
    }
}
