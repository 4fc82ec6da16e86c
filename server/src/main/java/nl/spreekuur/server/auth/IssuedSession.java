package nl.spreekuur.server.auth;

import java.util.Optional;
import nl.spreekuur.server.store.Organisations.Organisation;

/**
 * A freshly created session: the plain token (given to the client once, never stored or logged), the principal
 * it stands for and the organisation (empty for deployment-level operators).
 */
public record IssuedSession(String token, Principal principal, Optional<Organisation> organisation) {

    @Override
    public String toString() {
        return "IssuedSession[" + principal.auditName() + "]";
    }
}
