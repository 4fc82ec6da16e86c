package nl.spreekuur.server.rooms;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.spreekuur.protocol.v1.HelpInfo;
import nl.spreekuur.protocol.v1.HelpLine;
import nl.spreekuur.protocol.v1.OrganisationSafety;
import nl.spreekuur.protocol.v1.RoomSafety;
import nl.spreekuur.protocol.v1.UnattendedMode;
import nl.spreekuur.protocol.v1.WeeklySlot;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.schedule.InvalidOfficeHourException;
import nl.spreekuur.server.schedule.Schedule;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.session.Texts;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.store.RoomSafeguards;
import nl.spreekuur.server.store.Rooms;

/**
 * A room's safety settings (moderation hours, unattended mode, quiet hours, house rules) and the organisation's
 * defaults (house rules, "Hulp nodig?"). The compiled schedules of a room and members' safety rows are cached like
 * {@link RoomCache} (this process's changes only), because every write in a room checks them.
 */
final class RoomSafetySettings {
    /** A room's settings with their schedules; a schedule is null when no slots are set. */
    record Compiled(RoomSafety settings, Schedule moderation, Schedule quiet) {
        boolean moderatedAt(Instant now) {
            return moderation == null || moderation.isOpen(now);
        }

        boolean quietAt(Instant now) {
            return quiet != null && quiet.isOpen(now);
        }
    }

    private final RoomContext ctx;
    private final Cache<String, Compiled> compiled = Caffeine.newBuilder().maximumSize(RoomCache.MAX_ROOMS).build();
    private final Cache<String, Optional<RoomSafeguards.MemberSafety>> members = Caffeine.newBuilder()
            .maximumSize(RoomCache.MAX_MEMBERS).build();

    RoomSafetySettings(RoomContext ctx) {
        this.ctx = ctx;
    }

    private RoomSafeguards rows() {
        return ctx.store().roomSafeguards();
    }

    Compiled of(String roomId) {
        return compiled.get(roomId, id -> {
            RoomSafety settings = rows().settings(id).orElse(RoomSafety.newBuilder()
                    .setUnattendedMode(UnattendedMode.UNATTENDED_OPEN).build());
            return new Compiled(settings, schedule(settings.getTimeZone(), settings.getModerationHoursList()),
                    schedule(settings.getTimeZone(), settings.getQuietHoursList()));
        });
    }

    private static Schedule schedule(String zone, List<WeeklySlot> slots) {
        return slots.isEmpty() ? null : Schedule.weekly(zone, slots);
    }

    Optional<RoomSafeguards.MemberSafety> member(String roomId, String participantId) {
        return members.get(roomId + "/" + participantId, key -> rows().member(roomId, participantId));
    }

    void memberChanged(String roomId, String participantId) {
        members.invalidate(roomId + "/" + participantId);
    }

    /** The house rules members of the room accept: the group's own, else the organisation's, else the built-in. */
    String houseRules(Rooms.Room room) {
        String own = of(room.id()).settings().getHouseRules();
        if (!own.isBlank()) {
            return own;
        }
        return rows().organisationDefaults(room.organisationId()).map(RoomSafeguards.OrganisationDefaults::houseRules)
                .filter(text -> !text.isBlank()).orElse(RoomSafetyTexts.DEFAULT_HOUSE_RULES);
    }

    HelpInfo help(String organisationId) {
        return RoomSafetyTexts.withDefaults(rows().organisationDefaults(organisationId)
                .map(RoomSafeguards.OrganisationDefaults::help).orElse(HelpInfo.getDefaultInstance()));
    }

