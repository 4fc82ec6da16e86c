package nl.spreekuur.server;

import java.util.List;
import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.store.Organisations.Organisation;

/**
 * Adds the services' part of the demo data (office hours, ...) after {@link DemoSetup} created the demo
 * organisation and professional. Runs at every start with {@code --demo}, so it must be idempotent.
 */
@FunctionalInterface
public interface DemoSeeder {
    /** Placeholder in returned lines for the server's public base URL (ends with "/"). */
    String BASE_URL = "{url}";


    /**
     * @return lines to print under the demo banner, e.g. {@code "Client: http://localhost:8080/s/demo/inloop"}
     */
    List<String> seed(ServerContext context, Organisation organisation, Account professional);
}
