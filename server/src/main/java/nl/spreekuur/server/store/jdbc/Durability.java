package nl.spreekuur.server.store.jdbc;

/**
 * Makes committed transactions durable before their results are answered. Every write the store does calls
 * {@link #awaitDurable()} after its commit and before it returns, so whatever a caller sees (a MessageAck, a seq
 * published to others) is on disk.
 *
 * <ul>
 *   <li>PostgreSQL: a commit returns after its WAL record is flushed ({@code synchronous_commit = on}, which the
 *       store sets on every connection), and PostgreSQL shares one WAL flush among concurrent commits itself:
 *       {@link #NONE}.</li>
 *   <li>H2: a commit is in memory until the MVStore writes a chunk (a background writer does so every
 *       {@code WRITE_DELAY} ms); {@link GroupSync} forces chunk + fsync once for all commits that arrived before
 *       it started.</li>
 * </ul>
 */
interface Durability {

    /** Nothing to do: the database's commit is already durable. */
    Durability NONE = () -> { };

    /**
     * Returns once every transaction committed before this call is durably written.
     *
     * @throws nl.spreekuur.server.store.StoreException if the data could not be written to disk
     */
    void awaitDurable();
}
