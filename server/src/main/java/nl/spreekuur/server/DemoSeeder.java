package nl.spreekuur.server;

import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.store.Organisations.Organisation;

/**
 * Adds the services' part of the demo data (office hours, ...) after {@link DemoSetup} created the demo
 * organisation and professional. Runs at every start with {@code --demo}, so it must be idempotent.
 */
@FunctionalInterface
public interface DemoSeeder {
    void seed(ServerContext context, Organisation organisation, Account professional);
}
