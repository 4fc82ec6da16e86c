package nl.spreekuur.server.effects;

import java.util.List;
import nl.spreekuur.server.store.Effects.Channel;

/** Which figures the report draws together in one chart, per channel (the page names them; see the i18n keys). */
final class Charts {
    record Spec(String id, Channel channel, List<FigureKind> figures) {
    }

    static final List<Spec> ALL = List.of(
            new Spec("reach", Channel.OFFICE_HOUR_CHAT, List.of(FigureKind.CLIENTS_REACHED,
                    FigureKind.OFFLINE_MESSAGES, FigureKind.OFFLINE_OUTSIDE_HOURS)),
            new Spec("visits", Channel.OFFICE_HOUR_CHAT, List.of(FigureKind.NEW_CLIENTS,
                    FigureKind.RETURNING_CLIENTS, FigureKind.UNRECOGNISED)),
            new Spec("access", Channel.OFFICE_HOUR_CHAT, List.of(FigureKind.JOINED, FigureKind.SERVED,
                    FigureKind.ABANDONED, FigureKind.QUICK_EXITS)),
            new Spec("refused", Channel.OFFICE_HOUR_CHAT, List.of(FigureKind.REFUSED_CLOSED,
                    FigureKind.REFUSED_NOBODY_ON_DUTY, FigureKind.REFUSED_FULL)),
            new Spec("waiting", Channel.OFFICE_HOUR_CHAT, List.of(FigureKind.WAIT_P50_SECONDS,
                    FigureKind.WAIT_P90_SECONDS)),
            new Spec("duration", Channel.OFFICE_HOUR_CHAT, List.of(FigureKind.CHATS_UNDER_5_MIN,
                    FigureKind.CHATS_5_TO_15_MIN, FigureKind.CHATS_15_TO_30_MIN, FigureKind.CHATS_30_TO_60_MIN,
                    FigureKind.CHATS_OVER_60_MIN)),
            new Spec("contact", Channel.OFFICE_HOUR_CHAT, List.of(FigureKind.MESSAGES_PER_CHAT_P50,
                    FigureKind.TRANSFERS, FigureKind.SUPERVISED, FigureKind.MOVED_TO_VIDEO)),
            new Spec("follow_up", Channel.OFFICE_HOUR_CHAT, List.of(FigureKind.FOLLOW_UP_FACE_TO_FACE,
                    FigureKind.FOLLOW_UP_PHONE, FigureKind.FOLLOW_UP_VIDEO, FigureKind.FOLLOW_UP_REFERRAL,
                    FigureKind.FOLLOW_UP_NONE)),
            new Spec("helped", Channel.OFFICE_HOUR_CHAT, List.of(FigureKind.HELPED_YES, FigureKind.HELPED_NO)),
            new Spec("offline", Channel.OFFICE_HOUR_CHAT, List.of(FigureKind.OFFLINE_HANDLED,
                    FigureKind.OFFLINE_HANDLE_P50_SECONDS, FigureKind.OFFLINE_HANDLE_P90_SECONDS)),
            new Spec("groups", Channel.GROUP_ROOM, List.of(FigureKind.ACTIVE_MEMBERS, FigureKind.MEMBERS_JOINED,
                    FigureKind.MODERATION_ACTIONS)),
            new Spec("group_messages", Channel.GROUP_ROOM, List.of(FigureKind.ROOM_MESSAGES)),
            new Spec("group_meetings", Channel.GROUP_ROOM, List.of(FigureKind.MEETINGS_HELD,
                    FigureKind.MEETING_SIGNUPS, FigureKind.ESCALATIONS)),
            new Spec("group_attendance", Channel.GROUP_ROOM, List.of(FigureKind.MEETING_ATTENDANCE,
                    FigureKind.ONLINE_MEETING_ATTENDANCE)),
            new Spec("video_calls", Channel.VIDEO_CONSULT, List.of(FigureKind.VIDEO_CONSULTS,
                    FigureKind.CHAT_VIDEO_CALLS, FigureKind.ONLINE_MEETINGS)),
            new Spec("video_duration", Channel.VIDEO_CONSULT, List.of(FigureKind.VIDEO_CONSULT_P50_SECONDS,
                    FigureKind.VIDEO_CONSULT_P90_SECONDS, FigureKind.CHAT_VIDEO_CALL_P50_SECONDS)),
            new Spec("video_quality", Channel.VIDEO_CONSULT, List.of(FigureKind.CALLS_NOT_HELD,
                    FigureKind.CALLS_NOT_CONNECTED, FigureKind.CALLS_RELAYED)));

    private Charts() {
    }

    static List<Spec> of(Channel channel) {
        return ALL.stream().filter(s -> s.channel() == channel).toList();
    }
}
