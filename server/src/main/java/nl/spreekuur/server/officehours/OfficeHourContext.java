package nl.spreekuur.server.officehours;

import java.time.Clock;
import nl.spreekuur.server.audit.Auditor;
import nl.spreekuur.server.conversation.ConversationService;
import nl.spreekuur.server.session.Hub;
import nl.spreekuur.server.store.Store;

/**
 * What the parts of the office-hour capability share: the store and the conversation stream, the hub, audit, time,
 * and the package's own helpers for lookups, views, statistics facts and change notices, and the flood guard.
 */
record OfficeHourContext(Store store, ConversationService conversations, Hub hub, Auditor auditor, Clock clock,
                         RetentionPolicy retention, OfficeHourLookup lookup, OfficeHourViews views,
                         OfficeHourFacts facts, OfficeHourChanges changes, QueueFloodGuard flood) {
}
