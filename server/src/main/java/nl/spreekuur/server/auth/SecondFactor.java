package nl.spreekuur.server.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.store.SecondFactors;
import nl.spreekuur.server.store.SecondFactors.Factor;

/**
 * The second factor of staff accounts: TOTP (RFC 6238) with single-use recovery codes. An account enrols by
 * starting (a new secret is stored sealed as pending, shown once as key and QR code) and confirming with a code from
 * the app (the pending secret becomes the factor; {@value RecoveryCodes#COUNT} new recovery codes are shown once).
 * Whether an account must have one is the organisation's policy per role ({@link #required}). Every accepted code
 * moves the account's last used step forward, so a code works once. Blocking (store).
 */
public final class SecondFactor {
    /** The issuer shown in authenticator apps. */
    public static final String ISSUER = "Spreekuur";

    private final SecondFactors store;
    private final TotpSecrets secrets;
    private final TotpCodes codes = new TotpCodes();
    private final RecoveryCodes recoveryCodes = new RecoveryCodes();
    private final Clock clock;

    /** A started enrolment, for the person to put in their app: manual key, key URI and the URI's QR code. */
    public record Enrolment(String manualKey, String keyUri, QrCodes.Qr qr) {
        @Override
        public String toString() {
            return "Enrolment[…]";
        }
    }

    /** How a login's second factor was shown to be present. */
    public enum Proof { TOTP, RECOVERY_CODE }

    public SecondFactor(SecondFactors store, TotpSecrets secrets, Clock clock) {
        this.store = store;
        this.secrets = secrets;
        this.clock = clock;
    }

    public boolean enabled(String accountId) {
        return store.byAccount(accountId).map(Factor::enabled).orElse(false);
    }

    /** Whether the organisation's policy asks a second factor of this account (one of its roles is listed). */
    public boolean required(Account account) {
        Set<Role> roles = store.requiredRoles(account.organisationId());
        return account.roles().stream().anyMatch(roles::contains);
    }

    /**
     * Starts (or restarts) the account's enrolment.
     *
     * @param label how the account is named in the app, e.g. "demo/anna"
     */
    public Enrolment start(Account account, String label) {
        byte[] secret = secrets.newSecret();
        store.startEnrolment(account.id(), secrets.seal(account.id(), secret), clock.instant());
        String uri = TotpSecrets.keyUri(ISSUER, label, secret);
        return new Enrolment(TotpSecrets.base32(secret), uri, QrCodes.encode(uri));
    }

    /**
     * Confirms the pending enrolment with a code from the app.
     *
     * @return the new recovery codes (shown once), or empty when there is no pending enrolment or the code is wrong
     */
    public Optional<List<String>> confirm(String accountId, String code) {
        Optional<Factor> factor = store.byAccount(accountId).filter(f -> f.pendingSealed() != null);
        if (factor.isEmpty()) {
            return Optional.empty();
        }
        byte[] secret = secrets.open(accountId, factor.get().pendingSealed());
        OptionalLong step = codes.matchingStep(secret, code, clock.instant());
        if (step.isEmpty()) {
            return Optional.empty();
        }
        List<String> fresh = recoveryCodes.generate();
        boolean confirmed = store.confirmEnrolment(accountId, factor.get().pendingSealed(), step.getAsLong(),
                clock.instant(), fresh.stream().map(RecoveryCodes::hash).toList());
        return confirmed ? Optional.of(fresh) : Optional.empty();
    }

    /**
     * Checks a login's second factor: a current TOTP code not used before, or an unused recovery code (used up).
     *
     * @return how it was proven, or empty when the code is wrong, already used, or the account has no factor
     */
    public Optional<Proof> verify(String accountId, String code) {
        Optional<Factor> factor = store.byAccount(accountId).filter(Factor::enabled);
        if (factor.isEmpty() || code == null) {
            return Optional.empty();
        }
        if (TotpCodes.looksLikeCode(code)) {
            byte[] secret = secrets.open(accountId, factor.get().secretSealed());
            OptionalLong step = codes.matchingStep(secret, code, clock.instant());
            return step.isPresent() && store.acceptStep(accountId, step.getAsLong())
                    ? Optional.of(Proof.TOTP) : Optional.empty();
        }
        if (RecoveryCodes.looksLikeCode(code) && store.useRecoveryCode(accountId, RecoveryCodes.hash(code))) {
            return Optional.of(Proof.RECOVERY_CODE);
        }
        return Optional.empty();
    }

    public int recoveryCodesLeft(String accountId) {
        return store.recoveryCodesLeft(accountId);
    }

    /** Removes the account's factor (lost phone, or switched off where the policy allows). */
    public void remove(String accountId) {
        store.remove(accountId);
    }

    public Set<Role> requiredRoles(String organisationId) {
        return store.requiredRoles(organisationId);
    }

    public void setRequiredRoles(String organisationId, Set<Role> roles) {
        store.setRequiredRoles(organisationId, roles);
    }

    public Set<String> enabledAccounts(String organisationId) {
        return store.enabledAccounts(organisationId);
    }

    /** When the account's factor was confirmed, if it has one. */
    public Optional<Instant> enabledAt(String accountId) {
        return store.byAccount(accountId).filter(Factor::enabled).map(Factor::enabledAt);
    }
}
