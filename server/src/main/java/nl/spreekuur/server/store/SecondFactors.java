package nl.spreekuur.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Staff accounts' second factor (TOTP): the sealed secret, a pending enrolment, the last accepted time step,
 * single-use recovery codes (hashed) and the organisation's policy of which roles must use it. The store never sees
 * a secret in the clear: sealing is the caller's ({@code auth.TotpSecrets}).
 */
public interface SecondFactors {

    /**
     * @param secretSealed  the confirmed secret, or null while only an enrolment is pending
     * @param pendingSealed a started enrolment's secret, or null
     * @param lastStep      the last accepted 30-second time step (0: none yet)
     */
    record Factor(String accountId, String secretSealed, Instant enabledAt, String pendingSealed,
                  Instant pendingSince, long lastStep) {
        public boolean enabled() {
            return secretSealed != null;
        }
    }

    Optional<Factor> byAccount(String accountId);

    /** The ids of the organisation's accounts that have a confirmed second factor. */
    Set<String> enabledAccounts(String organisationId);

    /** Starts (or restarts) an enrolment: a confirmed factor stays in force until the new one is confirmed. */
    void startEnrolment(String accountId, String pendingSealed, Instant at);

    /**
     * Makes the pending secret the account's factor and replaces the recovery codes, if the pending secret is still
     * {@code pendingSealed} (not replaced by a newer start meanwhile).
     *
     * @return false if the pending enrolment changed or is gone
     */
    boolean confirmEnrolment(String accountId, String pendingSealed, long acceptedStep, Instant at,
                             List<String> recoveryCodeHashes);

    /**
     * Records that the code of {@code step} was used, if it is later than the last accepted step (compare and set,
     * so two logins with the same code cannot both pass, also on two nodes).
     *
     * @return false when the step (or a later one) was already used
     */
    boolean acceptStep(String accountId, long step);

    /** Uses up one recovery code; false when the account has no such (unused) code. */
    boolean useRecoveryCode(String accountId, String codeHash);

    int recoveryCodesLeft(String accountId);

    /** Removes the account's factor, pending enrolment and recovery codes. */
    void remove(String accountId);

    /** The roles of the organisation that must log in with a second factor (empty: optional for all). */
    Set<Role> requiredRoles(String organisationId);

    void setRequiredRoles(String organisationId, Set<Role> roles);
}
