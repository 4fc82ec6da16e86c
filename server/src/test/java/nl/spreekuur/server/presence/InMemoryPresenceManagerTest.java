package nl.spreekuur.server.presence;

import java.time.Clock;

class InMemoryPresenceManagerTest extends PresenceManagerContractTest {
    @Override
    protected PresenceManager create(Clock clock) {
        return new InMemoryPresenceManager(clock);
    }
}
