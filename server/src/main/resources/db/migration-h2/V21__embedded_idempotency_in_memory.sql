-- The embedded store only (Flyway reads this folder for H2, see JdbcStore.migrate). Its idempotency key moves from
-- a unique key into the appender (KnownClientIds): H2 checked the unique key with an iterator over the uncommitted
-- rows on every insert, a quarter of the server's CPU per message, and its index pages were rewritten by every chunk.
-- The embedded store has one node and one writer of events with a client_msg_id, so nothing is lost by it.
-- PostgreSQL, which several nodes share, keeps the unique key (no V21 there).
ALTER TABLE conversation_events DROP CONSTRAINT conversation_events_idempotency;
