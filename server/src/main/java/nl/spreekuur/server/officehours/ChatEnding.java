package nl.spreekuur.server.officehours;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.EndReason;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.QueueState;
import nl.spreekuur.server.store.OfficeHourChats;
import nl.spreekuur.server.store.Queue;
import nl.spreekuur.server.store.StatisticsLog.Fact;

/**
 * Ends a client's place or chat, whoever asks (client, professional, quick exit, grace expiry, closing time):
 * one conditional queue transition, so whichever comes first wins and the rest see "already ended"; then the
 * statistics fact, the conversation's final event (with the purge time its transcript consent allows) and the
 * office hour's change notice.
 */
final class ChatEnding {
    private final OfficeHourContext ctx;
    private final ChatOutcomes outcomes;

    ChatEnding(OfficeHourContext ctx) {
        this.ctx = ctx;
        this.outcomes = new ChatOutcomes(ctx);
    }

    ChatOutcomes outcomes() {
        return outcomes;
    }

    /**
     * Ends a WAITING or IN_CHAT entry. Returns false if it had already ended.
     */
    boolean finish(OfficeHour oh, Queue.Entry entry, EndReason reason) {
        return finish(oh, entry, reason, Optional.empty());
    }

    /** Like {@link #finish(OfficeHour, Queue.Entry, EndReason)}; a chat gets the follow-up event before its end. */
    boolean finish(OfficeHour oh, Queue.Entry entry, EndReason reason, Optional<ConversationEvent.Builder> followUp) {
        return finishWaiting(oh, entry, reason) || finishChat(oh, entry, reason, followUp);
    }

    /**
     * WAITING becomes LEFT, EXPIRED (grace ran out) or NOT_SERVED (closed) and counts as abandoned.
     * Returns false if the entry was not waiting.
     */
    boolean finishWaiting(OfficeHour oh, Queue.Entry entry, EndReason reason) {
        QueueState outcome = switch (reason) {
            case CLIENT_GONE -> QueueState.EXPIRED;
            case CLOSED_AT_END_OF_OFFICE_HOUR -> QueueState.NOT_SERVED;
            default -> QueueState.LEFT;
        };
        if (ctx.store().queue().transition(entry.id(), List.of(QueueState.WAITING), outcome, ctx.clock().instant())
                .isEmpty()) {
            return false;
        }
        ctx.facts().count(oh, Fact.ABANDONED);
        endConversation(oh, entry.conversationId(), reason);
        return true;
    }

    /**
     * IN_CHAT becomes FINISHED; the chat's duration, from the pick-up, is recorded. Returns false if not in a chat.
     */
    private boolean finishChat(OfficeHour oh, Queue.Entry entry, EndReason reason,
                               Optional<ConversationEvent.Builder> followUp) {
        Instant now = ctx.clock().instant();
        Optional<Queue.Entry> finished = ctx.store().queue().transition(entry.id(), List.of(QueueState.IN_CHAT),
                QueueState.FINISHED, now);
        if (finished.isEmpty()) {
            return false;
        }
        Instant pickedUp = finished.get().claimedAt() != null ? finished.get().claimedAt() : entry.joinedAt();
        ctx.facts().duration(oh, Fact.CHAT_SECONDS, Duration.between(pickedUp, now));
        outcomes.countMessages(oh, entry.conversationId());
        followUp.ifPresent(event -> outcomes.recordFollowUp(oh, entry.conversationId(), event));
        endConversation(oh, entry.conversationId(), reason);
        return true;
    }

    private void endConversation(OfficeHour oh, String conversationId, EndReason reason) {
        boolean consent = ctx.store().officeHourChats().byConversation(conversationId)
                .map(OfficeHourChats.Link::transcriptConsent).orElse(false);
        Instant purgeAfter = ctx.retention().transcriptPurgeAfter(oh, consent, ctx.clock().instant());
        ctx.conversations().end(conversationId, reason, purgeAfter);
        ctx.changes().publish(oh.getId());
    }
}
