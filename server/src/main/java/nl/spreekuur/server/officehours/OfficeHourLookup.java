package nl.spreekuur.server.officehours;

import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.store.Accounts;
import nl.spreekuur.server.store.Queue;
import nl.spreekuur.server.store.Store;

/** Finds office hours, queue entries and names, never across organisations (NOT_FOUND, so ids do not leak). */
final class OfficeHourLookup {
    private final Store store;

    OfficeHourLookup(Store store) {
        this.store = store;
    }

    /** By id or slug, within the organisation. */
    OfficeHour officeHour(String organisationId, String idOrSlug) {
        if (idOrSlug == null || idOrSlug.isEmpty()) {
            throw RequestException.invalid("office_hour_id is required");
        }
        return store.officeHours().byId(idOrSlug)
                .or(() -> store.officeHours().bySlug(organisationId, idOrSlug))
                .filter(oh -> oh.getOrganisationId().equals(organisationId))
                .orElseThrow(() -> RequestException.notFound("office hour"));
    }

    OfficeHour officeHourOf(Queue.Entry entry) {
        return store.officeHours().byId(entry.officeHourId())
                .orElseThrow(() -> RequestException.notFound("office hour"));
    }

    /** A queue entry of the principal's organisation. */
    Queue.Entry entry(Principal principal, String entryId) {
        if (entryId.isEmpty()) {
            throw RequestException.invalid("queue_entry_id is required");
        }
        return store.queue().byId(entryId)
                .filter(e -> e.organisationId().equals(principal.organisationId()))
                .orElseThrow(() -> RequestException.notFound("queue entry"));
    }

    /** The client's own queue entry; someone else's is NOT_FOUND. */
    Queue.Entry ownEntry(Principal principal, String entryId) {
        Queue.Entry entry = entry(principal, entryId);
        if (!entry.clientPrincipalId().equals(principal.id())) {
            throw RequestException.notFound("queue entry");
        }
        return entry;
    }

    /** The office-hour chat behind a conversation of the principal's organisation. */
    Queue.Entry entryOfChat(Principal principal, String conversationId) {
        return store.queue().byConversation(conversationId)
                .filter(e -> e.organisationId().equals(principal.organisationId()))
                .orElseThrow(() -> RequestException.notFound("office-hour chat"));
    }

    String displayName(String accountId) {
        if (accountId == null) {
            return "";
        }
        return store.accounts().byId(accountId).map(Accounts.Account::displayName).orElse("");
    }
}
