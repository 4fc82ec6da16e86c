package nl.spreekuur.server.broker;

class InMemoryBrokerTest extends BrokerContractTest {
    @Override
    protected Broker newBroker(BrokerListener listener) {
        InMemoryBroker broker = new InMemoryBroker();
        broker.start(listener);
        return broker;
    }
}
