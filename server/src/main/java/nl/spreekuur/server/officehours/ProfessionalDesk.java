package nl.spreekuur.server.officehours;

import java.time.Duration;
import java.util.List;
import nl.spreekuur.protocol.v1.EndReason;
import nl.spreekuur.protocol.v1.ChatAssigned;
import nl.spreekuur.protocol.v1.ClaimClient;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.QueueState;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.store.OfficeHours;
import nl.spreekuur.server.store.Queue;
import nl.spreekuur.server.store.StatisticsLog.Fact;

/**
 * The professional's side: going on and off duty, picking up the next client (urgent first, then longest waiting)
 * or a specific one, and flagging a waiting client as urgent. Claims are atomic in the store, so two professionals
 * never get the same client and a professional never exceeds the office hour's maximum of chats.
 */
final class ProfessionalDesk {
    private final OfficeHourContext ctx;
    private final ChatEnding ending;

    ProfessionalDesk(OfficeHourContext ctx, ChatEnding ending) {
        this.ending = ending;
        this.ctx = ctx;
    }

    /** Returns the office hour's id (the request may name it by slug). */
    String setDuty(Principal principal, String officeHourId, boolean onDuty) {
        OfficeHour oh = ctx.lookup().officeHour(principal.organisationId(), officeHourId);
        OfficeHourAccess.requireMayServe(principal, oh);
        ctx.store().officeHours().setOnDuty(oh.getId(), principal.id(), onDuty, ctx.clock().instant());
        ctx.changes().publish(oh.getId());
        return oh.getId();
    }

    /** Checks that the principal may see the office hour's queue; returns its id. */
    String requireOversee(Principal principal, String officeHourId) {
        OfficeHour oh = ctx.lookup().officeHour(principal.organisationId(), officeHourId);
        OfficeHourAccess.requireMayOversee(principal, oh);
        return oh.getId();
    }

    List<String> onDutyOfficeHourIds(Principal principal) {
        if (!principal.isStaff()) {
            return List.of();
        }
        return ctx.store().officeHours().dutiesOf(principal.id()).stream().map(OfficeHours.Duty::officeHourId)
                .toList();
    }

    ChatAssigned claim(Principal principal, ClaimClient request) {
        OfficeHour oh = ctx.lookup().officeHour(principal.organisationId(), request.getOfficeHourId());
        OfficeHourAccess.requireMayServe(principal, oh);
        String wanted = request.getQueueEntryId().isEmpty() ? null : request.getQueueEntryId();
        if (wanted != null) {
            ctx.store().queue().byId(wanted).filter(e -> e.officeHourId().equals(oh.getId()))
                    .orElseThrow(() -> RequestException.notFound("queue entry"));
        }
        Queue.ClaimOutcome outcome = ctx.store().queue().claim(oh.getId(), wanted, principal.id(),
                oh.getMaxChatsPerProfessional(), ctx.clock().instant());
        Queue.Entry entry = switch (outcome.status()) {
            case NOT_ON_DUTY -> throw RequestException.forbidden("go on duty first");
            case LIMIT_REACHED -> throw new RequestException(ErrorCode.LIMIT_REACHED,
                    "you hold the maximum number of chats");
            case EMPTY -> throw RequestException.notFound("waiting client");
            case NOT_WAITING -> throw RequestException.conflict("this client is no longer waiting");
            case CLAIMED -> outcome.entry();
        };
        // A chat returned to the queue was served (and its wait counted) at its first pick-up.
        if (!entry.returnedByTransfer()) {
            ctx.facts().count(oh, Fact.SERVED);
            ctx.facts().duration(oh, Fact.WAIT_SECONDS, Duration.between(entry.joinedAt(), entry.claimedAt()));
        }
        ctx.conversations().join(entry.conversationId(), principal.id(), ParticipantRole.PROFESSIONAL,
                principal.displayName());
        ctx.auditor().record(principal, "conversation.assign", "conversation", entry.conversationId(),
                entry.clientPrincipalId());
        ctx.changes().publish(oh.getId());
        return ctx.views().chatAssigned(entry, entry.returnedByTransfer());
    }

    void flagUrgent(Principal principal, String entryId, boolean urgent) {
        Queue.Entry entry = ctx.lookup().entry(principal, entryId);
        OfficeHour oh = ctx.lookup().officeHourOf(entry);
        OfficeHourAccess.requireMayServe(principal, oh);
        if (entry.state() != QueueState.WAITING || !ctx.store().queue().setUrgent(entryId, urgent)) {
            throw RequestException.conflict("no longer waiting");
        }
        ctx.auditor().record(principal, "queue.flag_urgent", "queue_entry", entryId, entry.clientPrincipalId());
        ctx.changes().publish(oh.getId());
    }

    /**
     * "Verwijder als spam": a professional who may serve the office hour ends a waiting place (LEFT, the chat ends
     * ENDED_BY_PROFESSIONAL) and gets the client's token session id back, for the caller to revoke. Audited.
     */
    String removeAsSpam(Principal principal, String entryId) {
        Queue.Entry entry = ctx.lookup().entry(principal, entryId);
        OfficeHour oh = ctx.lookup().officeHourOf(entry);
        OfficeHourAccess.requireMayServe(principal, oh);
        if (entry.state() != QueueState.WAITING
                || !ending.finishWaiting(oh, entry, EndReason.ENDED_BY_PROFESSIONAL)) {
            throw RequestException.conflict("no longer waiting");
        }
        ctx.auditor().record(principal, "queue.remove_as_spam", "queue_entry", entryId, entry.clientPrincipalId());
        ctx.changes().publish(oh.getId());
        return entry.clientPrincipalId();
    }
}
