package nl.spreekuur.server.officehours;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.spreekuur.protocol.v1.ChatHelpfulness;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.FollowUp;
import nl.spreekuur.protocol.v1.FollowUpKind;
import nl.spreekuur.protocol.v1.FollowUpRecorded;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.session.Texts;
import nl.spreekuur.server.store.Conversations;
import nl.spreekuur.server.store.ProtoTime;
import nl.spreekuur.server.store.StatisticsLog.Fact;

/**
 * What a chat led to (effect measurement): the follow-up the professional records when ending it, shown to the
 * client as a {@link FollowUpRecorded} event and counted by kind only; and the client's optional "did this help?",
 * counted as an anonymous fact and otherwise forgotten (only that the chat was rated is kept, for a day or two, so
 * it counts once).
 */
final class ChatOutcomes {
    static final int MAX_PLACE = 200;
    static final int DEFAULT_MINUTES = 30;
    static final int MIN_MINUTES = 5;
    static final int MAX_MINUTES = 480;
    static final Duration MAX_AHEAD = Duration.ofDays(366);
    /** How long after its end a chat can be rated. */
    static final Duration RATING_WINDOW = Duration.ofHours(24);

    private final OfficeHourContext ctx;

    ChatOutcomes(OfficeHourContext ctx) {
        this.ctx = ctx;
    }

    /** Checks a follow-up before the chat ends; the event to append once it has (empty without a follow-up). */
    Optional<ConversationEvent.Builder> followUpEvent(FollowUp followUp, Instant now) {
        if (followUp.getKind() == FollowUpKind.FOLLOW_UP_KIND_UNSPECIFIED) {
            if (!followUp.equals(FollowUp.getDefaultInstance())) {
                throw RequestException.invalid("follow_up.kind is required");
            }
            return Optional.empty();
        }
        if (followUp.getKind() == FollowUpKind.UNRECOGNIZED) {
            throw RequestException.invalid("follow_up.kind is unknown");
        }
        String place = followUp.getPlace().strip();
        if (Texts.length(place) > MAX_PLACE) {
            throw RequestException.invalid("follow_up.place must be at most " + MAX_PLACE + " characters");
        }
        FollowUpRecorded.Builder recorded = FollowUpRecorded.newBuilder().setKind(followUp.getKind()).setPlace(place);
        if (followUp.hasProposedStart()) {
            if (followUp.getKind() == FollowUpKind.FOLLOW_UP_NONE) {
                throw RequestException.invalid("follow_up.proposed_start is not allowed with FOLLOW_UP_NONE");
            }
            Instant start = ProtoTime.toInstant(followUp.getProposedStart());
            if (!start.isAfter(now) || start.isAfter(now.plus(MAX_AHEAD))) {
                throw RequestException.invalid("follow_up.proposed_start must be in the future, at most 366 days ahead");
            }
            int minutes = followUp.getDurationMinutes() == 0 ? DEFAULT_MINUTES : followUp.getDurationMinutes();
            if (minutes < MIN_MINUTES || minutes > MAX_MINUTES) {
                throw RequestException.invalid("follow_up.duration_minutes must be " + MIN_MINUTES + ".."
                        + MAX_MINUTES);
            }
            recorded.setProposedStart(followUp.getProposedStart()).setDurationMinutes(minutes);
        } else if (followUp.getDurationMinutes() != 0) {
            throw RequestException.invalid("follow_up.duration_minutes needs proposed_start");
        }
        if (followUp.getKind() == FollowUpKind.FOLLOW_UP_NONE && !place.isEmpty()) {
            throw RequestException.invalid("follow_up.place is not allowed with FOLLOW_UP_NONE");
        }
        return Optional.of(ConversationEvent.newBuilder().setFollowUp(recorded));
    }

    Instant now() {
        return ctx.clock().instant();
    }

    /** After the chat ended: the follow-up event (before the end event) and its fact. */
    void recordFollowUp(OfficeHour oh, String conversationId, ConversationEvent.Builder event) {
        ctx.conversations().appendSystem(conversationId, event);
        ctx.facts().count(oh, Fact.FOLLOW_UP, event.getFollowUp().getKind().getNumber());
    }

    /** The number of text messages of a chat, counted when it ends (before any purge). */
    void countMessages(OfficeHour oh, String conversationId) {
        long count = 0;
        long after = 0;
        while (true) {
            List<ConversationEvent> page = ctx.store().conversations().eventsAfter(conversationId, after, 500);
            for (ConversationEvent e : page) {
                if (e.hasText()) {
                    count++;
                }
                after = e.getSeq();
            }
            if (page.size() < 500) {
                break;
            }
        }
        ctx.facts().count(oh, Fact.CHAT_MESSAGES, count);
    }

    /**
     * The follow-up with a proposed time of a chat the principal takes part in (for its calendar file): the latest
     * FollowUpRecorded event still stored; NOT_FOUND when there is none (none recorded, or the transcript is purged).
     */
    FollowUpRecorded plannedFollowUp(Principal principal, String conversationId) {
        Conversations.Conversation chat = ctx.conversations().visibleConversation(principal, conversationId);
        ctx.conversations().activeParticipant(chat, principal);
        if (OfficeHourOwner.officeHourOf(chat).isEmpty()) {
            throw RequestException.notFound("office-hour chat");
        }
        for (ConversationEvent e : ctx.store().conversations().eventsBefore(chat.id(), 0, 20)) {
            if (e.hasFollowUp() && e.getFollowUp().hasProposedStart()) {
                return e.getFollowUp();
            }
        }
        throw RequestException.notFound("follow-up with a proposed time");
    }

    /** The client's "did this help?": once per chat, after it ended, within {@link #RATING_WINDOW}. */
    void rate(Principal principal, String conversationId, ChatHelpfulness answer) {
        if (answer != ChatHelpfulness.HELPED_YES && answer != ChatHelpfulness.HELPED_NO) {
            throw RequestException.invalid("answer must be HELPED_YES or HELPED_NO");
        }
        Conversations.Conversation chat = ctx.conversations().visibleConversation(principal, conversationId);
        Conversations.Participant me = ctx.conversations().activeParticipant(chat, principal);
        if (me.role() != ParticipantRole.CLIENT) {
            throw RequestException.forbidden("only the client answers whether the chat helped");
        }
        OfficeHour oh = OfficeHourOwner.officeHourOf(chat).flatMap(id -> ctx.store().officeHours().byId(id))
                .orElseThrow(() -> RequestException.notFound("office-hour chat"));
        Instant now = ctx.clock().instant();
        if (chat.open() || chat.endedAt() == null) {
            throw RequestException.conflict("the chat has not ended");
        }
        if (now.isAfter(chat.endedAt().plus(RATING_WINDOW))) {
            throw RequestException.conflict("the chat ended too long ago");
        }
        if (!ctx.store().effects().markRated(chat.id(), now)) {
            throw RequestException.conflict("already answered");
        }
        ctx.facts().count(oh, Fact.HELPED, answer == ChatHelpfulness.HELPED_YES ? 1 : 0);
    }
}
