package nl.spreekuur.server.effects;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import nl.spreekuur.server.store.Effects.Channel;

/**
 * Every figure the effects job computes: its name in reports and exports, the group it belongs to, its channel,
 * and whether it is a count (suppressed below {@link Suppression#THRESHOLD} when it is 1..4) or a measure of a
 * distribution (seconds, messages; suppressed when the count it is computed from is below the threshold).
 */
public enum FigureKind {
    // office-hour chat: reach
    CLIENTS_REACHED("reach", Channel.OFFICE_HOUR_CHAT, null),
    OFFLINE_MESSAGES("reach", Channel.OFFICE_HOUR_CHAT, null),
    OFFLINE_OUTSIDE_HOURS("reach", Channel.OFFICE_HOUR_CHAT, null),
    NEW_CLIENTS("reach", Channel.OFFICE_HOUR_CHAT, null),
    RETURNING_CLIENTS("reach", Channel.OFFICE_HOUR_CHAT, null),
    UNRECOGNISED("reach", Channel.OFFICE_HOUR_CHAT, null),
    // access and waiting
    JOINED("access", Channel.OFFICE_HOUR_CHAT, null),
    SERVED("access", Channel.OFFICE_HOUR_CHAT, null),
    ABANDONED("access", Channel.OFFICE_HOUR_CHAT, null),
    REFUSED_CLOSED("access", Channel.OFFICE_HOUR_CHAT, null),
    REFUSED_NOBODY_ON_DUTY("access", Channel.OFFICE_HOUR_CHAT, null),
    REFUSED_FULL("access", Channel.OFFICE_HOUR_CHAT, null),
    QUICK_EXITS("access", Channel.OFFICE_HOUR_CHAT, null),
    WAITS("access", Channel.OFFICE_HOUR_CHAT, null),
    WAIT_P50_SECONDS("access", Channel.OFFICE_HOUR_CHAT, "WAITS"),
    WAIT_P90_SECONDS("access", Channel.OFFICE_HOUR_CHAT, "WAITS"),
    // contact
    CHATS("contact", Channel.OFFICE_HOUR_CHAT, null),
    CHAT_P50_SECONDS("contact", Channel.OFFICE_HOUR_CHAT, "CHATS"),
    CHAT_P90_SECONDS("contact", Channel.OFFICE_HOUR_CHAT, "CHATS"),
    CHATS_UNDER_5_MIN("contact", Channel.OFFICE_HOUR_CHAT, null),
    CHATS_5_TO_15_MIN("contact", Channel.OFFICE_HOUR_CHAT, null),
    CHATS_15_TO_30_MIN("contact", Channel.OFFICE_HOUR_CHAT, null),
    CHATS_30_TO_60_MIN("contact", Channel.OFFICE_HOUR_CHAT, null),
    CHATS_OVER_60_MIN("contact", Channel.OFFICE_HOUR_CHAT, null),
    MESSAGES("contact", Channel.OFFICE_HOUR_CHAT, null),
    MESSAGES_PER_CHAT_P50("contact", Channel.OFFICE_HOUR_CHAT, "CHATS"),
    MESSAGES_PER_CHAT_P90("contact", Channel.OFFICE_HOUR_CHAT, "CHATS"),
    TRANSFERS("contact", Channel.OFFICE_HOUR_CHAT, null),
    SUPERVISED("contact", Channel.OFFICE_HOUR_CHAT, null),
    MOVED_TO_VIDEO("contact", Channel.OFFICE_HOUR_CHAT, null),
    // outcomes
    FOLLOW_UP_FACE_TO_FACE("outcomes", Channel.OFFICE_HOUR_CHAT, null),
    FOLLOW_UP_PHONE("outcomes", Channel.OFFICE_HOUR_CHAT, null),
    FOLLOW_UP_VIDEO("outcomes", Channel.OFFICE_HOUR_CHAT, null),
    FOLLOW_UP_REFERRAL("outcomes", Channel.OFFICE_HOUR_CHAT, null),
    FOLLOW_UP_NONE("outcomes", Channel.OFFICE_HOUR_CHAT, null),
    HELPED_YES("outcomes", Channel.OFFICE_HOUR_CHAT, null),
    HELPED_NO("outcomes", Channel.OFFICE_HOUR_CHAT, null),
    OFFLINE_HANDLED("outcomes", Channel.OFFICE_HOUR_CHAT, null),
    OFFLINE_HANDLE_P50_SECONDS("outcomes", Channel.OFFICE_HOUR_CHAT, "OFFLINE_HANDLED"),
    OFFLINE_HANDLE_P90_SECONDS("outcomes", Channel.OFFICE_HOUR_CHAT, "OFFLINE_HANDLED"),
    // group rooms
    ACTIVE_MEMBERS("groups", Channel.GROUP_ROOM, null),
    MEMBERS_JOINED("groups", Channel.GROUP_ROOM, null),
    ROOM_MESSAGES("groups", Channel.GROUP_ROOM, null),
    MODERATION_ACTIONS("groups", Channel.GROUP_ROOM, null),
    ESCALATIONS("groups", Channel.GROUP_ROOM, null),
    MEETINGS_HELD("groups", Channel.GROUP_ROOM, null),
    MEETING_SIGNUPS("groups", Channel.GROUP_ROOM, null),
    MEETINGS_COUNTED("groups", Channel.GROUP_ROOM, null),
    MEETING_ATTENDANCE("groups", Channel.GROUP_ROOM, null),
    ONLINE_MEETINGS_COUNTED("groups", Channel.GROUP_ROOM, null),
    ONLINE_MEETING_ATTENDANCE("groups", Channel.GROUP_ROOM, null),
    // video calls: scheduled consults, calls in office-hour chats, groups' online meetings
    VIDEO_CONSULTS("video", Channel.VIDEO_CONSULT, null),
    VIDEO_CONSULT_P50_SECONDS("video", Channel.VIDEO_CONSULT, "VIDEO_CONSULTS"),
    VIDEO_CONSULT_P90_SECONDS("video", Channel.VIDEO_CONSULT, "VIDEO_CONSULTS"),
    CHAT_VIDEO_CALLS("video", Channel.VIDEO_CONSULT, null),
    CHAT_VIDEO_CALL_P50_SECONDS("video", Channel.VIDEO_CONSULT, "CHAT_VIDEO_CALLS"),
    ONLINE_MEETINGS("video", Channel.VIDEO_CONSULT, null),
    ONLINE_MEETING_PARTICIPANTS("video", Channel.VIDEO_CONSULT, null),
    CALLS_NOT_HELD("video", Channel.VIDEO_CONSULT, null),
    CALLS_NOT_CONNECTED("video", Channel.VIDEO_CONSULT, null),
    CALLS_RELAYED("video", Channel.VIDEO_CONSULT, null);

    private final String group;
    private final Channel channel;
    private final String basis;

    FigureKind(String group, Channel channel, String basis) {
        this.group = group;
        this.channel = channel;
        this.basis = basis;
    }

    /** The name in reports and exports: lower case, e.g. {@code wait_p50_seconds}. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public String group() {
        return group;
    }

    public Channel channel() {
        return channel;
    }

    /** For a measure: the count it is computed from. Empty for a count. */
    public Optional<FigureKind> basis() {
        return Optional.ofNullable(basis).map(FigureKind::valueOf);
    }

    public static List<FigureKind> of(Channel channel) {
        return Arrays.stream(values()).filter(f -> f.channel == channel).toList();
    }

    public static Optional<FigureKind> byKey(String key) {
        return Arrays.stream(values()).filter(f -> f.key().equals(key)).findFirst();
    }
}
