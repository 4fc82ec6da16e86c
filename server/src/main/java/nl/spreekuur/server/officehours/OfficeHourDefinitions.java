package nl.spreekuur.server.officehours;

import java.util.List;
import java.util.Optional;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.OfficeHourList;
import nl.spreekuur.protocol.v1.OfficeHourStatus;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.schedule.InvalidOfficeHourException;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.store.Accounts;
import nl.spreekuur.server.store.ConflictException;

/** Publishing office hours (org-admins) and their public status (everyone, also over HTTP without a session). */
final class OfficeHourDefinitions {
    private final OfficeHourContext ctx;

    OfficeHourDefinitions(OfficeHourContext ctx) {
        this.ctx = ctx;
    }

    OfficeHourList list(Principal principal) {
        OfficeHourList.Builder list = OfficeHourList.newBuilder();
        for (OfficeHour oh : ctx.store().officeHours().byOrganisation(principal.organisationId())) {
            list.addOfficeHours(principal.isStaff() ? oh : publicView(oh));
            list.addStatuses(ctx.views().snapshot(oh).status());
        }
        return list.build();
    }

    OfficeHourStatus status(Principal principal, String idOrSlug) {
        return ctx.views().snapshot(ctx.lookup().officeHour(principal.organisationId(), idOrSlug)).status();
    }

    /** For the public HTTP API: the status by organisation slug and office-hour slug. */
    Optional<OfficeHourStatus> publicStatus(String organisationSlug, String slug) {
        return ctx.store().organisations().bySlug(organisationSlug)
                .flatMap(org -> ctx.store().officeHours().bySlug(org.id(), slug))
                .map(oh -> ctx.views().snapshot(oh).status());
    }

    Optional<List<OfficeHourStatus>> publicStatuses(String organisationSlug) {
        return ctx.store().organisations().bySlug(organisationSlug).map(org -> ctx.store().officeHours()
                .byOrganisation(org.id()).stream().map(oh -> ctx.views().snapshot(oh).status()).toList());
    }

    /** Creates or replaces a definition; an invalid one is refused as a whole and nothing is saved. */
    OfficeHour save(Principal principal, OfficeHour requested) {
        OfficeHourAccess.requireAdmin(principal);
        if (!requested.getId().isEmpty()) {
            OfficeHour existing = ctx.store().officeHours().byId(requested.getId())
                    .orElseThrow(() -> RequestException.notFound("office hour"));
            OfficeHourAccess.requireSameOrganisation(principal, existing);
        }
        requireServableBy(principal, requested.getProfessionalIdsList());
        OfficeHour valid;
        try {
            valid = OfficeHourValidator.requireValid(
                    requested.toBuilder().setOrganisationId(principal.organisationId()).build());
        } catch (InvalidOfficeHourException e) {
            throw RequestException.invalid(e.getMessage());
        }
        OfficeHour saved;
        try {
            saved = ctx.store().officeHours().save(valid);
        } catch (ConflictException e) {
            throw RequestException.conflict("slug already used in this organisation");
        }
        ctx.auditor().record(principal, "office_hour.save", "office_hour", saved.getId(), null);
        ctx.changes().publish(saved.getId());
        return saved;
    }

    void delete(Principal principal, String officeHourId) {
        OfficeHourAccess.requireAdmin(principal);
        OfficeHour oh = ctx.lookup().officeHour(principal.organisationId(), officeHourId);
        if (!ctx.store().queue().waiting(oh.getId()).isEmpty() || !ctx.store().queue().inChat(oh.getId()).isEmpty()) {
            throw RequestException.conflict("clients are waiting or in a chat");
        }
        ctx.store().officeHours().delete(oh.getId());
        ctx.auditor().record(principal, "office_hour.delete", "office_hour", oh.getId(), null);
        ctx.changes().publish(oh.getId());
    }

    private void requireServableBy(Principal principal, List<String> accountIds) {
        for (String accountId : accountIds) {
            Accounts.Account account = ctx.store().accounts().byId(accountId)
                    .filter(a -> principal.organisationId().equals(a.organisationId()))
                    .orElseThrow(() -> RequestException.invalid("professional_ids: unknown account " + accountId));
            if (account.disabled()) {
                throw RequestException.invalid("professional_ids: account " + accountId + " is disabled");
            }
        }
    }

    /** What an anonymous client may see of an office hour definition: no staff ids. */
    private static OfficeHour publicView(OfficeHour oh) {
        return oh.toBuilder().clearProfessionalIds().build();
    }
}
