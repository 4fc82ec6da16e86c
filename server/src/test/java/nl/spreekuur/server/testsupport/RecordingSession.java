package nl.spreekuur.server.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.session.ClientSession;
import nl.spreekuur.server.session.EncodedMessage;
import nl.spreekuur.server.session.SessionState;

/**
 * A connection as the services see it, without a socket: records what the server sends. For service-level tests;
 * transport behaviour is tested over real WebSockets elsewhere.
 */
public final class RecordingSession implements ClientSession {
    private final String connectionId = UUID.randomUUID().toString();
    private final Principal principal;
    private final SessionState state = new SessionState();
    private final BlockingQueue<ServerMessage> received = new LinkedBlockingQueue<>();
    /** Guards additions, so {@link #take} can wait for a matching message without missing one. */
    private final Object arrivals = new Object();
    private volatile boolean open = true;
    private volatile int closeCode;

    public RecordingSession(Principal principal) {
        this.principal = principal;
    }

    public static RecordingSession client(String organisationId) {
        String id = UUID.randomUUID().toString();
        return new RecordingSession(new Principal(id, id, Principal.Kind.ANONYMOUS_CLIENT, organisationId, "",
                Set.of(), Instant.now().plus(Duration.ofDays(1))));
    }

    public static RecordingSession staff(String accountId, String organisationId, String name, Role... roles) {
        return new RecordingSession(new Principal(accountId, UUID.randomUUID().toString(), Principal.Kind.STAFF,
                organisationId, name, Set.of(roles), Instant.now().plus(Duration.ofDays(1))));
    }

    /** Another connection of the same person (same principal, new connection id). */
    public RecordingSession secondConnection() {
        return new RecordingSession(principal);
    }

    @Override
    public String connectionId() {
        return connectionId;
    }

    @Override
    public Principal principal() {
        return principal;
    }

    @Override
    public void send(EncodedMessage message) {
        if (open) {
            // Exercise both encodings, as a real broadcast would.
            message.protobuf();
            message.json();
            synchronized (arrivals) {
                received.add(message.message());
                arrivals.notifyAll();
            }
        }
    }

    /** As the transport's connections: only the first close counts. */
    @Override
    public synchronized void close(int code, String reason) {
        if (open) {
            open = false;
            closeCode = code;
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    public int closeCode() {
        return closeCode;
    }

    @Override
    public SessionState state() {
        return state;
    }

    /** The next message, waiting up to 5 s. */
    public ServerMessage next() {
        try {
            ServerMessage m = received.poll(5, TimeUnit.SECONDS);
            assertThat(m).as("a message within 5 s").isNotNull();
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Skips messages until one matches, waiting up to 5 s in total. */
    public ServerMessage next(Predicate<ServerMessage> wanted) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            long left = deadline - System.nanoTime();
            ServerMessage m;
            try {
                m = received.poll(Math.max(left, 0), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            assertThat(m).as("a matching message within 5 s").isNotNull();
            if (wanted.test(m)) {
                return m;
            }
        }
    }

    /**
     * The first message that matches, waiting up to 5 s; unlike {@link #next(Predicate)} the messages before it
     * stay queued, so pushes and answers can be checked in any order.
     */
    public ServerMessage take(Predicate<ServerMessage> wanted) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        synchronized (arrivals) {
            while (true) {
                for (ServerMessage m : received) {
                    if (wanted.test(m)) {
                        received.remove(m);
                        return m;
                    }
                }
                long left = deadline - System.nanoTime();
                assertThat(left).as("a matching message within 5 s").isPositive();
                try {
                    TimeUnit.NANOSECONDS.timedWait(arrivals, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    /** Everything received so far, without waiting. */
    public List<ServerMessage> drain() {
        List<ServerMessage> all = new ArrayList<>();
        received.drainTo(all);
        return all;
    }
}
