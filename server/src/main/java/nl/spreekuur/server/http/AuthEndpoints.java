package nl.spreekuur.server.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import nl.spreekuur.server.auth.AnonymousSessions;
import nl.spreekuur.server.auth.Authenticator;
import nl.spreekuur.server.auth.IssuedSession;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.auth.LoginOutcome;
import nl.spreekuur.server.auth.LoginThrottledException;
import nl.spreekuur.server.auth.SecondFactor;
import nl.spreekuur.server.auth.PasswordChecks;
import nl.spreekuur.server.auth.ProofOfWork;
import nl.spreekuur.server.auth.SessionIssuer;
import nl.spreekuur.server.config.Limits;
import nl.spreekuur.server.ratelimit.RateLimiter;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.session.SessionRevocations;

/**
 * {@code POST /api/login}, {@code POST /api/logout} and {@code POST /api/anonymous}: how browsers get the token
 * they present in the WebSocket Hello.
 */
public final class AuthEndpoints {
    private static final String LOGIN_REFUSED = "unknown organisation, username or password";

    static final String TOO_MANY_LOGINS = "too many login attempts; try again later";
    static final int MAX_CODE_CHARS = 32;
    static final String PASSWORD_CHECKS_BUSY = "the server is busy checking passwords; try again shortly";

    private final SessionIssuer issuer;
    private final Authenticator authenticator;
    private final SessionRevocations revocations;
    private final RateLimiter rateLimiter;
    private final Limits limits;
    private final Executor continuation;
    private final AnonymousSessions anonymousSessions;
    private final ProofOfWork proofOfWork;

    /**
     * @param continuation where a login continues after its password check (the worker pool; the store write of
     *                     the new session does not belong on a password thread)
     */
    public AuthEndpoints(SessionIssuer issuer, Authenticator authenticator, SessionRevocations revocations,
                         RateLimiter rateLimiter, Limits limits, Executor continuation,
                         AnonymousSessions anonymousSessions) {
        this.anonymousSessions = anonymousSessions;
        this.proofOfWork = anonymousSessions.proofOfWork();
        this.issuer = issuer;
        this.authenticator = authenticator;
        this.revocations = revocations;
        this.rateLimiter = rateLimiter;
        this.limits = limits;
        this.continuation = continuation;
    }

    public void register(Routes routes) {
        routes.postAsync("/api/login", this::login);
        routes.post("/api/logout", this::logout);
        routes.post("/api/anonymous", this::anonymous);
    }

    /**
     * Body {@code {"organisation": slug, "username": .., "password": ..}}; organisation may be omitted for
     * deployment-level operators. Every refusal is the same 401, so it does not tell which part was wrong.
     */
    CompletionStage<HttpReply> login(HttpCall call) {
        Map<String, Object> body = call.jsonObject();
        String organisation = Json.string(body, "organisation").orElse("");
        String username = Json.string(body, "username").orElse("");
        String password = Json.string(body, "password").orElse("");
        String code = Json.string(body, "code").orElse("");
        if (username.isBlank() || password.isEmpty()) {
            throw HttpProblem.badRequest("username and password are required");
        }
        if (code.length() > MAX_CODE_CHARS) {
            throw HttpProblem.badRequest("code must be at most " + MAX_CODE_CHARS + " characters");
        }
        perAddress("login", call, limits.loginPerAddress(), TOO_MANY_LOGINS);
        try {
            return issuer.login(organisation, username, password.toCharArray(), code, continuation)
                    .thenApply(AuthEndpoints::loggedIn);
        } catch (LoginThrottledException backoff) {
            throw HttpProblem.tooManyRequests("RATE_LIMITED", TOO_MANY_LOGINS, backoff.retryAfter());
        } catch (PasswordChecks.BusyException busy) {
            throw HttpProblem.tooManyRequests("BUSY", PASSWORD_CHECKS_BUSY, busy.retryAfter());
        }
    }

    /** Takes a token from the client address's bucket of this kind, or answers 429 with Retry-After. */
    private void perAddress(String kind, HttpCall call, Limits.Rate rate, String message) {
        RateLimiter.Decision decision = rateLimiter.tryAcquire(kind + ":" + ClientAddress.key(call.clientAddress()),
                new RateLimiter.Limit(rate.burst(), rate.perSecond()));
        if (!decision.allowed()) {
            throw HttpProblem.tooManyRequests("RATE_LIMITED", message, decision.retryAfter());
        }
    }

    private static HttpReply loggedIn(LoginOutcome outcome) {
        switch (outcome.step()) {
            case REFUSED -> throw HttpProblem.unauthenticated(LOGIN_REFUSED);
            case SECOND_FACTOR_REQUIRED -> throw new HttpProblem(401, "SECOND_FACTOR_REQUIRED",
                    "enter the code from your authenticator app, or a recovery code, as \"code\"");
            case SECOND_FACTOR_INVALID -> throw new HttpProblem(401, "SECOND_FACTOR_INVALID",
                    "the code is wrong or was used already");
            case ENROLMENT_REQUIRED -> {
                return enrolmentRequired(outcome.enrolment());
            }
            case SIGNED_IN -> {
                Map<String, Object> reply = signedIn(outcome.session());
                if (!outcome.recoveryCodes().isEmpty()) {
                    reply.put("recoveryCodes", outcome.recoveryCodes());
                }
                if (outcome.recoveryCodesLeft() >= 0) {
                    reply.put("recoveryCodesLeft", outcome.recoveryCodesLeft());
                }
                return HttpReply.ok(reply);
            }
            default -> throw new IllegalStateException("unknown login step " + outcome.step());
        }
    }

