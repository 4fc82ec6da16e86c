package nl.spreekuur.server.session;

import nl.spreekuur.server.auth.Principal;

/**
 * The organisation boundary every capability checks first (office hours, rooms): an object of another
 * organisation is NOT_FOUND, never FORBIDDEN, so its id does not even confirm that it exists.
 */
public final class OrganisationScope {
    private OrganisationScope() {
    }

    /** NOT_FOUND ("{what} not found") unless the object belongs to the principal's organisation. */
    public static void require(Principal principal, String organisationId, String what) {
        if (organisationId == null || !organisationId.equals(principal.organisationId())) {
            throw RequestException.notFound(what);
        }
    }
}
