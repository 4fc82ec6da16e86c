package nl.spreekuur.server.store;

import nl.spreekuur.server.testsupport.PostgresProcess;

/** The store contract on a real PostgreSQL server (a private cluster started for the test JVM). */
class PostgresStoreContractTest extends StoreContractTest {

    @Override
    protected StoreSettings newDatabase() {
        PostgresProcess postgres = PostgresProcess.shared();
        return new StoreSettings(postgres.newDatabase(), postgres.user(), postgres.password(), 10);
    }
}
