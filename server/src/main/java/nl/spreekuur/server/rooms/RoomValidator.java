package nl.spreekuur.server.rooms;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import nl.spreekuur.protocol.v1.HistoryVisibility;
import nl.spreekuur.protocol.v1.Room;
import nl.spreekuur.protocol.v1.RoomState;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.session.Texts;
import nl.spreekuur.server.store.Accounts;
import nl.spreekuur.server.store.Role;

/**
 * The rules of a room definition; every refusal is INVALID_ARGUMENT naming the field, and nothing is stored.
 * Defaults: member limit {@value #DEFAULT_MEMBER_LIMIT}, full history, messages kept while the room exists, open.
 */
final class RoomValidator {
    static final int MAX_NAME = 80;
    static final int MAX_DESCRIPTION = 1000;
    static final int DEFAULT_MEMBER_LIMIT = 200;
    static final int MAX_MEMBER_LIMIT = 2000;
    static final int MAX_RETENTION_DAYS = 3650;

    private RoomValidator() {
    }

    /** The definition with defaults applied and text trimmed; moderators must be professionals of the organisation. */
    static Room valid(Room room, String organisationId, Accounts accounts) {
        String name = room.getName().strip();
        if (name.isEmpty() || Texts.length(name) > MAX_NAME) {
            throw RequestException.invalid("name: 1.." + MAX_NAME + " characters");
        }
        String description = room.getDescription().strip();
        if (Texts.length(description) > MAX_DESCRIPTION) {
            throw RequestException.invalid("description: at most " + MAX_DESCRIPTION + " characters");
        }
        int limit = room.getMemberLimit() == 0 ? DEFAULT_MEMBER_LIMIT : room.getMemberLimit();
        if (limit < 1 || limit > MAX_MEMBER_LIMIT) {
            throw RequestException.invalid("member_limit: 1.." + MAX_MEMBER_LIMIT);
        }
        if (room.getRetentionDays() < 0 || room.getRetentionDays() > MAX_RETENTION_DAYS) {
            throw RequestException.invalid("retention_days: 0 (while the room exists) or 1.." + MAX_RETENTION_DAYS);
        }
        HistoryVisibility visibility = switch (room.getHistoryVisibility()) {
            case HISTORY_VISIBILITY_UNSPECIFIED -> HistoryVisibility.FULL_HISTORY;
            case FULL_HISTORY, FROM_JOIN -> room.getHistoryVisibility();
            default -> throw RequestException.invalid("history_visibility: FULL_HISTORY or FROM_JOIN");
        };
        if (room.getState() == RoomState.UNRECOGNIZED) {
            throw RequestException.invalid("state: ROOM_OPEN, ROOM_PAUSED or ROOM_CLOSED");
        }
        List<String> moderators = new ArrayList<>(new LinkedHashSet<>(room.getModeratorIdsList()));
        if (moderators.isEmpty()) {
            throw RequestException.invalid("moderator_ids: at least one");
        }
        for (String id : moderators) {
            boolean professional = accounts.byId(id)
                    .filter(a -> organisationId.equals(a.organisationId()) && !a.disabled())
                    .filter(a -> a.roles().contains(Role.PROFESSIONAL))
                    .isPresent();
            if (!professional) {
                throw RequestException.invalid("moderator_ids: every moderator must be a professional of the organisation");
            }
        }
        return room.toBuilder().setName(name).setDescription(description).setMemberLimit(limit)
                .setHistoryVisibility(visibility).clearModeratorIds().addAllModeratorIds(moderators).build();
    }
}