    /** 401 with the key to put in an authenticator app; the next login sends the app's code as "code". */
    private static HttpReply enrolmentRequired(SecondFactor.Enrolment enrolment) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("error", "SECOND_FACTOR_ENROLMENT_REQUIRED");
        reply.put("message", "your organisation asks a second factor: add this key to an authenticator app and log"
                + " in again with its code as \"code\"");
        reply.put("enrolment", enrolmentJson(enrolment));
        return HttpReply.json(401, reply);
    }

    /** The enrolment as JSON: {@code manualKey}, {@code keyUri}, {@code qrPath} (SVG path data), {@code qrSize}. */
    public static Map<String, Object> enrolmentJson(SecondFactor.Enrolment enrolment) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("manualKey", enrolment.manualKey());
        map.put("keyUri", enrolment.keyUri());
        map.put("qrPath", enrolment.qr().path());
        map.put("qrSize", enrolment.qr().size());
        return map;
    }

    private static Map<String, Object> signedIn(Optional<IssuedSession> issued) {
        Principal principal = issued.orElseThrow().principal();
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("token", issued.get().token());
        reply.put("expiresAt", principal.expiresAt());
        reply.put("principalId", principal.id());
        reply.put("displayName", principal.displayName());
        List<String> roles = new ArrayList<>();
        principal.roles().stream().sorted().forEach(role -> roles.add(role.name()));
        reply.put("roles", roles);
        reply.put("organisation", issued.get().organisation().map(AuthEndpoints::organisation).orElse(null));
        return reply;
    }

    /** {@code Authorization: Bearer <token>}; revokes the session and closes its sockets on every node. */
    HttpReply logout(HttpCall call) {
        Principal principal = call.bearerToken()
                .flatMap(authenticator::authenticate)
                .orElseThrow(() -> HttpProblem.unauthenticated("a valid bearer token is required"));
        revocations.revoke(principal.sessionId(), principal.expiresAt());
        return HttpReply.noContent();
    }

    /** Body {@code {"organisation": slug}}; nothing personal is asked. */
    HttpReply anonymous(HttpCall call) {
        Map<String, Object> body = call.jsonObject();
        String organisation = Json.string(body, "organisation")
                .filter(s -> !s.isBlank())
                .orElseThrow(() -> HttpProblem.badRequest("organisation is required"));
        AnonymousSessions.Outcome outcome = anonymousSessions.start(organisation,
                ClientAddress.key(call.clientAddress()), () -> solved(body));
        switch (outcome.step()) {
            case RATE_LIMITED -> throw HttpProblem.tooManyRequests("RATE_LIMITED", AnonymousSessions.TOO_MANY_SESSIONS,
                    outcome.retryAfter());
            case PROOF_OF_WORK_REQUIRED -> {
                return proofOfWorkRequired();
            }
            case NO_SUCH_ORGANISATION -> throw HttpProblem.notFound("no such organisation");
            default -> {
            }
        }
        IssuedSession issued = outcome.session().orElseThrow();
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("token", issued.token());
        reply.put("expiresAt", issued.principal().expiresAt());
        reply.put("principalId", issued.principal().id());
        reply.put("organisation", issued.organisation().map(AuthEndpoints::organisation).orElse(null));
        return HttpReply.ok(reply);
    }

    /** {@code "pow": {"challenge": "...", "nonce": "..."}} that solves a challenge of this node, once. */
    private boolean solved(Map<String, Object> body) {
        if (!(body.get("pow") instanceof Map<?, ?> pow)) {
            return false;
        }
        return pow.get("challenge") instanceof String challenge && pow.get("nonce") instanceof String nonce
                && proofOfWork.accept(challenge, nonce);
    }

    /** 429 with a fresh challenge; the client solves it and sends the same request again with "pow". */
    private HttpReply proofOfWorkRequired() {
        ProofOfWork.Challenge challenge = proofOfWork.challenge();
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("error", "PROOF_OF_WORK_REQUIRED");
        reply.put("message", "it is busy: solve the challenge (SHA-256 of challenge \":\" nonce with bits leading"
                + " zero bits) and send it again as \"pow\": {\"challenge\", \"nonce\"}");
        reply.put("challenge", challenge.challenge());
        reply.put("bits", challenge.bits());
        return HttpReply.json(429, reply);
    }

    private static Map<String, Object> organisation(Organisation org) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", org.id());
        map.put("slug", org.slug());
        map.put("name", org.name());
        return map;
    }
}
