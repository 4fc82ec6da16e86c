package nl.spreekuur.server.officehours.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a queued client is told about their wait (the numbers of a QueueStatus).
 *
 * @param position       1 = next
 * @param estimatedWait  empty when unknown (nobody on duty, or closed)
 * @param mayNotBeServed honest warning that the office hour may close before this client is served
 * @param closesAt       end of the current opening; empty when closed
 */
public record QueueOutlook(int position, Optional<Duration> estimatedWait, boolean mayNotBeServed,
                           Optional<Instant> closesAt) {
}
