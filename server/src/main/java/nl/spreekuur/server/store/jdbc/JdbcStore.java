package nl.spreekuur.server.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import nl.spreekuur.server.store.AuditLog;
import nl.spreekuur.server.store.Accounts;
import nl.spreekuur.server.store.SecondFactors;
import nl.spreekuur.server.store.Erasure;
import nl.spreekuur.server.store.Conversations;
import nl.spreekuur.server.store.CannedResponses;
import nl.spreekuur.server.store.InternalNotes;
import nl.spreekuur.server.store.OfficeHourChats;
import nl.spreekuur.server.store.OfficeHours;
import nl.spreekuur.server.store.OfflineMessages;
import nl.spreekuur.server.store.Organisations;
import nl.spreekuur.server.store.Queue;
import nl.spreekuur.server.store.Rooms;
import nl.spreekuur.server.store.RoomSafeguards;
import nl.spreekuur.server.store.RoomPeople;
import nl.spreekuur.server.store.Calls;
import nl.spreekuur.server.store.Sessions;
import nl.spreekuur.server.store.StatisticsLog;
import nl.spreekuur.server.store.Effects;
import nl.spreekuur.server.store.FileSpace;
import nl.spreekuur.server.store.Store;
import nl.spreekuur.server.store.StoreException;
import nl.spreekuur.server.store.StoreSettings;
import nl.spreekuur.server.store.WhatNowTexts;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.h2.mvstore.FileStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The JDBC store over a HikariCP pool: embedded H2 or PostgreSQL, same migrations, same SQL. */
public final class JdbcStore implements Store {

    /** Replaces participants' names when a conversation is purged, so nothing personal remains. */
    public static final String PURGED_DISPLAY_NAME = "deelnemer";

