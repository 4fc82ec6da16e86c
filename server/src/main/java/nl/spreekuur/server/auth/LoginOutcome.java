package nl.spreekuur.server.auth;

import java.util.List;
import java.util.Optional;

/**
 * What a login attempt came to. Only {@link Step#SIGNED_IN} carries a session. The second-factor steps are answered
 * only after the password was right, so they tell the caller no more than a second-factor prompt always does.
 *
 * @param enrolment          for {@link Step#ENROLMENT_REQUIRED}: the key to put in the authenticator app
 * @param recoveryCodes      new recovery codes when this login confirmed an enrolment (shown once), else empty
 * @param recoveryCodesLeft  after a login with a recovery code: how many are left; -1 otherwise
 */
public record LoginOutcome(Step step, Optional<IssuedSession> session, SecondFactor.Enrolment enrolment,
                           List<String> recoveryCodes, int recoveryCodesLeft) {

    public enum Step {
        SIGNED_IN,
        /** unknown organisation or account, disabled account or wrong password (one answer for all) */
        REFUSED,
        /** the password was right; the account has a second factor and no code came */
        SECOND_FACTOR_REQUIRED,
        /** the password was right; the code was wrong or already used */
        SECOND_FACTOR_INVALID,
        /** the password was right; the policy asks a second factor and the account has none yet: enrol first */
        ENROLMENT_REQUIRED
    }

    static LoginOutcome refused() {
        return new LoginOutcome(Step.REFUSED, Optional.empty(), null, List.of(), -1);
    }

    static LoginOutcome only(Step step) {
        return new LoginOutcome(step, Optional.empty(), null, List.of(), -1);
    }

    static LoginOutcome signedIn(IssuedSession session, List<String> recoveryCodes, int recoveryCodesLeft) {
        return new LoginOutcome(Step.SIGNED_IN, Optional.of(session), null, recoveryCodes, recoveryCodesLeft);
    }

    @Override
    public String toString() {
        return "LoginOutcome[" + step + "]";
    }
}
