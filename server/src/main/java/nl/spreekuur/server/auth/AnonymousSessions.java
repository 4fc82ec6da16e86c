package nl.spreekuur.server.auth;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import nl.spreekuur.server.ratelimit.RateLimiter;

/**
 * Starting an anonymous client session, the same for {@code POST /api/anonymous} and for a {@code Hello} that asks
 * for a new session: the client address's bucket first, then proof of work while the organisation is under
 * pressure ({@link ProofOfWork}), then the signed token ({@link SessionIssuer#anonymous}). Nothing is stored, and
 * both ways count against the same bucket and the same pressure.
 */
public final class AnonymousSessions {
    /** The refusal's text when the address's bucket is empty, on both ways. */
    public static final String TOO_MANY_SESSIONS = "too many new sessions from this address; try again later";

    /** What became of a request for a new session. */
    public enum Step { STARTED, RATE_LIMITED, PROOF_OF_WORK_REQUIRED, NO_SUCH_ORGANISATION }

    /** The step, with the session when started and the wait when rate-limited. */
    public record Outcome(Step step, Optional<IssuedSession> session, Duration retryAfter) {
        static Outcome of(Step step) {
            return new Outcome(step, Optional.empty(), Duration.ZERO);
        }
    }

    private final SessionIssuer issuer;
    private final RateLimiter rateLimiter;
    private final RateLimiter.Limit perAddress;
    private final ProofOfWork proofOfWork;

    public AnonymousSessions(SessionIssuer issuer, RateLimiter rateLimiter, RateLimiter.Limit perAddress,
                             ProofOfWork proofOfWork) {
        this.issuer = issuer;
        this.rateLimiter = rateLimiter;
        this.perAddress = perAddress;
        this.proofOfWork = proofOfWork;
    }

    /** The node's proof of work, for the HTTP route that hands out and checks challenges. */
    public ProofOfWork proofOfWork() {
        return proofOfWork;
    }

    /**
     * @param organisationSlug the organisation, as the client named it
     * @param addressKey       the client address's rate-limit key (never logged)
     * @param solved           asked only while proof of work is required: whether the request carries a solved
     *                         challenge (which it then uses up)
     */
    public Outcome start(String organisationSlug, String addressKey, BooleanSupplier solved) {
        RateLimiter.Decision decision = rateLimiter.tryAcquire("anonymous:" + addressKey, perAddress);
        if (!decision.allowed()) {
            return new Outcome(Step.RATE_LIMITED, Optional.empty(), decision.retryAfter());
        }
        if (proofOfWork.required(organisationSlug) && !solved.getAsBoolean()) {
            return Outcome.of(Step.PROOF_OF_WORK_REQUIRED);
        }
        Optional<IssuedSession> issued = issuer.anonymous(organisationSlug);
        if (issued.isEmpty()) {
            return Outcome.of(Step.NO_SUCH_ORGANISATION);
        }
        proofOfWork.created(organisationSlug);
        return new Outcome(Step.STARTED, issued, Duration.ZERO);
    }
}
