package nl.spreekuur.server.calls;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import nl.spreekuur.protocol.v1.ConsultLinkState;
import nl.spreekuur.protocol.v1.ConversationKind;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.ScheduleConsult;
import nl.spreekuur.protocol.v1.ScheduledConsult;
import nl.spreekuur.protocol.v1.ScheduledConsultList;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.auth.Tokens;
import nl.spreekuur.server.session.Nicknames;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.session.Texts;
import nl.spreekuur.server.store.Calls;
import nl.spreekuur.server.store.Calls.Consult;
import nl.spreekuur.server.store.Calls.LinkRefusal;
import nl.spreekuur.server.store.Conversations;
import nl.spreekuur.server.store.ProtoTime;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.store.Sessions;

/**
 * Scheduled consults: a professional plans one (a VIDEO_CONSULT conversation with them as its professional) and
 * hands the client a one-time join link; the link becomes an anonymous client credential for that conversation
 * only once, and says why when it cannot (ended, revoked, used, expired).
 */
final class ScheduledConsults {
    static final int MIN_MINUTES = 5;
    static final int MAX_MINUTES = 240;
    static final int MAX_LABEL = 80;
    static final Duration MAX_AHEAD = Duration.ofDays(365);
    static final String DEFAULT_NICKNAME = "Cliënt";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a used link hands the client. */
    record Joined(String token, Instant expiresAt, String principalId, String participantId, Consult consult) {
    }

    /** A link that let nobody in: why. */
    static final class Refused extends RuntimeException {
        private final LinkRefusal refusal;

        Refused(LinkRefusal refusal) {
            super(refusal.name(), null, false, false);
            this.refusal = refusal;
        }

        LinkRefusal refusal() {
            return refusal;
        }
    }

    private final CallContext ctx;
    private final Duration clientTtl;

    ScheduledConsults(CallContext ctx, Duration clientTtl) {
        this.ctx = ctx;
        this.clientTtl = clientTtl;
    }

    ScheduledConsult schedule(Principal principal, ScheduleConsult request) {
        if (!principal.isStaff() || !(principal.has(Role.PROFESSIONAL) || principal.has(Role.ORG_ADMIN))) {
            throw RequestException.forbidden("only professionals plan consults");
        }
        Instant now = ctx.clock().instant();
        if (!request.hasStartsAt()) {
            throw RequestException.invalid("starts_at: in the future, at most 365 days ahead");
        }
        Instant startsAt = ProtoTime.toInstant(request.getStartsAt());
        if (!startsAt.isAfter(now) || startsAt.isAfter(now.plus(MAX_AHEAD))) {
            throw RequestException.invalid("starts_at: in the future, at most 365 days ahead");
        }
        int minutes = request.getDurationMinutes();
        if (minutes < MIN_MINUTES || minutes > MAX_MINUTES) {
            throw RequestException.invalid("duration_minutes: " + MIN_MINUTES + ".." + MAX_MINUTES);
        }
        String label = request.getLabel().strip();
        if (Texts.length(label) > MAX_LABEL) {
            throw RequestException.invalid("label: at most " + MAX_LABEL + " characters");
        }
        Instant plannedEnd = startsAt.plus(Duration.ofMinutes(minutes));
        Instant linkExpires = request.hasLinkExpiresAt() ? ProtoTime.toInstant(request.getLinkExpiresAt()) : plannedEnd;
        if (!linkExpires.isAfter(now) || linkExpires.isAfter(plannedEnd)) {
            throw RequestException.invalid("link_expires_at: after now, not after the planned end");
        }
        String consultId = UUID.randomUUID().toString();
        Conversations.Conversation conversation = ctx.conversations().open(principal.organisationId(),
                ConversationKind.VIDEO_CONSULT, ConsultOwner.of(consultId));
        ctx.conversations().join(conversation.id(), principal.id(), ParticipantRole.PROFESSIONAL,
                principal.displayName());
        Consult consult = ctx.store().calls().createConsult(new Consult(consultId, principal.organisationId(),
                principal.id(), conversation.id(), startsAt, minutes, label, newCode(), linkExpires, null, null, null,
                null, now));
        return view(consult, now);
    }

