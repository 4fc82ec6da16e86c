-- The embedded store only (Flyway reads this folder for H2, see JdbcStore.migrate); PostgreSQL, which several nodes
-- share, keeps the unique key (no V21 there).
--
-- The idempotency key (conversation, sender, client_msg_id) moves into the appender (store.jdbc.KnownClientIds): H2
-- checked the unique key with an iterator over the uncommitted rows on every insert (a quarter of the server's CPU at
-- 2,000 messages/s), and its index pages were most of what every chunk rewrote (BENCHMARKS.md, "H2's housekeeping
-- off, the idempotency key in memory"). The embedded store has one node and one writer of events with a
-- client_msg_id, so nothing is lost by it.
ALTER TABLE conversation_events DROP CONSTRAINT conversation_events_idempotency;
