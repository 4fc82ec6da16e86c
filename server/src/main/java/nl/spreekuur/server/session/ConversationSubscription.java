package nl.spreekuur.server.session;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.store.Conversations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's subscription to one conversation: delivers every sequenced event exactly once and in order.
 *
 * <p>Live publications arrive from the broker; the store is the truth. The subscription remembers the last seq it
 * delivered: a publication with the next seq is sent at once, an older one is a duplicate and dropped, and a newer
 * one means publications were missed (or the subscription is still replaying), so it is parked and the
 * subscription catches up from the store before sending it. Store reads never happen on the thread that delivers
 * publications (the broker's, or with the in-memory broker the publisher's: see {@code InMemoryBroker}).
 * Ephemeral events (typing, receipts, presence; seq 0) go straight through.
 */
public final class ConversationSubscription {
    private static final Logger log = LoggerFactory.getLogger(ConversationSubscription.class);
    private static final int PAGE = 500;
    private static final int MAX_PARKED = 10_000;

    private record Parked(long seq, EncodedMessage message) {
    }

    private final ClientSession session;
    private final String conversationId;
    private final Membership membership;
    private final Conversations store;
    private final Executor backfill;

    private final List<Parked> parked = new ArrayList<>();
    private long lastSeq;
    private boolean syncing;
    private boolean closed;

    /**
     * Starts in syncing mode: publications are parked until {@link #catchUp()} has replayed from the store.
     *
     * @param afterSeq the last seq the client already has
     */
    ConversationSubscription(ClientSession session, String conversationId, Membership membership, long afterSeq,
                             Conversations store, Executor backfill) {
        this.session = session;
        this.conversationId = conversationId;
        this.membership = membership;
        this.store = store;
        this.backfill = backfill;
        this.lastSeq = afterSeq;
        this.syncing = true;
    }

    public ClientSession session() {
        return session;
    }

    public String conversationId() {
        return conversationId;
    }

    public String participantId() {
        return membership.participantId();
    }

    public synchronized long lastSeq() {
        return lastSeq;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    synchronized void close() {
        closed = true;
        parked.clear();
    }

    /** Called by the broker's delivery (via the Hub), on the broker's thread or the publisher's. Never blocks on I/O. */
    void offer(long seq, EncodedMessage message) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (seq == 0) {
                session.send(message);
                return;
            }
            if (syncing) {
                park(seq, message);
                return;
            }
            if (seq <= lastSeq) {
                return;
            }
            if (seq == lastSeq + 1) {
                deliver(seq, message);
                return;
            }
            syncing = true;
            park(seq, message);
        }
        backfill.execute(this::catchUp);
    }

    /** Where the backfill executor was not the caller's choice: re-sync from the store after a broker outage. */
    void resync() {
        synchronized (this) {
            if (closed || syncing) {
                return;
            }
            syncing = true;
        }
        backfill.execute(this::catchUp);
    }

    private void park(long seq, EncodedMessage message) {
        if (parked.size() >= MAX_PARKED) {
            // The store has every one of these; dropping parked copies loses nothing.
            parked.clear();
        }
        parked.add(new Parked(seq, message));
    }

    private void deliver(long seq, EncodedMessage message) {
        session.send(message);
        lastSeq = seq;
        if (membership.endsWith(message.message())) {
            closed = true;
        }
    }

    /**
     * Replays from the store until the subscription is live. Runs on the application or backfill executor; only
     * one catch-up runs at a time because {@code syncing} is set by whoever schedules it.
     */
    void catchUp() {
        int idleRounds = 0;
        while (true) {
            long from;
            synchronized (this) {
                if (closed) {
                    syncing = false;
                    return;
                }
                from = lastSeq;
            }
            List<ConversationEvent> events;
            try {
                events = store.eventsAfter(conversationId, from, PAGE);
            } catch (RuntimeException e) {
                log.warn("backfill of conversation {} failed: {}", conversationId, e.toString());
                synchronized (this) {
                    syncing = false;
                }
                return;
            }
            synchronized (this) {
                for (ConversationEvent event : events) {
                    if (closed) {
                        break;
                    }
                    if (event.getSeq() > lastSeq + 1) {
                        // The store is the truth: seqs it does not have (lost in a crash of an earlier store
                        // generation) will never come, so waiting for them would stall the stream for good.
                        log.warn("conversation {}: the store has no seq {}..{}; continuing after the gap",
                                conversationId, lastSeq + 1, event.getSeq() - 1);
                        lastSeq = event.getSeq() - 1;
                    }
                    if (event.getSeq() == lastSeq + 1) {
                        deliver(event.getSeq(), EncodedMessage.of(ServerMessage.newBuilder().setEvent(event).build()));
                    }
                }
                if (events.size() == PAGE && !closed) {
                    continue;
                }
                parked.sort(Comparator.comparingLong(Parked::seq));
                int used = 0;
                boolean gap = false;
                for (Parked p : parked) {
                    if (closed) {
                        break;
                    }
                    if (p.seq() <= lastSeq) {
                        used++;
                    } else if (p.seq() == lastSeq + 1) {
                        deliver(p.seq(), p.message());
                        used++;
                    } else {
                        gap = true;
                        break;
                    }
                }
                parked.subList(0, used).clear();
                if (!gap || closed) {
                    parked.clear();
                    syncing = false;
                    return;
                }
                if (events.isEmpty() && ++idleRounds > 3) {
                    // The store does not (yet) have the missing seqs, which only happens if a publication raced
                    // ahead of a commit that then failed; skip to what we have rather than stall the stream.
                    log.warn("conversation {}: seq gap after {} not in store; continuing", conversationId, lastSeq);
                    Parked next = parked.remove(0);
                    deliver(next.seq(), next.message());
                    idleRounds = 0;
                }
            }
        }
    }
}