    ScheduledConsultList list(Principal principal, boolean includePast) {
        Instant now = ctx.clock().instant();
        ScheduledConsultList.Builder list = ScheduledConsultList.newBuilder();
        for (Consult c : ctx.store().calls().consultsOf(principal.id())) {
            boolean past = c.endedAt() != null || !now.isBefore(c.plannedEnd());
            if (includePast || !past) {
                list.addConsults(view(c, now));
            }
        }
        return list.build();
    }

    void revoke(Principal principal, String consultId) {
        Consult consult = ctx.store().calls().consult(consultId)
                .filter(c -> c.professionalId().equals(principal.id()))
                .orElseThrow(() -> RequestException.notFound("consult"));
        ctx.store().calls().revokeLink(consult.id(), ctx.clock().instant());
    }

    // --- the link (HTTP) ---

    /** The consult behind a code that can be used now; {@link Refused} otherwise. */
    Consult usable(String code) {
        Consult consult = ctx.store().calls().consultByCode(code)
                .orElseThrow(() -> new Refused(LinkRefusal.UNKNOWN_CODE));
        LinkRefusal refusal = Calls.linkRefusal(consult, ctx.clock().instant());
        if (refusal != null) {
            throw new Refused(refusal);
        }
        return consult;
    }

    /**
     * Uses the link: an anonymous client credential whose principal is the consult conversation's client. A refused
     * link revokes the credential made for it at once; it is never handed out.
     */
    Joined join(String code, String rawNickname) {
        if (code == null || code.isBlank() || code.length() > 64) {
            throw RequestException.invalid("code is required");
        }
        String nickname = rawNickname == null || rawNickname.isBlank() ? DEFAULT_NICKNAME
                : Nicknames.require(rawNickname);
        Consult consult = usable(code);
        Instant now = ctx.clock().instant();
        String token = Tokens.newToken();
        Sessions.Session session = ctx.store().sessions().create(Tokens.hash(token), Sessions.Kind.ANONYMOUS_CLIENT,
                null, consult.organisationId(), now, now.plus(clientTtl));
        Calls.Redeemed redeemed = ctx.store().calls().useLink(code, session.id(), now);
        if (!redeemed.used()) {
            ctx.store().sessions().revoke(session.id(), now);
            throw new Refused(redeemed.refusal());
        }
        Conversations.Participant participant = ctx.conversations().join(consult.conversationId(), session.id(),
                ParticipantRole.CLIENT, nickname);
        return new Joined(token, session.expiresAt(), session.id(), participant.participantId(), redeemed.consult());
    }

    static ScheduledConsult view(Consult c, Instant now) {
        ScheduledConsult.Builder view = ScheduledConsult.newBuilder().setId(c.id())
                .setConversationId(c.conversationId()).setProfessionalId(c.professionalId())
                .setStartsAt(ProtoTime.of(c.startsAt())).setDurationMinutes(c.durationMinutes()).setLabel(c.label())
                .setJoinCode(c.joinCode()).setLinkExpiresAt(ProtoTime.of(c.linkExpiresAt()))
                .setCreatedAt(ProtoTime.of(c.createdAt()));
        LinkRefusal refusal = Calls.linkRefusal(c, now);
        view.setLinkState(refusal == null ? ConsultLinkState.LINK_OPEN : switch (refusal) {
            case CONSULT_ENDED -> ConsultLinkState.LINK_CONSULT_ENDED;
            case REVOKED -> ConsultLinkState.LINK_REVOKED;
            case USED -> ConsultLinkState.LINK_USED;
            case EXPIRED, UNKNOWN_CODE -> ConsultLinkState.LINK_EXPIRED;
        });
        return view.build();
    }

    private static String newCode() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    List<Consult> ofClient(String principalId) {
        return ctx.store().calls().consultOfClient(principalId).stream().toList();
    }
}
