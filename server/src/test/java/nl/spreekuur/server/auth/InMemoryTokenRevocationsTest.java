package nl.spreekuur.server.auth;

import java.time.Clock;

class InMemoryTokenRevocationsTest extends TokenRevocationsContractTest {
    @Override
    protected TokenRevocations create(Clock clock) {
        return new InMemoryTokenRevocations(clock);
    }
}
