package nl.spreekuur.server.officehours;

import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.session.OrganisationScope;
import nl.spreekuur.server.session.RequestException;

/** Who may do what with an office hour. Every check also pins the organisation. */
final class OfficeHourAccess {
    private OfficeHourAccess() {
    }

    static void requireSameOrganisation(Principal principal, OfficeHour officeHour) {
        OrganisationScope.require(principal, officeHour.getOrganisationId(), "office hour");
    }

    static void requireClient(Principal principal) {
        if (!principal.isAnonymous()) {
            throw RequestException.forbidden("only clients can do this");
        }
    }

    static void requireAdmin(Principal principal) {
        if (!principal.has(Role.ORG_ADMIN)) {
            throw RequestException.forbidden("requires the org-admin role");
        }
    }

    /** May serve clients of this office hour: listed as its professional, or org-admin of the organisation. */
    static boolean mayServe(Principal principal, OfficeHour officeHour) {
        return principal.isStaff()
                && officeHour.getOrganisationId().equals(principal.organisationId())
                && (principal.has(Role.PROFESSIONAL) || principal.has(Role.ORG_ADMIN))
                && (officeHour.getProfessionalIdsList().contains(principal.id()) || principal.has(Role.ORG_ADMIN));
    }

    static void requireMayServe(Principal principal, OfficeHour officeHour) {
        requireSameOrganisation(principal, officeHour);
        if (!mayServe(principal, officeHour)) {
            throw RequestException.forbidden("not a professional of this office hour");
        }
    }

    /** May see the queue, statistics and offline messages: may serve, or supervisor / org-admin. */
    static void requireMayOversee(Principal principal, OfficeHour officeHour) {
        requireSameOrganisation(principal, officeHour);
        if (!(mayServe(principal, officeHour) || principal.has(Role.SUPERVISOR) || principal.has(Role.ORG_ADMIN))) {
            throw RequestException.forbidden("not allowed to see this office hour's queue");
        }
    }

    static void requireSupervisorOrAdmin(Principal principal, OfficeHour officeHour) {
        requireSameOrganisation(principal, officeHour);
        if (!(principal.has(Role.SUPERVISOR) || principal.has(Role.ORG_ADMIN))) {
            throw RequestException.forbidden("requires the supervisor or org-admin role");
        }
    }
}
