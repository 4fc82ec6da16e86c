package nl.spreekuur.server.auth;

import java.time.Instant;
import java.util.Set;
import nl.spreekuur.server.store.Role;

/**
 * Who is behind a connection or HTTP request, after the token was checked.
 *
 * @param id             stable principal id: the account id for staff, the session id for anonymous clients and
 *                       room members
 * @param sessionId      the session (token) this principal authenticated with
 * @param kind           anonymous client, staff, or member of a group room
 * @param organisationId the organisation whose data this principal may touch (null only for OPERATOR)
 * @param displayName    staff display name; empty for anonymous clients and room members (they pick a nickname per
 *                       conversation or room)
 * @param roles          staff roles; empty for the others
 * @param expiresAt      when the session token expires
 */
public record Principal(String id, String sessionId, Kind kind, String organisationId, String displayName,
                        Set<Role> roles, Instant expiresAt) {

    /** ROOM_MEMBER: joined one group room by invite; may act only in that room. */
    public enum Kind { ANONYMOUS_CLIENT, STAFF, ROOM_MEMBER }

    public Principal {
        roles = Set.copyOf(roles);
    }

    public boolean isStaff() {
        return kind == Kind.STAFF;
    }

    public boolean isAnonymous() {
        return kind == Kind.ANONYMOUS_CLIENT;
    }

    public boolean isRoomMember() {
        return kind == Kind.ROOM_MEMBER;
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** Describes the principal for audit logs and debug logs: never the token, never a nickname. */
    public String auditName() {
        return switch (kind) {
            case STAFF -> "staff:";
            case ANONYMOUS_CLIENT -> "client:";
            case ROOM_MEMBER -> "member:";
        } + id;
    }
}
