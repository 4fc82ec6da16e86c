package nl.spreekuur.server.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * The group rooms' server-wide settings (keys {@code rooms.*}): how long the personal data around a room is kept
 * once it has no use (decided knocks, ended private talks, closed safeguarding concerns) and the knock link's limit
 * per client address. A room's own messages follow the room's {@code retention_days} instead.
 *
 * @param decidedKnockRetention an approved or refused knock is deleted this long after the decision
 * @param endedTalkRetention    an ended private talk (conversation and row) is deleted this long after it ended
 * @param concernRetention      a closed concern is deleted this long after its last change or the member's leaving
 * @param knockPerAddress       knock page look-ups and knocks per client address (token bucket)
 */
public record RoomsConfig(Duration decidedKnockRetention, Duration endedTalkRetention, Duration concernRetention,
                          Limits.Rate knockPerAddress) {

    static RoomsConfig parse(ServerConfig.Parser p) {
        return new RoomsConfig(p.duration(ConfigKey.ROOMS_DECIDED_KNOCK_RETENTION_DAYS, ChronoUnit.DAYS, 1, 3650),
                p.duration(ConfigKey.ROOMS_ENDED_TALK_RETENTION_DAYS, ChronoUnit.DAYS, 1, 3650),
                p.duration(ConfigKey.ROOMS_CONCERN_RETENTION_DAYS, ChronoUnit.DAYS, 1, 7300),
                new Limits.Rate(p.integer(ConfigKey.ROOMS_KNOCK_ADDRESS_BURST, 1, 100_000),
                        p.decimal(ConfigKey.ROOMS_KNOCK_ADDRESS_PER_MINUTE)));
    }
}
