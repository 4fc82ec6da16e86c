package nl.spreekuur.server;

import nl.spreekuur.server.broker.Broker;
import nl.spreekuur.server.broker.BrokerListener;
import nl.spreekuur.server.session.SessionRevocations;

/**
 * Shares one broker between the server core and the services. The server starts the real broker with
 * {@link #dispatcher()}: publications on the control channel go only to the {@link SessionRevocations} (which keep
 * that channel subscribed for the server's whole life); every other publication goes to the listener the services
 * register through {@link #start} (their Hub).
 */
final class ApplicationBroker implements Broker {
    private final Broker broker;
    private final SessionRevocations revocations;
    private volatile BrokerListener applicationListener;

    ApplicationBroker(Broker broker, SessionRevocations revocations) {
        this.broker = broker;
        this.revocations = revocations;
    }

    BrokerListener dispatcher() {
        return new BrokerListener() {
            @Override
            public void onPublication(String channel, byte[] payload) {
                if (SessionRevocations.CONTROL_CHANNEL.equals(channel)) {
                    revocations.onControlMessage(payload);
                    return;
                }
                BrokerListener listener = applicationListener;
                if (listener != null) {
                    listener.onPublication(channel, payload);
                }
            }

            @Override
            public void onReconnected() {
                BrokerListener listener = applicationListener;
                if (listener != null) {
                    listener.onReconnected();
                }
            }
        };
    }

    @Override
    public void start(BrokerListener listener) {
        if (applicationListener != null) {
            throw new IllegalStateException("the application's broker listener is already registered");
        }
        applicationListener = listener;
    }

    @Override
    public void publish(String channel, byte[] payload) {
        broker.publish(channel, payload);
    }

    @Override
    public void subscribe(String channel) {
        broker.subscribe(channel);
    }

    @Override
    public void unsubscribe(String channel) {
        if (SessionRevocations.CONTROL_CHANNEL.equals(channel)) {
            return; // the session revocations need it
        }
        broker.unsubscribe(channel);
    }

    @Override
    public boolean isHealthy() {
        return broker.isHealthy();
    }

    /** The server owns the broker; services cannot close it. */
    @Override
    public void close() {
    }
}
