package nl.spreekuur.server.cannedresponses;

import java.time.Clock;
import nl.spreekuur.protocol.v1.CannedResponse;
import nl.spreekuur.protocol.v1.CannedResponseList;
import nl.spreekuur.protocol.v1.ClientMessage.BodyCase;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.session.RequestRouter;
import nl.spreekuur.server.session.Texts;
import nl.spreekuur.server.store.CannedResponses;
import nl.spreekuur.server.store.CannedResponses.Response;
import nl.spreekuur.server.store.ConflictException;
import nl.spreekuur.server.store.Role;

/**
 * Canned responses ("standaardantwoorden"): every staff member lists the organisation's shared set and their own;
 * org-admins manage the shared set, each professional their own. Another organisation's response, or a colleague's
 * own, is {@code NOT_FOUND}.
 */
public final class CannedResponseRequests {
    static final int MAX_CODE = 30;
    static final int MAX_TITLE = 80;
    static final int MAX_TEXT = 2000;
    /** Per set: the shared set of an organisation, or one professional's own. */
    static final int MAX_PER_SET = 200;

    private final CannedResponses store;
    private final Clock clock;

    public CannedResponseRequests(CannedResponses store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public void register(RequestRouter router) {
        router.on(BodyCase.LIST_CANNED_RESPONSES, (s, r) -> s.send(ServerMessage.newBuilder()
                        .setRequestId(r.getRequestId()).setCannedResponses(list(s.principal())).build()))
                .on(BodyCase.SAVE_CANNED_RESPONSE, (s, r) -> s.send(ServerMessage.newBuilder()
                        .setRequestId(r.getRequestId())
                        .setCannedResponse(save(s.principal(), r.getSaveCannedResponse().getResponse())).build()))
                .onAck(BodyCase.DELETE_CANNED_RESPONSE, (s, r) ->
                        delete(s.principal(), r.getDeleteCannedResponse().getId()));
    }

    CannedResponseList list(Principal principal) {
        requireStaff(principal);
        CannedResponseList.Builder list = CannedResponseList.newBuilder();
        store.visibleTo(principal.organisationId(), principal.id()).forEach(r -> list.addResponses(toProto(r)));
        return list.build();
    }

    CannedResponse save(Principal principal, CannedResponse wanted) {
        requireStaff(principal);
        String code = wanted.getCode().strip().toLowerCase(java.util.Locale.ROOT);
        if (!code.matches("[a-z0-9-]{1," + MAX_CODE + "}")) {
            throw RequestException.invalid("code must be 1.." + MAX_CODE + " of a-z 0-9 -");
        }
        String title = required(wanted.getTitle().strip(), "title", MAX_TITLE);
        String text = required(wanted.getText().strip(), "text", MAX_TEXT);
        try {
            if (wanted.getId().isEmpty()) {
                return toProto(create(principal, wanted.getShared(), code, title, text));
            }
            Response existing = ownedBy(principal, wanted.getId());
            if (existing.shared() != wanted.getShared()) {
                throw RequestException.invalid("a response cannot move between the shared set and your own");
            }
            if (!store.update(existing.id(), code, title, text, clock.instant())) {
                throw RequestException.notFound("canned response");
            }
            return toProto(store.byId(existing.id()).orElseThrow(() -> RequestException.notFound("canned response")));
        } catch (ConflictException e) {
            throw RequestException.conflict("code already in use in this set");
        }
    }

    void delete(Principal principal, String id) {
        requireStaff(principal);
        if (!store.delete(ownedBy(principal, id).id())) {
            throw RequestException.notFound("canned response");
        }
    }

    private Response create(Principal principal, boolean shared, String code, String title, String text) {
        if (shared) {
            requireAdmin(principal);
        }
        String owner = shared ? null : principal.id();
        if (store.count(principal.organisationId(), owner) >= MAX_PER_SET) {
            throw new RequestException(ErrorCode.LIMIT_REACHED, "a set holds at most " + MAX_PER_SET
                    + " canned responses; delete one first");
        }
        return store.create(principal.organisationId(), owner, code, title, text, clock.instant());
    }

    /** The response if the principal may change it: their own, or a shared one of their organisation as org-admin. */
    private Response ownedBy(Principal principal, String id) {
        Response existing = store.byId(id)
                .filter(r -> r.organisationId().equals(principal.organisationId()))
                .filter(r -> r.shared() || r.ownerId().equals(principal.id()))
                .orElseThrow(() -> RequestException.notFound("canned response"));
        if (existing.shared()) {
            requireAdmin(principal);
        }
        return existing;
    }

    private static String required(String value, String field, int max) {
        if (value.isEmpty()) {
            throw RequestException.invalid(field + " is required");
        }
        if (Texts.length(value) > max) {
            throw new RequestException(ErrorCode.TOO_LARGE, field + " longer than " + max);
        }
        return value;
    }

    private static void requireStaff(Principal principal) {
        if (!principal.isStaff() || principal.organisationId() == null) {
            throw RequestException.forbidden("only an organisation's staff have canned responses");
        }
    }

    private static void requireAdmin(Principal principal) {
        if (!principal.has(Role.ORG_ADMIN)) {
            throw RequestException.forbidden("the shared set requires the org-admin role");
        }
    }

    static CannedResponse toProto(Response r) {
        return CannedResponse.newBuilder().setId(r.id()).setCode(r.code()).setTitle(r.title()).setText(r.text())
                .setShared(r.shared()).build();
    }
}
