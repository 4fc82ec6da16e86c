package nl.spreekuur.server.store;

import java.util.Optional;

/**
 * The durable store: the truth for everything Spreekuur keeps. One interface, two implementations of the same
 * portable SQL and Flyway migrations: the embedded default (H2 file database in --data-dir) and PostgreSQL for
 * multi-node deployments. {@code StoreContractTest} runs against both.
 *
 * <p>All methods are blocking JDBC calls: call them from the application executor, never from a Netty event loop.
 * Failures surface as {@link StoreException} (unavailable) or {@link ConflictException} (state does not allow it).
 */
public interface Store extends AutoCloseable {

    Organisations organisations();

    Accounts accounts();

    Sessions sessions();

    Conversations conversations();

    OfficeHours officeHours();

    Queue queue();

    OfficeHourChats officeHourChats();

    OfflineMessages offlineMessages();

    Rooms rooms();

    /** Safety in group rooms: reports, holds, house rules, moderation hours, the organisation's help. */
    RoomSafeguards roomSafeguards();

    /** Knocks, private talks, safeguarding concerns and meetings of the rooms (the rooms capability). */
    RoomPeople roomPeople();

    /** Video calls and scheduled consults (the calls capability). */
    Calls calls();

    InternalNotes internalNotes();

    CannedResponses cannedResponses();

    WhatNowTexts whatNowTexts();

    AuditLog audit();

    /** Staff accounts' second factor (TOTP) and the organisations' policies for it. */
    SecondFactors secondFactors();

    /** Erasing personal data on request (privacy rights). */
    Erasure erasure();

    StatisticsLog statistics();

    /** Effect measurement: aggregate figures, benchmark opt-ins, facts of group rooms (issue 15). */
    Effects effects();

    /**
     * The store's generation: part of every conversation epoch. It changes when continuity cannot be proven (an
     * unclean shutdown of the embedded database, or {@link #startNewGeneration()} after restoring a backup), so
     * resuming clients reload instead of silently missing events.
     */
    long generation();

    /** Starts a new generation (after restoring a backup); returns it. Every conversation's epoch changes. */
    long startNewGeneration();

    /** True when a trivial query succeeds (used by /readyz). */
    boolean isHealthy();

    /**
     * Rewrites the embedded database file so that rows deleted so far (retention purges, quick exits, erasures) are
     * no longer in any of its pages, nor in the journal; the store pauses meanwhile (requests wait, bounded, else
     * UNAVAILABLE). Returns false where there is nothing to do this way: PostgreSQL (its own VACUUM, see
     * docs/operations.md), an in-memory database, or when the compaction could not pause the store in time.
     *
     * @throws StoreException if the rebuild failed
     */
    boolean compact();

    /**
     * The embedded database file's size and live data, and the events appended since the store opened; empty where
     * {@link #compact()} has nothing to do (PostgreSQL, an in-memory database) or the store is paused or closed.
     */
    default Optional<FileSpace> fileSpace() {
        return Optional.empty();
    }

    @Override
    void close();
}