    /** Moderators and org-admins: the settings only; the fields set by the server are ignored. */
    void save(Principal principal, RoomSafety wanted) {
        Rooms.Room room = ctx.access().managed(principal, wanted.getRoomId());
        if (wanted.getUnattendedMode() == UnattendedMode.UNRECOGNIZED) {
            throw RequestException.invalid("unattended_mode: UNATTENDED_OPEN, UNATTENDED_READ_ONLY,"
                    + " UNATTENDED_HOLD_NEW_MEMBERS or UNATTENDED_HOLD_ALL");
        }
        String rules = wanted.getHouseRules().strip();
        if (Texts.length(rules) > RoomSafetyTexts.MAX_HOUSE_RULES) {
            throw RequestException.invalid("house_rules: at most " + RoomSafetyTexts.MAX_HOUSE_RULES + " characters");
        }
        RoomSafety settings = RoomSafety.newBuilder().setRoomId(room.id()).setTimeZone(wanted.getTimeZone())
                .addAllModerationHours(wanted.getModerationHoursList())
                .setUnattendedMode(wanted.getUnattendedMode() == UnattendedMode.UNATTENDED_MODE_UNSPECIFIED
                        ? UnattendedMode.UNATTENDED_OPEN : wanted.getUnattendedMode())
                .addAllQuietHours(wanted.getQuietHoursList()).setHouseRules(rules).build();
        valid("moderation_hours", settings.getTimeZone(), settings.getModerationHoursList());
        valid("quiet_hours", settings.getTimeZone(), settings.getQuietHoursList());
        rows().saveSettings(room.id(), settings);
        compiled.invalidate(room.id());
    }

    private static void valid(String field, String zone, List<WeeklySlot> slots) {
        try {
            Schedule.weekly(zone, slots);
        } catch (InvalidOfficeHourException e) {
            var first = e.errors().get(0);
            throw RequestException.invalid(first.field().equals("time_zone") ? "time_zone: " + first.message()
                    : field + ": " + first.field() + " " + first.message());
        }
    }

    /** Staff of the organisation read it; room members and anonymous clients get FORBIDDEN. */
    OrganisationSafety organisation(Principal principal) {
        if (!principal.isStaff()) {
            throw RequestException.forbidden("only an organisation's staff read its room safety defaults");
        }
        return organisationView(principal.organisationId());
    }

    private OrganisationSafety organisationView(String organisationId) {
        String rules = rows().organisationDefaults(organisationId).map(RoomSafeguards.OrganisationDefaults::houseRules)
                .filter(text -> !text.isBlank()).orElse(RoomSafetyTexts.DEFAULT_HOUSE_RULES);
        return OrganisationSafety.newBuilder().setDefaultHouseRules(rules).setHelp(help(organisationId)).build();
    }

    /** Org-admins only; empty house rules or an empty list of numbers go back to the built-in ones. */
    OrganisationSafety saveOrganisation(Principal principal, OrganisationSafety wanted) {
        if (!principal.isStaff() || !principal.has(Role.ORG_ADMIN)) {
            throw RequestException.forbidden("requires the org-admin role");
        }
        String rules = wanted.getDefaultHouseRules().strip();
        if (Texts.length(rules) > RoomSafetyTexts.MAX_HOUSE_RULES) {
            throw RequestException.invalid("default_house_rules: at most " + RoomSafetyTexts.MAX_HOUSE_RULES
                    + " characters");
        }
        HelpInfo help = wanted.getHelp();
        if (help.getLinesCount() > RoomSafetyTexts.MAX_HELP_LINES) {
            throw RequestException.invalid("help.lines: at most " + RoomSafetyTexts.MAX_HELP_LINES);
        }
        HelpInfo.Builder clean = HelpInfo.newBuilder()
                .setContactName(field("help.contact_name", help.getContactName()))
                .setContactPhone(field("help.contact_phone", help.getContactPhone()))
                .setContactEmail(field("help.contact_email", help.getContactEmail()))
                .setContactHours(field("help.contact_hours", help.getContactHours()));
        for (HelpLine line : help.getLinesList()) {
            String label = field("help.lines.label", line.getLabel());
            String phone = field("help.lines.phone", line.getPhone());
            if (label.isEmpty() || phone.isEmpty()) {
                throw RequestException.invalid("help.lines: every line needs a label and a phone number");
            }
            clean.addLines(HelpLine.newBuilder().setLabel(label).setPhone(phone));
        }
        boolean builtIn = rules.equals(RoomSafetyTexts.DEFAULT_HOUSE_RULES.strip());
        rows().saveOrganisationDefaults(principal.organisationId(),
                new RoomSafeguards.OrganisationDefaults(builtIn ? "" : rules, clean.build()));
        return organisationView(principal.organisationId());
    }

    private static String field(String name, String value) {
        String v = value.strip();
        if (Texts.length(v) > RoomSafetyTexts.MAX_HELP_FIELD) {
            throw RequestException.invalid(name + ": at most " + RoomSafetyTexts.MAX_HELP_FIELD + " characters");
        }
        return v;
    }
}