    private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);
    private static final int HEALTH_TIMEOUT_SECONDS = 2;
    private static final long CONNECTION_TIMEOUT_MILLIS = 5_000;
    /** H2 gives up waiting for a row lock after one second by default; contended claims can wait longer. */
    private static final String H2_LOCK_TIMEOUT = "SET LOCK_TIMEOUT 10000";
    /**
     * A commit returns only after its WAL record is flushed: the PostgreSQL default, set per connection so that a
     * server-wide {@code synchronous_commit = off} cannot silently weaken "acknowledged = on disk".
     */
    private static final String POSTGRES_DURABLE_COMMIT = "SET synchronous_commit TO on";

    /** Work waits here while a compaction has the embedded database to itself. */
    private static final Duration PAUSE_MAX_WAIT = Duration.ofSeconds(10);

    private final ReopenablePool dataSource;
    private final SyncConnection syncConnection;
    private final StoreGate gate;
    private final StoreCompaction compaction;
    private final HotPathLog hotPath;
    private final StoreGeneration generation;
    private final Organisations organisations;
    private final Accounts accounts;
    private final Sessions sessions;
    private final JdbcConversations conversations;
    private final OfficeHours officeHours;
    private final Queue queue;
    private final OfficeHourChats officeHourChats;
    private final OfflineMessages offlineMessages;
    private final AuditLog audit;
    private final SecondFactors secondFactors;
    private final Erasure erasure;
    private final StatisticsLog statistics;
    private final Effects effects;
    private final InternalNotes internalNotes;
    private final Rooms rooms;
    private final RoomSafeguards roomSafeguards;
    private final RoomPeople roomPeople;
    private final Calls calls;
    // office hours, second round
    private final CannedResponses cannedResponses;
    private final WhatNowTexts whatNowTexts;

    private JdbcStore(ReopenablePool dataSource, SyncConnection syncConnection, StoreSettings settings, Clock clock) {
        this.dataSource = dataSource;
        this.syncConnection = syncConnection;
        // only the embedded file database is ever paused (for its compaction)
        this.gate = syncConnection == null ? StoreGate.alwaysOpen() : new StoreGate(PAUSE_MAX_WAIT);
        Durability durability = syncConnection == null ? Durability.NONE : new GroupSync(syncConnection::sync);
        Database db = new Database(dataSource, durability, gate);
        if (syncConnection != null) {
            Path journal = journalDirectory(settings);
            JournalSeal seal = settings.encrypted() ? JournalSeal.withStoreKey(settings.fileKey()) : JournalSeal.clear();
            JournalReplay.run(journal, seal, db, durability);
            this.hotPath = HotPathLog.journal(journal, seal, durability::awaitDurable);
        } else {
            this.hotPath = HotPathLog.COMMIT_IS_ENOUGH;
        }
        this.compaction = syncConnection == null ? null
                : new StoreCompaction(settings, gate, dataSource, syncConnection, hotPath);
        this.generation = StoreGeneration.open(db, settings.isH2File(), clock.instant());
        this.organisations = new JdbcOrganisations(db);
        this.accounts = new JdbcAccounts(db, clock);
        this.sessions = new JdbcSessions(db, hotPath);
        this.conversations = new JdbcConversations(db, hotPath, generation, settings.isH2() ? Dialect.H2 : Dialect.POSTGRES,
                settings.sharedByNodes() ? ConversationCache.none() : new ConversationCache(),
                settings.appendQueueCapacity(), settings.appendMaxWait());
        this.officeHours = new JdbcOfficeHours(db);
        this.queue = new JdbcQueue(db);
        this.officeHourChats = new JdbcOfficeHourChats(db);
        this.offlineMessages = new JdbcOfflineMessages(db);
        this.audit = new JdbcAuditLog(db);
        this.secondFactors = new JdbcSecondFactors(db);
        this.erasure = new JdbcErasure(db, this.conversations.cache());
        this.statistics = new JdbcStatisticsLog(db);
        this.effects = new JdbcEffects(db);
        this.internalNotes = new JdbcInternalNotes(db);
        this.rooms = new JdbcRooms(db);
        this.roomSafeguards = new JdbcRoomSafeguards(db);
        this.roomPeople = new JdbcRoomPeople(db);
        this.calls = new JdbcCalls(db);
        this.cannedResponses = new JdbcCannedResponses(db);
        this.whatNowTexts = new JdbcWhatNowTexts(db);
    }

    /** Connects, migrates to the newest schema and returns the store. */
    public static JdbcStore open(StoreSettings settings, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
        if (settings.isH2File()) {
            H2Rebuild.ifNeeded(settings);
        }
        HikariDataSource dataSource = connect(settings);
        SyncConnection syncConnection = null;
        try {
            migrate(dataSource, settings.isH2());
            if (settings.isH2File()) {
                syncConnection = SyncConnection.open(settings);
            }
            JdbcStore store = new JdbcStore(new ReopenablePool(dataSource, () -> connect(settings)), syncConnection,
                    settings, clock);
            LOG.info("store ready on {} (generation {})", settings.describe(), store.generation.current());
            return store;
        } catch (SQLException e) {
            closeQuietly(syncConnection);
            dataSource.close();
            throw new StoreException("cannot connect to " + settings.describe(), e);
        } catch (RuntimeException e) {
            closeQuietly(syncConnection);
            dataSource.close();
            throw e;
        }
    }

    /** The embedded database's journal: {@code <data-dir>/spreekuur.journal/} next to {@code spreekuur.mv.db}. */
    static Path journalDirectory(StoreSettings settings) {
        return Path.of(h2FileBase(settings) + ".journal");
    }

    /** The embedded database's files without their suffix: {@code <data-dir>/spreekuur}. */
    static Path h2FileBase(StoreSettings settings) {
        String url = settings.jdbcUrl();
        int end = url.indexOf(';');
        return Path.of(url.substring("jdbc:h2:file:".length(), end < 0 ? url.length() : end));
    }

    private static void closeQuietly(SyncConnection connection) {
        if (connection != null) {
            connection.close();
        }
    }

    private static HikariDataSource connect(StoreSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("spreekuur-store");
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.jdbcPassword());
        config.setMaximumPoolSize(settings.maxPoolSize());
        config.setMinimumIdle(Math.min(2, settings.maxPoolSize()));
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        config.setConnectionInitSql(settings.isH2() ? H2_LOCK_TIMEOUT : POSTGRES_DURABLE_COMMIT);
        if (!settings.isH2()) {
            // One multi-row INSERT for a batch of events instead of one round trip per row.
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            throw new StoreException("cannot connect to " + settings.describe(), e);
        }
    }

    /**
     * The shared migrations, and for H2 also {@code db/migration-h2} (the embedded store's own: its idempotency key
     * is kept by the appender, see {@link KnownClientIds}).
     */
    private static void migrate(HikariDataSource dataSource, boolean h2) {
        try {
            String[] locations = h2 ? new String[] {"classpath:db/migration", "classpath:db/migration-h2"}
                    : new String[] {"classpath:db/migration"};
            var result = Flyway.configure()
                    .dataSource(dataSource)
                    .locations(locations)
                    .load()
                    .migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("applied {} schema migration(s), schema version {}", result.migrationsExecuted,
                        result.targetSchemaVersion);
            }
        } catch (FlywayException e) {
            throw new StoreException("schema migration failed", e);
        }
    }

    @Override
    public Organisations organisations() {
        return organisations;
    }

    @Override
    public Accounts accounts() {
        return accounts;
    }

    @Override
    public Sessions sessions() {
        return sessions;
    }

    @Override
    public Conversations conversations() {
        return conversations;
    }

    @Override
    public OfficeHours officeHours() {
        return officeHours;
    }

    @Override
    public Queue queue() {
        return queue;
    }

    @Override
    public OfficeHourChats officeHourChats() {
        return officeHourChats;
    }

    @Override
    public OfflineMessages offlineMessages() {
        return offlineMessages;
    }

    @Override
    public Rooms rooms() {
        return rooms;
    }

    @Override
    public RoomSafeguards roomSafeguards() {
        return roomSafeguards;
    }

    @Override
    public RoomPeople roomPeople() {
        return roomPeople;
    }

    @Override
    public Calls calls() {
        return calls;
    }

    @Override
    public AuditLog audit() {
        return audit;
    }

    @Override
    public SecondFactors secondFactors() {
        return secondFactors;
    }

    @Override
    public Erasure erasure() {
        return erasure;
    }

    @Override
    public InternalNotes internalNotes() {
        return internalNotes;
    }

    @Override
    public CannedResponses cannedResponses() {
        return cannedResponses;
    }

    @Override
    public WhatNowTexts whatNowTexts() {
        return whatNowTexts;
    }

    @Override
    public StatisticsLog statistics() {
        return statistics;
    }

    @Override
    public Effects effects() {
        return effects;
    }

    /**
     * Healthy while a compaction pauses the store (requests wait for it, the store itself is fine); not after a
     * compaction that left the store closed.
     */
    @Override
    public boolean isHealthy() {
        if (gate.broken()) {
            return false;
        }
        if (!gate.tryEnter()) {
            return true;
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(HEALTH_TIMEOUT_SECONDS);
            statement.execute("SELECT 1");
            return true;
        } catch (SQLException | RuntimeException e) {
            LOG.warn("store health check failed: {}", e.toString());
            return false;
        } finally {
            gate.leave();
        }
    }

    @Override
    public boolean compact() {
        return compaction != null && compaction.compact();
    }

    /**
     * H2's estimate of the live data (the file's used share times its chunks' live share); read without waiting:
     * empty while a compaction pauses the store.
     */
    @Override
    public Optional<FileSpace> fileSpace() {
        if (compaction == null || gate.broken() || !gate.tryEnter()) {
            return Optional.empty();
        }
        try (Connection connection = dataSource.getConnection()) {
            FileStore<?> file = H2Sync.mvStore(connection).getFileStore();
            long size = file.size();
            long live = size * file.getFillRate() / 100 * file.getChunksFillRate() / 100;
            return Optional.of(new FileSpace(size, live, conversations.appendsSeen()));
        } catch (SQLException | RuntimeException e) {
            LOG.warn("could not read how the database file is used: {}", e.getClass().getName());
            return Optional.empty();
        } finally {
            gate.leave();
        }
    }

    /** Tests: runs {@code hook} on the compaction thread right after the store is paused. */
    void afterCompactionPause(Runnable hook) {
        compaction.afterPause(hook);
    }

    /** Tests: how many threads wait for a pause to end. */
    int waitingForCompaction() {
        return gate.waiting();
    }

    @Override
    public long generation() {
        return generation.current();
    }

    @Override
    public long startNewGeneration() {
        long next = generation.startNew();
        conversations.generationChanged();
        return next;
    }

    /** Records the clean close (so the next open keeps the generation), then closes the connections. */
    @Override
    public void close() {
        if (compaction != null) {
            compaction.close();
        }
        conversations.close();
        try {
            hotPath.close();
        } catch (RuntimeException e) {
            LOG.warn("could not checkpoint the journal on close; the next start replays it: {}",
                    e.getClass().getName());
        }
        try {
            generation.closeCleanly();
        } catch (RuntimeException e) {
            LOG.warn("could not record the clean close: {}", e.getClass().getName());
        }
        closeQuietly(syncConnection);
        dataSource.close();
    }
}
