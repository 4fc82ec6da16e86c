package nl.spreekuur.server.calls;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import nl.spreekuur.protocol.v1.EndReason;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.store.Calls.Call;
import nl.spreekuur.server.store.Calls.Consult;
import nl.spreekuur.server.store.Calls.Member;
import nl.spreekuur.server.store.Conversations.Conversation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls' time-driven work, judged by the injected clock: ring timeouts, ending calls whose conversation ended
 * (or was deleted with its room), and fresh TURN credentials pushed to participants whose credentials have less
 * than a fifth of their lifetime left. Run by the services' job scheduler every {@code jobs.interval-seconds}; on
 * several nodes each runs it, and the optimistic store update makes a second run change nothing.
 *
 * <p>Retention, once a minute: an ended call's rows (participants with their display names) go a day after it
 * ended ({@link #ENDED_CALLS_KEPT}); a scheduled consult, with its conversation (the chat next to the call and the
 * call's events), goes {@link #CONSULTS_KEPT} after it ended or, never held, after its link expired.
 */
public final class CallJobs {
    private static final Logger log = LoggerFactory.getLogger(CallJobs.class);

    /** How long an ended call's own rows are kept (its events live in the conversation). */
    static final Duration ENDED_CALLS_KEPT = Duration.ofDays(1);
    /** How long a scheduled consult and its conversation are kept after it is over. */
    static final Duration CONSULTS_KEPT = Duration.ofDays(30);
    private static final Duration RETENTION_EVERY = Duration.ofMinutes(1);

    private final CallContext ctx;
    private final CallDesk desk;
    private Instant retentionDue = Instant.MIN;

    CallJobs(CallContext ctx, CallDesk desk) {
        this.ctx = ctx;
        this.desk = desk;
    }

    public void runOnce() {
        try {
            for (Call call : ctx.store().calls().allActive()) {
                Optional<Conversation> conversation = ctx.conversations().find(call.conversationId());
                if (conversation.isEmpty() || !conversation.get().open()) {
                    boolean quickExit = conversation.map(c -> c.endReason() == EndReason.QUICK_EXIT).orElse(false);
                    desk.applyInternal(call.id(), c -> ctx.machine().conversationEnded(c, quickExit));
                    continue;
                }
                Instant now = ctx.clock().instant();
                if (call.ringDeadline() != null && !now.isBefore(call.ringDeadline())) {
                    desk.applyInternal(call.id(), ctx.machine()::timeout);
                }
                renewCredentials(call, now);
            }
            applyRetention();
        } catch (RuntimeException e) {
            log.warn("calls job failed: {}", e.getClass().getName());
        }
    }

    /** See the class comment; runs at most once a minute (the jobs run every few seconds). */
    synchronized void applyRetention() {
        Instant now = ctx.clock().instant();
        if (now.isBefore(retentionDue)) {
            return;
        }
        retentionDue = now.plus(RETENTION_EVERY);
        ctx.store().calls().purgeEndedCalls(now.minus(ENDED_CALLS_KEPT));
        for (Consult consult : ctx.store().calls().consultsOverBefore(now.minus(CONSULTS_KEPT))) {
            ctx.store().calls().deleteConsult(consult.id());
            if (ctx.conversations().find(consult.conversationId()).isPresent()) {
                ctx.conversations().delete(consult.conversationId(), EndReason.RETENTION_EXPIRED);
            }
        }
    }

    private void renewCredentials(Call call, Instant now) {
        if (!ctx.iceServers().turnConfigured()) {
            return;
        }
        Duration margin = ctx.config().turnTtl().dividedBy(5);
        for (Member m : call.members()) {
            boolean due = m.credentialsExpireAt() != null && CallMachine.LIVE.contains(m.state())
                    && m.connectionId() != null && !now.plus(margin).isBefore(m.credentialsExpireAt());
            if (!due) {
                continue;
            }
            Instant expiry = ctx.iceServers().expiryFrom(now);
            Optional<Call> stored = desk.applyInternal(call.id(),
                    c -> ctx.machine().credentials(c, m.principalId(), expiry));
            stored.flatMap(c -> c.member(m.principalId())).filter(fresh -> expiry.equals(fresh.credentialsExpireAt()))
                    .ifPresent(fresh -> desk.push(fresh, ServerMessage.newBuilder().setIceServers(
                            ctx.iceServers().forParticipant(call.id(), fresh.participantId(), expiry)).build()));
        }
    }
}
