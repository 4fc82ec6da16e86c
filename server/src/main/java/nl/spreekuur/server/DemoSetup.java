package nl.spreekuur.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import nl.spreekuur.server.auth.PasswordHasher;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.store.Store;

/**
 * {@code --demo}: the organisation {@value #ORGANISATION} ("Demo Welzijn") and the professional
 * {@value #PROFESSIONAL} (professional, supervisor and org-admin) with a new random password at every start, then
 * the services' {@link DemoSeeder}. Idempotent: a restart on the same data dir reuses both and resets the password.
 */
public final class DemoSetup {
    public static final String ORGANISATION = "demo";
    public static final String ORGANISATION_NAME = "Demo Welzijn";
    public static final String PROFESSIONAL = "demo-pro";
    public static final String PROFESSIONAL_NAME = "Demo Professional";
    static final Set<Role> PROFESSIONAL_ROLES = Set.of(Role.PROFESSIONAL, Role.SUPERVISOR, Role.ORG_ADMIN);

    /** What to tell the person who started the demo (printed once; the password is never logged). */
    public record Result(Organisation organisation, Account professional, String password, List<String> lines) {
        @Override
        public String toString() {
            return "DemoSetup.Result[" + organisation.slug() + ", " + professional.username() + "]";
        }
    }

    private DemoSetup() {
    }

    public static Result run(ServerContext context, DemoSeeder seeder) {
        Store store = context.store();
        Organisation org = store.organisations().bySlug(ORGANISATION)
                .orElseGet(() -> store.organisations().create(ORGANISATION, ORGANISATION_NAME));
        String password = PasswordHasher.generate(16);
        String hash = context.passwords().hash(password.toCharArray());
        Account account = store.accounts().byUsername(org.id(), PROFESSIONAL).map(existing -> {
            store.accounts().setPasswordHash(existing.id(), hash);
            store.accounts().update(existing.id(), PROFESSIONAL_NAME, PROFESSIONAL_ROLES, false);
            // the old password's sessions end with it
            context.revocations().revokeAllOfAccount(existing.id());
            return store.accounts().byId(existing.id()).orElseThrow();
        }).orElseGet(() -> store.accounts().create(org.id(), PROFESSIONAL, PROFESSIONAL_NAME, hash,
                PROFESSIONAL_ROLES));
        List<String> lines = new ArrayList<>(seeder.seed(context, org, account));
        return new Result(org, account, password, List.copyOf(lines));
    }
}
