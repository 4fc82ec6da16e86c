package nl.spreekuur.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import nl.spreekuur.protocol.v1.Concern;
import nl.spreekuur.protocol.v1.MeetingAnswer;
import nl.spreekuur.protocol.v1.MeldcodeEntry;
import nl.spreekuur.protocol.v1.MeldcodeStep;
import nl.spreekuur.protocol.v1.PrivateTalkState;
import nl.spreekuur.protocol.v1.CallEndReason;
import nl.spreekuur.protocol.v1.CallMode;
import nl.spreekuur.protocol.v1.CallParticipantState;
import nl.spreekuur.protocol.v1.CallState;
import nl.spreekuur.protocol.v1.ConversationEnded;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ConversationKind;
import nl.spreekuur.protocol.v1.EndReason;
import nl.spreekuur.protocol.v1.HistoryVisibility;
import nl.spreekuur.protocol.v1.MemberStatus;
import nl.spreekuur.protocol.v1.ModerationAction;
import nl.spreekuur.protocol.v1.RoomState;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.QueueState;
import nl.spreekuur.protocol.v1.ReceiptKind;
import nl.spreekuur.protocol.v1.TextMessage;
import nl.spreekuur.protocol.v1.WeeklySlot;
import nl.spreekuur.protocol.v1.Weekday;
import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.store.Conversations.AppendResult;
import nl.spreekuur.server.store.Conversations.Conversation;
import nl.spreekuur.server.store.Conversations.Participant;
import nl.spreekuur.server.store.OfflineMessages.OfflineMessage;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.store.Queue.ClaimOutcome;
import nl.spreekuur.server.store.Queue.ClaimStatus;
import nl.spreekuur.server.store.Queue.Entry;
import nl.spreekuur.server.store.Sessions.Session;
import nl.spreekuur.server.store.StatisticsLog.Fact;
import nl.spreekuur.server.store.jdbc.JdbcStore;
import nl.spreekuur.server.testsupport.TestClock;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The behaviour every {@link Store} must have, run against each database by a subclass. One store (on a fresh
 * database) serves the whole class; every test makes its own organisation, office hour and ids, so tests do not
 * see each other's data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class StoreContractTest {

    /** The shared migrations; an implementation may add its own ({@link #ownMigrations}). */
    private static final int SHARED_MIGRATIONS = 18;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    protected final TestClock clock = new TestClock();
    protected Store store;

    /** Professional ids of the current test (the database is shared by the class, so ids must not repeat). */
    private String pro1;
    private String pro2;

    /** Settings for a new, empty database. */
    protected abstract StoreSettings newDatabase();

    /** Migrations of this implementation only (db/migration-h2 for H2). */
    protected int ownMigrations() {
        return 0;
    }

    @BeforeAll
    void openStore() {
        // enough connections that the concurrency tests really run in parallel
        store = StoreOpener.open(newDatabase().withMaxPoolSize(24), clock);
    }

    @BeforeEach
    void newProfessionalIds() {
        pro1 = "pro-" + UUID.randomUUID();
        pro2 = "pro-" + UUID.randomUUID();
    }

    @AfterAll
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    // ------------------------------------------------------------------ internal notes

    @Test
    void internalNotesAreKeptPerConversationOldestFirstAndDeletedWithIt() {
        String a = "conv-" + UUID.randomUUID();
        String b = "conv-" + UUID.randomUUID();
        Instant t = clock.instant();
        store.internalNotes().add(new InternalNotes.Note(a, pro1, "Anna", "eerste", t));
        store.internalNotes().add(new InternalNotes.Note(a, pro2, "Bram", "tweede", t.plusSeconds(5)));
        store.internalNotes().add(new InternalNotes.Note(b, pro1, "Anna", "ander gesprek", t));
        assertThat(store.internalNotes().of(a)).extracting(InternalNotes.Note::text).containsExactly("eerste", "tweede");
        assertThat(store.internalNotes().of(a).get(1).authorId()).isEqualTo(pro2);
        assertThat(store.internalNotes().deleteOf(List.of(a))).isEqualTo(2);
        assertThat(store.internalNotes().of(a)).isEmpty();
        assertThat(store.internalNotes().of(b)).hasSize(1);
        assertThat(store.internalNotes().deleteOf(List.of())).isZero();
    }

    // ------------------------------------------------------------------ canned responses and "what now"

    @Test
    void cannedResponsesAreKeptPerSetWithUniqueCodesAndListedOwnFirst() {
        Organisation org = store.organisations().create(uniqueSlug("canned"), "Canned");
        Organisation other = store.organisations().create(uniqueSlug("canned-other"), "Other");
        Instant t = clock.instant();
        CannedResponses canned = store.cannedResponses();
        CannedResponses.Response shared = canned.create(org.id(), null, "welkom", "Welkom", "Welkom bij de chat.", t);
        CannedResponses.Response own = canned.create(org.id(), pro1, "welkom", "Mijn welkom", "Hoi, ik ben Anna.", t);
        canned.create(org.id(), pro1, "afsluiten", "Afsluiten", "Fijn dat je er was.", t);
        canned.create(org.id(), pro2, "eigen", "Van Bram", "Tekst", t);
        canned.create(other.id(), null, "welkom", "Ander", "Andere organisatie", t);

        assertThat(shared.shared()).isTrue();
        assertThat(own.shared()).isFalse();
        assertThat(canned.visibleTo(org.id(), pro1)).extracting(CannedResponses.Response::code, r -> r.shared())
                .containsExactly(tuple("afsluiten", false),
                        tuple("welkom", false),
                        tuple("welkom", true));
        assertThat(canned.count(org.id(), null)).isEqualTo(1);
        assertThat(canned.count(org.id(), pro1)).isEqualTo(2);
        assertThatThrownBy(() -> canned.create(org.id(), null, "welkom", "Dubbel", "x", t))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> canned.update(own.id(), "afsluiten", "x", "y", t))
                .isInstanceOf(ConflictException.class);

        assertThat(canned.update(own.id(), "hallo", "Hallo", "Hallo daar", t.plusSeconds(60))).isTrue();
        assertThat(canned.byId(own.id()).orElseThrow()).extracting(CannedResponses.Response::code,
                CannedResponses.Response::text, CannedResponses.Response::ownerId)
                .containsExactly("hallo", "Hallo daar", pro1);
        assertThat(canned.delete(own.id())).isTrue();
        assertThat(canned.delete(own.id())).isFalse();
        assertThat(canned.update(own.id(), "hallo", "Hallo", "x", t)).isFalse();
        assertThat(canned.byId(own.id())).isEmpty();
    }

    @Test
    void whatNowIsKeptPerOrganisationAndAnEmptyOneRemovesIt() {
        Organisation org = store.organisations().create(uniqueSlug("whatnow"), "Wat nu");
        Organisation other = store.organisations().create(uniqueSlug("whatnow-other"), "Ander");
        WhatNowTexts texts = store.whatNowTexts();
        assertThat(texts.of(org.id())).isEmpty();
        texts.save(org.id(), new WhatNowTexts.WhatNow("Bel ons overdag.", "020 123 45 67", "https://example.org"),
                clock.instant());
        texts.save(org.id(), new WhatNowTexts.WhatNow("Bel ons.", "020 123 45 67", ""), clock.instant());
        assertThat(texts.of(org.id())).contains(new WhatNowTexts.WhatNow("Bel ons.", "020 123 45 67", ""));
        assertThat(texts.of(other.id())).isEmpty();
        texts.save(org.id(), new WhatNowTexts.WhatNow("", "", ""), clock.instant());
        assertThat(texts.of(org.id())).isEmpty();
    }

    // ------------------------------------------------------------------ migrations and health

    @Test
    void migrationsApplyOnAnEmptyDatabaseAndReopeningIsANoOp() throws SQLException {
        StoreSettings settings = newDatabase();
        String slug = uniqueSlug("reopen");
        try (Store first = StoreOpener.open(settings, clock)) {
            assertThat(first.isHealthy()).isTrue();
            first.organisations().create(slug, "Reopen");
            assertThat(appliedMigrations(settings)).isEqualTo(SHARED_MIGRATIONS + ownMigrations());
        }
        try (Store second = StoreOpener.open(settings, clock)) {
            assertThat(second.organisations().bySlug(slug)).isPresent();
            assertThat(appliedMigrations(settings)).isEqualTo(SHARED_MIGRATIONS + ownMigrations());
        }
    }

    /** V6 moves office-hour fields out of conversations: every existing chat keeps its office hour and consent. */
    @Test
    void upgradingToOwnedConversationsKeepsEachChatsOfficeHourAndConsent() throws SQLException {
        StoreSettings settings = newDatabase();
        // a pool rather than Flyway's own URL data source, which drops the encrypted store's "key <space>" password
        com.zaxxer.hikari.HikariConfig pool = new com.zaxxer.hikari.HikariConfig();
        pool.setJdbcUrl(settings.jdbcUrl());
        pool.setUsername(settings.user());
        pool.setPassword(settings.jdbcPassword());
        try (com.zaxxer.hikari.HikariDataSource dataSource = new com.zaxxer.hikari.HikariDataSource(pool)) {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target("5").load().migrate();
        }
        OffsetDateTime created = OffsetDateTime.of(2026, 11, 1, 10, 0, 0, 0, ZoneOffset.UTC);
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.jdbcPassword());
             PreparedStatement conversation = c.prepareStatement("INSERT INTO conversations (id, organisation_id,"
                     + " kind, office_hour_id, epoch, first_seq, last_seq, transcript_consent, created_at)"
                     + " VALUES (?, 'org-1', ?, ?, 'e1', 1, 2, ?, ?)");
             PreparedStatement participant = c.prepareStatement("INSERT INTO participants (conversation_id,"
                     + " principal_id, participant_id, role, display_name, join_order, joined_at, delivered_seq,"
                     + " read_seq) VALUES ('chat-1', 'client-1', 'p-1', 'CLIENT', 'Sam', 1, ?, 0, 0)")) {
            Object[][] rows = {{"chat-1", "OFFICE_HOUR_CHAT", "oh-1", true}, {"chat-2", "OFFICE_HOUR_CHAT", "oh-1",
                    false}, {"room-1", "GROUP_ROOM", null, false}};
            for (Object[] row : rows) {
                conversation.setString(1, (String) row[0]);
                conversation.setString(2, (String) row[1]);
                conversation.setString(3, (String) row[2]);
                conversation.setBoolean(4, (Boolean) row[3]);
                conversation.setObject(5, created);
                conversation.executeUpdate();
            }
            participant.setObject(1, created);
            participant.executeUpdate();
        }

        try (Store upgraded = StoreOpener.open(settings, clock)) {
            assertThat(appliedMigrations(settings)).isEqualTo(SHARED_MIGRATIONS + ownMigrations());
            assertThat(upgraded.conversations().byId("chat-1").orElseThrow().owner())
                    .isEqualTo(new Conversations.Owner("office-hour", "oh-1"));
            assertThat(upgraded.officeHourChats().byConversation("chat-1"))
                    .contains(new OfficeHourChats.Link("chat-1", "oh-1", true));
            assertThat(upgraded.officeHourChats().byConversation("chat-2"))
                    .contains(new OfficeHourChats.Link("chat-2", "oh-1", false));
            assertThat(upgraded.conversations().byId("room-1").orElseThrow().owner()).isNull();
            assertThat(upgraded.officeHourChats().byConversation("room-1")).isEmpty();
            assertThat(upgraded.conversations().participant("chat-1", "client-1").orElseThrow().memberSinceSeq())
                    .as("a participant from before V6 has been a member from the start").isZero();
        }
    }

    @Test
    void isHealthyWhileOpenAndNotAfterClose() {
        assertThat(store.isHealthy()).isTrue();
        Store other = StoreOpener.open(newDatabase(), clock);
        other.close();
        assertThat(other.isHealthy()).isFalse();
    }

    @Test
    void anUnreachableDatabaseFailsWithStoreException() {
        StoreSettings nowhere = new StoreSettings("jdbc:postgresql://127.0.0.1:1/none", "x", "y", 1);
        assertThatThrownBy(() -> StoreOpener.open(nowhere, clock)).isInstanceOf(StoreException.class);
    }

    private static long appliedMigrations(StoreSettings settings) throws SQLException {
        try (Connection connection = DriverManager.getConnection(settings.jdbcUrl(), settings.user(),
                settings.jdbcPassword());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT COUNT(*) FROM flyway_schema_history WHERE success AND version IS NOT NULL")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    // ------------------------------------------------------------------ organisations

    @Test
    void organisationsAreFoundByIdAndSlugAndSlugsAreUnique() {
        String slug = uniqueSlug("org");
        Organisation created = store.organisations().create(slug, "Wijkteam Noord");

        assertThat(created.id()).isNotBlank();
        assertThat(store.organisations().byId(created.id())).contains(created);
        assertThat(store.organisations().bySlug(slug)).contains(created);
        assertThat(store.organisations().all()).contains(created);
        assertThat(store.organisations().byId("unknown")).isEmpty();
        assertThatThrownBy(() -> store.organisations().create(slug, "Another"))
                .isInstanceOf(ConflictException.class);
    }

    // ------------------------------------------------------------------ accounts

    @Test
    void accountsAreCreatedWithIdAndTimeAndFoundCaseInsensitively() {
        Organisation org = newOrganisation();
        Account account = store.accounts().create(org.id(), "Alice", "Alice de Vries", "$argon2id$hash",
                Set.of(Role.PROFESSIONAL, Role.SUPERVISOR));

        assertThat(account.id()).isNotBlank();
        assertThat(account.username()).isEqualTo("alice");
        assertThat(account.createdAt()).isEqualTo(clock.instant());
        assertThat(account.disabled()).isFalse();
        assertThat(store.accounts().byId(account.id())).contains(account);
        assertThat(store.accounts().byUsername(org.id(), "ALICE")).contains(account);
        assertThat(store.accounts().byOrganisation(org.id())).containsExactly(account);
    }

    @Test
    void usernamesAreUniquePerOrganisationIgnoringCase() {
        Organisation org = newOrganisation();
        Organisation other = newOrganisation();
        store.accounts().create(org.id(), "bob", "Bob", "h", Set.of(Role.PROFESSIONAL));

        assertThatThrownBy(() -> store.accounts().create(org.id(), "BOB", "Bob 2", "h", Set.of()))
                .isInstanceOf(ConflictException.class);
        Account elsewhere = store.accounts().create(other.id(), "bob", "Bob", "h", Set.of(Role.PROFESSIONAL));
        assertThat(store.accounts().byUsername(other.id(), "bob")).contains(elsewhere);
    }

    @Test
    void operatorAccountsHaveNoOrganisationAndUniqueNames() {
        String name = "op-" + UUID.randomUUID();
        Account operator = store.accounts().create(null, name, "Operator", "h", Set.of(Role.OPERATOR));

        assertThat(operator.organisationId()).isNull();
        assertThat(store.accounts().byUsername(null, name)).contains(operator);
        assertThatThrownBy(() -> store.accounts().create(null, name, "Again", "h", Set.of(Role.OPERATOR)))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void accountsCanBeUpdatedAndGetANewPasswordHash() {
        Organisation org = newOrganisation();
        Account account = store.accounts().create(org.id(), "carol", "Carol", "old", Set.of(Role.PROFESSIONAL));

        store.accounts().update(account.id(), "Carol B.", Set.of(Role.ORG_ADMIN), true);
        store.accounts().setPasswordHash(account.id(), "new");

        Account updated = store.accounts().byId(account.id()).orElseThrow();
        assertThat(updated.displayName()).isEqualTo("Carol B.");
        assertThat(updated.roles()).containsExactly(Role.ORG_ADMIN);
        assertThat(updated.disabled()).isTrue();
        assertThat(updated.passwordHash()).isEqualTo("new");
        assertThatThrownBy(() -> store.accounts().update("unknown", "x", Set.of(), false))
                .isInstanceOf(ConflictException.class);
    }

    // ------------------------------------------------------------------ sessions

    @Test
    void sessionsAreFoundByTokenHashAndId() {
        Instant now = clock.instant();
        Session session = store.sessions().create(uniqueHash(), Sessions.Kind.ANONYMOUS_CLIENT, null, null, now,
                now.plus(Duration.ofHours(12)));

        assertThat(session.id()).isNotBlank();
        assertThat(store.sessions().byTokenHash(session.tokenHash())).contains(session);
        assertThat(store.sessions().byId(session.id())).contains(session);
        assertThat(session.isValidAt(now)).isTrue();
        assertThat(session.isValidAt(now.plus(Duration.ofHours(12)))).isFalse();
        assertThatThrownBy(() -> store.sessions().create(session.tokenHash(), Sessions.Kind.STAFF, null, null, now,
                now.plusSeconds(1))).isInstanceOf(ConflictException.class);
    }

    @Test
    void revokingASessionWorksOnce() {
        Instant now = clock.instant();
        Session session = store.sessions().create(uniqueHash(), Sessions.Kind.ANONYMOUS_CLIENT, null, null, now,
                now.plus(Duration.ofHours(1)));

        assertThat(store.sessions().revoke(session.id(), now.plusSeconds(5))).isTrue();
        assertThat(store.sessions().revoke(session.id(), now.plusSeconds(6))).isFalse();
        assertThat(store.sessions().revoke("unknown", now)).isFalse();
        Session revoked = store.sessions().byId(session.id()).orElseThrow();
        assertThat(revoked.revokedAt()).isEqualTo(now.plusSeconds(5));
        assertThat(revoked.isValidAt(now.plusSeconds(10))).isFalse();
    }

    @Test
    void revokeAllOfAccountRevokesOnlyItsValidSessions() {
        Organisation org = newOrganisation();
        Account account = store.accounts().create(org.id(), "dave", "Dave", "h", Set.of(Role.PROFESSIONAL));
        Account other = store.accounts().create(org.id(), "erin", "Erin", "h", Set.of(Role.PROFESSIONAL));
        Instant now = clock.instant();
        Session a = staffSession(account, now, now.plus(Duration.ofHours(8)));
        Session b = staffSession(account, now.plusSeconds(1), now.plus(Duration.ofHours(8)));
        Session expired = staffSession(account, now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));
        Session alreadyRevoked = staffSession(account, now, now.plus(Duration.ofHours(8)));
        store.sessions().revoke(alreadyRevoked.id(), now);
        Session otherAccounts = staffSession(other, now, now.plus(Duration.ofHours(8)));

        List<String> revoked = store.sessions().revokeAllOfAccount(account.id(), now.plusSeconds(10));

        assertThat(revoked).containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(store.sessions().byId(a.id()).orElseThrow().revokedAt()).isEqualTo(now.plusSeconds(10));
        assertThat(store.sessions().byId(expired.id()).orElseThrow().revokedAt()).isNull();
        assertThat(store.sessions().byId(otherAccounts.id()).orElseThrow().revokedAt()).isNull();
    }

    @Test
    void endedSessionsAreDeletedAfterTheCutOff() {
        Organisation org = newOrganisation();
        Account account = store.accounts().create(org.id(), "frank", "Frank", "h", Set.of(Role.PROFESSIONAL));
        Instant now = clock.instant();
        Session expiredLongAgo = staffSession(account, now.minus(Duration.ofDays(40)), now.minus(Duration.ofDays(39)));
        Session revokedLongAgo = staffSession(account, now.minus(Duration.ofDays(40)), now.plus(Duration.ofDays(1)));
        store.sessions().revoke(revokedLongAgo.id(), now.minus(Duration.ofDays(35)));
        Session valid = staffSession(account, now, now.plus(Duration.ofHours(8)));
        Session expiredRecently = staffSession(account, now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));

        int deleted = store.sessions().deleteEndedBefore(now.minus(Duration.ofDays(30)));

        assertThat(deleted).isGreaterThanOrEqualTo(2);
        assertThat(store.sessions().byId(expiredLongAgo.id())).isEmpty();
        assertThat(store.sessions().byId(revokedLongAgo.id())).isEmpty();
        assertThat(store.sessions().byId(valid.id())).isPresent();
        assertThat(store.sessions().byId(expiredRecently.id())).isPresent();
    }

    @Test
    void revocationsOfTokensWithoutARowAreKeptUntilTheirExpiry() {
        Instant now = clock.instant();
        String signed = UUID.randomUUID().toString();
        String expired = UUID.randomUUID().toString();
        Session stored = store.sessions().create(uniqueHash(), Sessions.Kind.ANONYMOUS_CLIENT, null, null, now,
                now.plus(Duration.ofHours(1)));

        store.sessions().revokeUnstored(signed, now.plus(Duration.ofHours(24)), now);
        store.sessions().revokeUnstored(signed, now.plus(Duration.ofHours(48)), now.plusSeconds(5));
        store.sessions().revokeUnstored(expired, now.plus(Duration.ofSeconds(30)), now.plusSeconds(1));
        store.sessions().revokeUnstored(stored.id(), now.plus(Duration.ofHours(1)), now);

        assertThat(store.sessions().revokedTokens(now, now.plusSeconds(10))).filteredOn(
                t -> Set.of(signed, expired, stored.id()).contains(t.sessionId())).containsExactly(
                new Sessions.RevokedToken(signed, now.plus(Duration.ofHours(24)), now),
                new Sessions.RevokedToken(expired, now.plus(Duration.ofSeconds(30)), now.plusSeconds(1)));
        assertThat(store.sessions().revokedTokens(now.plusSeconds(1), now.plus(Duration.ofMinutes(1))))
                .extracting(Sessions.RevokedToken::sessionId).doesNotContain(signed, expired);
        assertThat(store.sessions().byId(stored.id()).orElseThrow().revokedAt()).isNull();

        store.sessions().deleteEndedBefore(now.plus(Duration.ofMinutes(1)));
        assertThat(store.sessions().revokedTokens(Instant.EPOCH, now)).extracting(Sessions.RevokedToken::sessionId)
                .contains(signed).doesNotContain(expired);
    }

    @Test
    void theFirstTokenKeyFingerprintIsKept() {
        String first = store.sessions().tokenKeyFingerprint("a".repeat(64));
        assertThat(store.sessions().tokenKeyFingerprint("b".repeat(64))).isEqualTo(first);
        assertThat(store.sessions().tokenKeyFingerprint(first)).isEqualTo(first);
    }

    // ------------------------------------------------------------------ conversations

    @Test
    void aNewConversationIsOpenAndEmptyWithItsOwnEpoch() {
        Organisation org = newOrganisation();
        Conversation a = newConversation(org);
        Conversation b = newConversation(org);

        assertThat(a.open()).isTrue();
        assertThat(a.firstSeq()).isEqualTo(1);
        assertThat(a.lastSeq()).isZero();
        assertThat(a.endReason()).isEqualTo(EndReason.END_REASON_UNSPECIFIED);
        assertThat(a.epoch()).isNotBlank().isNotEqualTo(b.epoch());
        assertThat(store.conversations().byId(a.id())).contains(a);
    }

    @Test
    void aNewGenerationChangesEveryEpochAndKeepsHistoryAndSeqs() {
        StoreSettings settings = newDatabase();
        String id;
        String epoch;
        try (Store first = StoreOpener.open(settings, clock)) {
            id = newChatIn(first, "gen");
            first.conversations().append(id, text("p1", "m1", "hallo"), clock.instant());
            String before = first.conversations().byId(id).orElseThrow().epoch();
            assertThat(first.generation()).isZero();

            assertThat(first.startNewGeneration()).isEqualTo(1);

            Conversation after = first.conversations().byId(id).orElseThrow();
            assertThat(after.epoch()).isNotEqualTo(before);
            assertThat(after.lastSeq()).isEqualTo(1);
            epoch = after.epoch();
        }
        try (Store second = StoreOpener.open(settings, clock)) {
            assertThat(second.generation()).isEqualTo(1);
            assertThat(second.conversations().byId(id).orElseThrow().epoch()).isEqualTo(epoch);
            assertThat(second.conversations().eventsAfter(id, 0, 10)).extracting(ConversationEvent::getSeq)
                    .containsExactly(1L);
        }
    }

    /**
     * The embedded database's answer to "acknowledged = on disk": everything a write returned is there after the
     * database is closed without writing (H2's SHUTDOWN IMMEDIATELY, as after a kill), and because the store
     * cannot prove that nothing unacknowledged was lost, every epoch changes; a clean close keeps them.
     */
    @Test
    void afterAnUncleanShutdownTheEmbeddedStoreHasEveryWriteAndANewGeneration() throws SQLException {
        StoreSettings settings = newDatabase();
        org.junit.jupiter.api.Assumptions.assumeTrue(settings.isH2File(), "only the embedded database is killed here");
        String id;
        String epoch;
        try (Store first = StoreOpener.open(settings, clock)) {
            Organisation org = first.organisations().create(uniqueSlug("kill"), "Kill");
            id = first.conversations().create(org.id(), ConversationKind.OFFICE_HOUR_CHAT, null, clock.instant()).id();
            epoch = first.conversations().byId(id).orElseThrow().epoch();
        }
        Store crashing = StoreOpener.open(settings, clock);
        assertThat(crashing.generation()).as("a clean close keeps the generation").isZero();
        assertThat(crashing.conversations().byId(id).orElseThrow().epoch()).isEqualTo(epoch);
        for (int i = 1; i <= 50; i++) {
            crashing.conversations().append(id, text("p1", "m" + i, "bericht " + i), clock.instant());
        }
        crashing.conversations().join(id, "client-1", ParticipantRole.CLIENT, "Sam", clock.instant());
        crashing.conversations().updateReceipt(id, "client-1", ReceiptKind.READ, 40);
        String tokenHash = uniqueHash();
        crashing.sessions().create(tokenHash, Sessions.Kind.ANONYMOUS_CLIENT, null, null, clock.instant(),
                clock.instant().plusSeconds(3600));
        try (Connection raw = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.jdbcPassword());
             Statement statement = raw.createStatement()) {
            statement.execute("SHUTDOWN IMMEDIATELY");
        }
        crashing.close();

        try (Store reopened = StoreOpener.open(settings, clock)) {
            assertThat(reopened.generation()).isEqualTo(1);
            Conversation conversation = reopened.conversations().byId(id).orElseThrow();
            assertThat(conversation.epoch()).isNotEqualTo(epoch);
            assertThat(conversation.lastSeq()).isEqualTo(50);
            assertThat(reopened.conversations().eventsAfter(id, 0, 100)).extracting(e -> e.getText().getText())
                    .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 50)
                            .mapToObj(i -> "bericht " + i).toList());
            assertThat(reopened.conversations().participant(id, "client-1").orElseThrow().readSeq()).isEqualTo(40);
            assertThat(reopened.sessions().byTokenHash(tokenHash)).isPresent();
        }
    }

    @Test
    void appendAssignsConsecutiveSeqAndServerTime() {
        Conversation conversation = newConversation(newOrganisation());
        Instant t1 = clock.instant();
        ConversationEvent draft = text("p1", "m1", "hallo").toBuilder()
                .setSeq(99).setSentAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(5)).build();

        AppendResult first = store.conversations().append(conversation.id(), draft, t1);
        AppendResult second = store.conversations().append(conversation.id(), text("p1", "m2", "gaat het?"),
                t1.plusSeconds(3));

        assertThat(first.duplicate()).isFalse();
        assertThat(first.event().getSeq()).isEqualTo(1);
        assertThat(first.event().getSentAt().getSeconds()).isEqualTo(t1.getEpochSecond());
        assertThat(first.event().getConversationId()).isEqualTo(conversation.id());
        assertThat(first.event().getText().getText()).isEqualTo("hallo");
        assertThat(second.event().getSeq()).isEqualTo(2);
        assertThat(store.conversations().eventsAfter(conversation.id(), 0, 10))
                .containsExactly(first.event(), second.event());
        assertThat(store.conversations().byId(conversation.id()).orElseThrow().lastSeq()).isEqualTo(2);
    }

    @Test
    void concurrentAppendsGetGapFreeUniqueSeqs() throws Exception {
        Conversation conversation = newConversation(newOrganisation());
        int threads = 8;
        int perThread = 100;

        List<List<Long>> seqsPerThread = concurrently(threads, t -> () -> {
            List<Long> seqs = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                AppendResult result = store.conversations().append(conversation.id(),
                        text("p" + t, "t" + t + "-" + i, "bericht " + i), clock.instant());
                seqs.add(result.event().getSeq());
            }
            return seqs;
        });

        List<Long> all = new ArrayList<>();
        for (List<Long> seqs : seqsPerThread) {
            assertThat(seqs).isSorted();
            all.addAll(seqs);
        }
        Collections.sort(all);
        List<Long> expected = new ArrayList<>();
        for (long seq = 1; seq <= threads * perThread; seq++) {
            expected.add(seq);
        }
        assertThat(all).isEqualTo(expected);
        List<ConversationEvent> stored = store.conversations().eventsAfter(conversation.id(), 0, 10_000);
        assertThat(stored).extracting(ConversationEvent::getSeq).isEqualTo(expected);
        assertThat(store.conversations().byId(conversation.id()).orElseThrow().lastSeq())
                .isEqualTo(threads * perThread);
    }

    /**
     * A store that cannot keep up answers busy instead of queueing without bound: with the conversation row locked
     * by someone else, appends pile up until the queue is full and further ones are refused at once. Whatever was
     * answered with a seq is stored exactly once; whatever was answered busy is not stored; afterwards appends work.
     */
    @Test
    void aSaturatedStoreAnswersBusyAndStoresExactlyWhatItAcknowledged() throws Exception {
        StoreSettings settings = newDatabase().withAppendLimits(2, Duration.ofMillis(50));
        ExecutorService senders = Executors.newCachedThreadPool();
        try (Store small = StoreOpener.open(settings, clock);
             Connection blocker = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.jdbcPassword())) {
            Organisation org = small.organisations().create(uniqueSlug("busy"), "Druk");
            String id = small.conversations().create(org.id(), ConversationKind.OFFICE_HOUR_CHAT, null,
                    clock.instant()).id();
            blocker.setAutoCommit(false);
            try (PreparedStatement lock = blocker.prepareStatement("SELECT id FROM conversations WHERE id = ? FOR UPDATE")) {
                lock.setString(1, id);
                lock.executeQuery().close();
            }
            List<Future<AppendResult>> sent = new ArrayList<>();
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(10)).until(() -> {
                int n = sent.size();
                sent.add(senders.submit(() -> small.conversations().append(id, text("p1", "m" + n, "bericht " + n),
                        clock.instant())));
                return sent.stream().anyMatch(f -> f.isDone() && failedWith(f, StoreBusyException.class));
            });
            blocker.rollback();

            List<Long> acknowledged = new ArrayList<>();
            int busy = 0;
            for (Future<AppendResult> future : sent) {
                try {
                    acknowledged.add(future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).event().getSeq());
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(StoreBusyException.class);
                    busy++;
                }
            }
            assertThat(busy).isPositive();
            List<ConversationEvent> stored = small.conversations().eventsAfter(id, 0, 10_000);
            assertThat(stored).extracting(ConversationEvent::getSeq).containsExactlyInAnyOrderElementsOf(acknowledged);
            assertThat(stored).extracting(ConversationEvent::getSeq).isSorted().doesNotHaveDuplicates();
            assertThat(small.conversations().append(id, text("p1", "after", "weer rustig"), clock.instant())
                    .event().getSeq()).isEqualTo(acknowledged.size() + 1L);
        } finally {
            senders.shutdownNow();
        }
    }

    private static boolean failedWith(Future<?> future, Class<? extends Throwable> type) {
        try {
            future.get();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return type.isInstance(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void retryingAClientMsgIdReturnsTheStoredEventAsDuplicate() {
        Conversation conversation = newConversation(newOrganisation());
        Instant t1 = clock.instant();
        AppendResult original = store.conversations().append(conversation.id(), text("p1", "m1", "hallo"), t1);
        store.conversations().append(conversation.id(), text("p2", "x1", "hoi"), t1.plusSeconds(1));

        AppendResult retry = store.conversations().append(conversation.id(), text("p1", "m1", "hallo"),
                t1.plusSeconds(30));

        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.event()).isEqualTo(original.event());
        assertThat(store.conversations().byId(conversation.id()).orElseThrow().lastSeq()).isEqualTo(2);
    }

    @Test
    void idempotencyIsPerSenderAndSkipsEventsWithoutClientMsgId() {
        Conversation conversation = newConversation(newOrganisation());
        Instant now = clock.instant();
        AppendResult fromP1 = store.conversations().append(conversation.id(), text("p1", "same", "a"), now);
        AppendResult fromP2 = store.conversations().append(conversation.id(), text("p2", "same", "b"), now);
        AppendResult system1 = store.conversations().append(conversation.id(), text("", "", "system"), now);
        AppendResult system2 = store.conversations().append(conversation.id(), text("", "", "system"), now);

        assertThat(List.of(fromP1, fromP2, system1, system2)).extracting(AppendResult::duplicate)
                .containsOnly(false);
        assertThat(List.of(fromP1, fromP2, system1, system2)).extracting(r -> r.event().getSeq())
                .containsExactly(1L, 2L, 3L, 4L);
    }

    /** The embedded store keeps the key in memory (KnownClientIds): after a reopen it reads it back. */
    @Test
    void aRetryAfterTheStoreWasReopenedIsStillADuplicate() {
        StoreSettings settings = newDatabase();
        String conversationId;
        AppendResult original;
        try (Store first = StoreOpener.open(settings, clock)) {
            conversationId = newChatIn(first, "retry");
            original = first.conversations().append(conversationId, text("p1", "m1", "hallo"), clock.instant());
            first.conversations().append(conversationId, text("p1", "m2", "nog iets"), clock.instant());
        }
        try (Store second = StoreOpener.open(settings, clock)) {
            AppendResult retry = second.conversations().append(conversationId, text("p1", "m1", "hallo"),
                    clock.instant().plusSeconds(60));
            AppendResult other = second.conversations().append(conversationId, text("p2", "m1", "hoi"),
                    clock.instant().plusSeconds(60));
            assertThat(retry.duplicate()).isTrue();
            assertThat(retry.event()).isEqualTo(original.event());
            assertThat(other.duplicate()).as("same id, other sender").isFalse();
            assertThat(other.event().getSeq()).isEqualTo(3);
        }
    }

    @Test
    void aRetryInAConversationThatEndedMeanwhileIsAnsweredFromTheStoredEvent() {
        Conversation conversation = newConversation(newOrganisation());
        AppendResult original = store.conversations().append(conversation.id(), text("p1", "m1", "hallo"),
                clock.instant());
        store.conversations().end(conversation.id(), endedEvent(EndReason.ENDED_BY_CLIENT),
                EndReason.ENDED_BY_CLIENT, clock.instant(), null);

        AppendResult retry = store.conversations().append(conversation.id(), text("p1", "m1", "hallo"),
                clock.instant());
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.event()).isEqualTo(original.event());
        assertThatThrownBy(() -> store.conversations().append(conversation.id(), text("p1", "m2", "nieuw"),
                clock.instant())).isInstanceOf(ConflictException.class);
    }

    @Test
    void concurrentRetriesOfOneMessageStoreItOnce() throws Exception {
        Conversation conversation = newConversation(newOrganisation());

        List<AppendResult> results = concurrently(8, t -> () ->
                store.conversations().append(conversation.id(), text("p1", "retry-me", "hallo"), clock.instant()));

        assertThat(results).filteredOn(r -> !r.duplicate()).hasSize(1);
        assertThat(results).extracting(r -> r.event().getSeq()).containsOnly(1L);
        assertThat(store.conversations().eventsAfter(conversation.id(), 0, 100)).hasSize(1);
    }

    @Test
    void appendingToAnUnknownConversationConflicts() {
        assertThatThrownBy(() -> store.conversations().append("unknown", text("p1", "m1", "x"), clock.instant()))
                .isInstanceOf(ConflictException.class);
    }

    /** Only the appender writes events with a client id (the embedded store's KnownClientIds relies on it). */
    @Test
    void anEndedEventWithAClientIdIsRefused() {
        Conversation conversation = newConversation(newOrganisation());
        assertThatThrownBy(() -> store.conversations().end(conversation.id(),
                endedEvent(EndReason.ENDED_BY_CLIENT).toBuilder().setClientMsgId("m1").build(),
                EndReason.ENDED_BY_CLIENT, clock.instant(), null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.conversations().byId(conversation.id()).orElseThrow().open()).isTrue();
    }

    @Test
    void endAppendsTheEndedEventAndClosesTheConversationOnce() {
        Conversation conversation = newConversation(newOrganisation());
        Instant now = clock.instant();
        AppendResult message = store.conversations().append(conversation.id(), text("p1", "m1", "hallo"), now);
        Instant purgeAfter = now.plus(Duration.ofDays(3650));

        ConversationEvent ended = store.conversations().end(conversation.id(),
                endedEvent(EndReason.ENDED_BY_PROFESSIONAL), EndReason.ENDED_BY_PROFESSIONAL, now.plusSeconds(60),
                purgeAfter).orElseThrow();

        assertThat(ended.getSeq()).isEqualTo(2);
        assertThat(ended.getEnded().getReason()).isEqualTo(EndReason.ENDED_BY_PROFESSIONAL);
        Conversation closed = store.conversations().byId(conversation.id()).orElseThrow();
        assertThat(closed.open()).isFalse();
        assertThat(closed.endReason()).isEqualTo(EndReason.ENDED_BY_PROFESSIONAL);
        assertThat(closed.endedAt()).isEqualTo(now.plusSeconds(60));
        assertThat(closed.purgeAfter()).isEqualTo(purgeAfter);
        assertThat(closed.lastSeq()).isEqualTo(2);

        assertThat(store.conversations().end(conversation.id(), endedEvent(EndReason.ENDED_BY_CLIENT),
                EndReason.ENDED_BY_CLIENT, now.plusSeconds(61), null)).isEmpty();
        assertThatThrownBy(() -> store.conversations().append(conversation.id(), text("p1", "m2", "nog iets"),
                now.plusSeconds(70))).isInstanceOf(ConflictException.class);
        AppendResult lateRetry = store.conversations().append(conversation.id(), text("p1", "m1", "hallo"),
                now.plusSeconds(70));
        assertThat(lateRetry.duplicate()).isTrue();
        assertThat(lateRetry.event()).isEqualTo(message.event());
        assertThat(store.conversations().eventsAfter(conversation.id(), 0, 10)).hasSize(2);
    }

    @Test
    void eventsArePagedForwardAndBackward() {
        Conversation conversation = newConversation(newOrganisation());
        for (int i = 1; i <= 10; i++) {
            store.conversations().append(conversation.id(), text("p1", "m" + i, "bericht " + i), clock.instant());
        }
        String id = conversation.id();

        assertThat(seqs(store.conversations().eventsAfter(id, 0, 4))).containsExactly(1L, 2L, 3L, 4L);
        assertThat(seqs(store.conversations().eventsAfter(id, 4, 4))).containsExactly(5L, 6L, 7L, 8L);
        assertThat(seqs(store.conversations().eventsAfter(id, 8, 4))).containsExactly(9L, 10L);
        assertThat(store.conversations().eventsAfter(id, 10, 4)).isEmpty();
        assertThat(seqs(store.conversations().eventsBefore(id, 0, 3))).containsExactly(10L, 9L, 8L);
        assertThat(seqs(store.conversations().eventsBefore(id, 8, 3))).containsExactly(7L, 6L, 5L);
        assertThat(seqs(store.conversations().eventsBefore(id, 2, 5))).containsExactly(1L);
        assertThat(store.conversations().eventsBefore(id, 1, 5)).isEmpty();
        assertThat(store.conversations().eventsBefore(id, 5, 3).get(0).getText().getText()).isEqualTo("bericht 4");
    }

    @Test
    void participantsJoinLeaveAndRejoinKeepingTheirId() {
        Conversation conversation = newConversation(newOrganisation());
        Instant now = clock.instant();
        Participant client = store.conversations().join(conversation.id(), "client-1", ParticipantRole.CLIENT,
                "Sanne", now);
        Participant pro = store.conversations().join(conversation.id(), pro1, ParticipantRole.PROFESSIONAL,
                "Pieter", now);
        Participant supervisor = store.conversations().join(conversation.id(), "sup-1", ParticipantRole.SUPERVISOR,
                "Sara", now);

        assertThat(client.participantId()).isNotBlank().isNotEqualTo("client-1").isNotEqualTo(pro.participantId());
        assertThat(client.isActive()).isTrue();
        assertThat(store.conversations().participants(conversation.id())).containsExactly(client, pro, supervisor);

        assertThat(store.conversations().leave(conversation.id(), "client-1", now.plusSeconds(10))).isTrue();
        assertThat(store.conversations().leave(conversation.id(), "client-1", now.plusSeconds(11))).isFalse();
        assertThat(store.conversations().leave(conversation.id(), "nobody", now)).isFalse();
        assertThat(store.conversations().participants(conversation.id())).containsExactly(pro, supervisor);
        assertThat(store.conversations().participant(conversation.id(), "client-1").orElseThrow().leftAt())
                .isEqualTo(now.plusSeconds(10));

        Participant back = store.conversations().join(conversation.id(), "client-1", ParticipantRole.CLIENT,
                "Sanne", now.plusSeconds(20));
        assertThat(back.participantId()).isEqualTo(client.participantId());
        assertThat(back.isActive()).isTrue();
        assertThat(store.conversations().participants(conversation.id())).extracting(Participant::principalId)
                .containsExactly(pro1, "sup-1", "client-1");
        assertThat(store.conversations().join(conversation.id(), "client-1", ParticipantRole.CLIENT, "Sanne",
                now.plusSeconds(30)).participantId()).isEqualTo(client.participantId());
        assertThat(store.conversations().participants(conversation.id())).hasSize(3);
    }

    @Test
    void openConversationsOfListsOnlyOpenOnesWhereThePrincipalIsActive() {
        Organisation org = newOrganisation();
        Instant now = clock.instant();
        String principal = "client-" + UUID.randomUUID();
        Conversation open = newConversation(org);
        Conversation left = newConversation(org);
        Conversation ended = newConversation(org);
        for (Conversation c : List.of(open, left, ended)) {
            store.conversations().join(c.id(), principal, ParticipantRole.CLIENT, "Sanne", now);
        }
        store.conversations().leave(left.id(), principal, now);
        store.conversations().end(ended.id(), endedEvent(EndReason.ENDED_BY_CLIENT), EndReason.ENDED_BY_CLIENT, now,
                null);

        assertThat(store.conversations().openConversationsOf(principal)).extracting(Conversation::id)
                .containsExactly(open.id());
    }

    @Test
    void receiptsOnlyRiseAndStopAtTheLastSeq() {
        Conversation conversation = newConversation(newOrganisation());
        Instant now = clock.instant();
        store.conversations().join(conversation.id(), "client-1", ParticipantRole.CLIENT, "Sanne", now);
        for (int i = 1; i <= 4; i++) {
            store.conversations().append(conversation.id(), text("p", "m" + i, "x"), now);
        }
        String id = conversation.id();

        assertThat(store.conversations().updateReceipt(id, "client-1", ReceiptKind.DELIVERED, 3)).isEqualTo(3);
        assertThat(store.conversations().updateReceipt(id, "client-1", ReceiptKind.DELIVERED, 2)).isEqualTo(3);
        assertThat(store.conversations().updateReceipt(id, "client-1", ReceiptKind.READ, 2)).isEqualTo(2);
        assertThat(store.conversations().updateReceipt(id, "client-1", ReceiptKind.READ, 99)).isEqualTo(4);

        Participant participant = store.conversations().participant(id, "client-1").orElseThrow();
        assertThat(participant.deliveredSeq()).isEqualTo(3);
        assertThat(participant.readSeq()).isEqualTo(4);
        assertThatThrownBy(() -> store.conversations().updateReceipt(id, "stranger", ReceiptKind.READ, 1))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void transcriptConsentAndPurgeScheduleCanBeChanged() {
        OfficeHour oh = newOfficeHour(newOrganisation());
        Conversation conversation = store.conversations().create(oh.getOrganisationId(),
                ConversationKind.OFFICE_HOUR_CHAT, new Conversations.Owner("office-hour", oh.getId()), clock.instant());
        store.officeHourChats().link(new OfficeHourChats.Link(conversation.id(), oh.getId(), false));
        Instant later = clock.instant().plus(Duration.ofDays(3650));

        store.officeHourChats().setTranscriptConsent(conversation.id(), true);
        store.conversations().schedulePurge(conversation.id(), later);
        assertThat(store.officeHourChats().byConversation(conversation.id()).orElseThrow().transcriptConsent())
                .isTrue();
        assertThat(store.conversations().byId(conversation.id()).orElseThrow().purgeAfter()).isEqualTo(later);

        store.conversations().schedulePurge(conversation.id(), null);
        assertThat(store.conversations().byId(conversation.id()).orElseThrow().purgeAfter()).isNull();
        assertThatThrownBy(() -> store.officeHourChats().setTranscriptConsent("unknown", true))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void conversationsCarryTheirOwnerAndOfficeHourChatsTheirLink() {
        OfficeHour oh = newOfficeHour(newOrganisation());
        Conversation chat = store.conversations().create(oh.getOrganisationId(), ConversationKind.OFFICE_HOUR_CHAT,
                new Conversations.Owner("office-hour", oh.getId()), clock.instant());
        store.officeHourChats().link(new OfficeHourChats.Link(chat.id(), oh.getId(), true));
        Conversation unowned = newConversation(newOrganisation());

        Conversation read = store.conversations().byId(chat.id()).orElseThrow();
        assertThat(read.owner()).isEqualTo(new Conversations.Owner("office-hour", oh.getId()));
        assertThat(read.ownedBy("office-hour")).contains(oh.getId());
        assertThat(read.ownedBy("room")).isEmpty();
        assertThat(store.conversations().byId(unowned.id()).orElseThrow().owner()).isNull();
        assertThat(store.officeHourChats().byConversation(chat.id()))
                .contains(new OfficeHourChats.Link(chat.id(), oh.getId(), true));
        assertThat(store.officeHourChats().byConversation(unowned.id())).isEmpty();
    }

    @Test
    void aParticipantBroughtBackKeepsItsIdAndStartsANewMembership() {
        Conversation conversation = newConversation(newOrganisation());
        Instant now = clock.instant();
        Participant first = store.conversations().join(conversation.id(), "pro-1", ParticipantRole.PROFESSIONAL,
                "Anna", now);
        assertThat(first.memberSinceSeq()).isZero();
        for (int i = 0; i < 3; i++) {
            store.conversations().append(conversation.id(), ConversationEvent.newBuilder()
                    .setText(TextMessage.newBuilder().setText("x" + i)).build(), now);
        }
        assertThat(store.conversations().leave(conversation.id(), "pro-1", now)).isTrue();
        store.conversations().append(conversation.id(), ConversationEvent.newBuilder()
                .setText(TextMessage.newBuilder().setText("while away")).build(), now);

        Participant back = store.conversations().join(conversation.id(), "pro-1", ParticipantRole.PROFESSIONAL,
                "Anna", now);
        assertThat(back.participantId()).isEqualTo(first.participantId());
        assertThat(back.isActive()).isTrue();
        assertThat(back.memberSinceSeq()).isEqualTo(4);
        // Joining again while active is no new membership.
        assertThat(store.conversations().join(conversation.id(), "pro-1", ParticipantRole.PROFESSIONAL, "Anna", now)
                .memberSinceSeq()).isEqualTo(4);
    }

    @Test
    void purgeDueDeletesContentOfDueConversationsOnly() {
        Organisation org = newOrganisation();
        TestClock purgeClock = new TestClock(clock.instant().plus(Duration.ofDays(20_000)));
        Instant now = purgeClock.instant();
        Conversation due = newConversation(org);
        Conversation notYet = newConversation(org);
        Conversation unscheduled = newConversation(org);
        for (Conversation c : List.of(due, notYet, unscheduled)) {
            store.conversations().join(c.id(), "client-1", ParticipantRole.CLIENT, "Sanne", now);
            store.conversations().append(c.id(), text("p", "m1", "persoonlijk verhaal"), now);
        }
        store.conversations().end(due.id(), endedEvent(EndReason.ENDED_BY_CLIENT), EndReason.ENDED_BY_CLIENT, now,
                now.plus(Duration.ofDays(1)));
        store.conversations().schedulePurge(notYet.id(), now.plus(Duration.ofDays(3)));

        purgeClock.advance(Duration.ofDays(2));
        List<String> purged = store.conversations().purgeDue(purgeClock.instant());

        assertThat(purged).contains(due.id()).doesNotContain(notYet.id(), unscheduled.id());
        Conversation after = store.conversations().byId(due.id()).orElseThrow();
        assertThat(after.lastSeq()).isEqualTo(2);
        assertThat(after.firstSeq()).isEqualTo(3);
        assertThat(after.purgeAfter()).isNull();
        assertThat(after.epoch()).isEqualTo(due.epoch());
        assertThat(store.conversations().eventsAfter(due.id(), 0, 10)).isEmpty();
        assertThat(store.conversations().eventsBefore(due.id(), 0, 10)).isEmpty();
        assertThat(store.conversations().participant(due.id(), "client-1").orElseThrow().displayName())
                .isEqualTo(JdbcStore.PURGED_DISPLAY_NAME);
        assertThat(store.conversations().eventsAfter(notYet.id(), 0, 10)).hasSize(1);
        assertThat(store.conversations().eventsAfter(unscheduled.id(), 0, 10)).hasSize(1);
        assertThat(store.conversations().participant(notYet.id(), "client-1").orElseThrow().displayName())
                .isEqualTo("Sanne");

        assertThat(store.conversations().purgeDue(purgeClock.instant())).doesNotContain(due.id());
        purgeClock.advance(Duration.ofDays(2));
        assertThat(store.conversations().purgeDue(purgeClock.instant())).contains(notYet.id());
        assertThat(store.conversations().byId(notYet.id()).orElseThrow().firstSeq()).isEqualTo(2);
    }

    // ------------------------------------------------------------------ office hours

    @Test
    void officeHoursAreSavedWithANewIdAndFoundByIdSlugAndOrganisation() {
        Organisation org = newOrganisation();
        OfficeHour draft = officeHourDraft(org, "jongeren");

        OfficeHour saved = store.officeHours().save(draft);

        assertThat(saved.getId()).isNotBlank();
        assertThat(saved).isEqualTo(draft.toBuilder().setId(saved.getId()).build());
        assertThat(store.officeHours().byId(saved.getId())).contains(saved);
        assertThat(store.officeHours().bySlug(org.id(), "jongeren")).contains(saved);
        assertThat(store.officeHours().byOrganisation(org.id())).containsExactly(saved);
        assertThat(store.officeHours().byId("unknown")).isEmpty();
    }

    @Test
    void savingAnExistingIdReplacesTheDefinition() {
        Organisation org = newOrganisation();
        OfficeHour saved = store.officeHours().save(officeHourDraft(org, "schulden"));

        OfficeHour changed = saved.toBuilder().setName("Geldzorgen").setSlug("geldzorgen")
                .setMaxChatsPerProfessional(2).build();
        store.officeHours().save(changed);

        assertThat(store.officeHours().byId(saved.getId())).contains(changed);
        assertThat(store.officeHours().bySlug(org.id(), "geldzorgen")).contains(changed);
        assertThat(store.officeHours().bySlug(org.id(), "schulden")).isEmpty();
        assertThat(store.officeHours().byOrganisation(org.id())).hasSize(1);
    }

    @Test
    void slugsAreUniquePerOrganisation() {
        Organisation org = newOrganisation();
        Organisation other = newOrganisation();
        store.officeHours().save(officeHourDraft(org, "mantelzorg"));

        assertThatThrownBy(() -> store.officeHours().save(officeHourDraft(org, "mantelzorg")))
                .isInstanceOf(ConflictException.class);
        assertThat(store.officeHours().save(officeHourDraft(other, "mantelzorg")).getId()).isNotBlank();
    }

    @Test
    void anOfficeHourCannotMoveToAnotherOrganisation() {
        Organisation org = newOrganisation();
        Organisation other = newOrganisation();
        OfficeHour saved = store.officeHours().save(officeHourDraft(org, "wonen"));

        assertThatThrownBy(() -> store.officeHours().save(saved.toBuilder().setOrganisationId(other.id()).build()))
                .isInstanceOf(ConflictException.class);
        assertThat(store.officeHours().byId(saved.getId()).orElseThrow().getOrganisationId()).isEqualTo(org.id());
        assertThatThrownBy(() -> store.officeHours().save(officeHourDraft(org, "x").toBuilder()
                .setOrganisationId("").build())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDutyRosterIsKeptPerOfficeHourAndAccount() {
        Organisation org = newOrganisation();
        OfficeHour oh = store.officeHours().save(officeHourDraft(org, "duty"));
        OfficeHour second = store.officeHours().save(officeHourDraft(org, "duty-2"));
        Instant now = clock.instant();

        store.officeHours().setOnDuty(oh.getId(), "pro-a", true, now);
        store.officeHours().setOnDuty(oh.getId(), "pro-b", true, now.plusSeconds(5));
        store.officeHours().setOnDuty(oh.getId(), "pro-a", true, now.plusSeconds(10));
        store.officeHours().setOnDuty(second.getId(), "pro-a", true, now.plusSeconds(20));

        assertThat(store.officeHours().onDuty(oh.getId())).containsExactly(
                new OfficeHours.Duty(oh.getId(), "pro-a", now),
                new OfficeHours.Duty(oh.getId(), "pro-b", now.plusSeconds(5)));
        assertThat(store.officeHours().dutiesOf("pro-a")).extracting(OfficeHours.Duty::officeHourId)
                .containsExactly(oh.getId(), second.getId());

        store.officeHours().setOnDuty(oh.getId(), "pro-a", false, now.plusSeconds(30));
        store.officeHours().setOnDuty(oh.getId(), "pro-c", false, now.plusSeconds(30));
        assertThat(store.officeHours().onDuty(oh.getId())).extracting(OfficeHours.Duty::accountId)
                .containsExactly("pro-b");
        assertThatThrownBy(() -> store.officeHours().setOnDuty("unknown", "pro-a", true, now))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void deletingAnOfficeHourRemovesItsRoster() {
        Organisation org = newOrganisation();
        OfficeHour oh = store.officeHours().save(officeHourDraft(org, "weg"));
        store.officeHours().setOnDuty(oh.getId(), "pro-del", true, clock.instant());

        assertThat(store.officeHours().delete(oh.getId())).isTrue();
        assertThat(store.officeHours().delete(oh.getId())).isFalse();
        assertThat(store.officeHours().byId(oh.getId())).isEmpty();
        assertThat(store.officeHours().dutiesOf("pro-del")).isEmpty();
        assertThat(store.officeHours().byOrganisation(org.id())).isEmpty();
    }

    // ------------------------------------------------------------------ queue

    @Test
    void waitingIsInServingOrderUrgentFirstThenLongestWaiting() {
        Organisation org = newOrganisation();
        OfficeHour oh = newOfficeHour(org);
        Instant t0 = clock.instant();
        Entry first = enqueue(oh, "c1", t0);
        Entry second = enqueue(oh, "c2", t0.plusSeconds(10));
        Entry third = enqueue(oh, "c3", t0.plusSeconds(20));

        assertThat(ids(store.queue().waiting(oh.getId()))).containsExactly(first.id(), second.id(), third.id());
        assertThat(store.queue().setUrgent(third.id(), true)).isTrue();
        assertThat(ids(store.queue().waiting(oh.getId()))).containsExactly(third.id(), first.id(), second.id());
        assertThat(store.queue().byId(third.id()).orElseThrow().urgent()).isTrue();
        assertThat(store.queue().setUrgent("unknown", true)).isFalse();
    }

    @Test
    void entriesWithTheSameJoinTimeAreOrderedById() {
        OfficeHour oh = newOfficeHour(newOrganisation());
        Instant t0 = clock.instant();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            expected.add(enqueue(oh, "c" + i, t0).id());
        }
        Collections.sort(expected);

        assertThat(ids(store.queue().waiting(oh.getId()))).isEqualTo(expected);
    }

    @Test
    void aNewEntryHoldsItsFieldsAndIsFoundByIdConversationAndClient() {
        Organisation org = newOrganisation();
        OfficeHour oh = newOfficeHour(org);
        Conversation conversation = newConversation(org);
        String client = "client-" + UUID.randomUUID();
        Instant now = clock.instant();

        Entry entry = store.queue().create(oh.getId(), org.id(), conversation.id(), client, "Sanne",
                "Ik heb een vraag over schulden", now);

        assertThat(entry).extracting(Entry::officeHourId, Entry::organisationId, Entry::conversationId,
                        Entry::clientPrincipalId, Entry::nickname, Entry::firstQuestion, Entry::state,
                        Entry::joinedAt, Entry::urgent, Entry::returnedByTransfer)
                .containsExactly(oh.getId(), org.id(), conversation.id(), client, "Sanne",
                        "Ik heb een vraag over schulden", QueueState.WAITING, now, false, false);
        assertThat(store.queue().byId(entry.id())).contains(entry);
        assertThat(store.queue().byConversation(conversation.id())).contains(entry);
        assertThat(store.queue().activeOf(client)).containsExactly(entry);
        assertThat(store.queue().updateFirstQuestion(entry.id(), "Andere vraag")).isTrue();
        assertThat(store.queue().byId(entry.id()).orElseThrow().firstQuestion()).isEqualTo("Andere vraag");
    }

    @Test
    void aClientHasAtMostOneActiveEntryPerOfficeHour() {
        Organisation org = newOrganisation();
        OfficeHour oh = newOfficeHour(org);
        OfficeHour other = newOfficeHour(org);
        Instant now = clock.instant();
        Entry entry = enqueue(oh, "client-x", now);

        assertThatThrownBy(() -> enqueue(oh, "client-x", now)).isInstanceOf(ConflictException.class);
        enqueue(other, "client-x", now);

        store.queue().transition(entry.id(), List.of(QueueState.WAITING), QueueState.LEFT, now.plusSeconds(5));
        Entry again = enqueue(oh, "client-x", now.plusSeconds(10));
        assertThat(store.queue().activeOf("client-x")).extracting(Entry::id).contains(again.id())
                .doesNotContain(entry.id());
    }

    @Test
    void concurrentJoinsOfOneClientCreateOneEntry() throws Exception {
        OfficeHour oh = newOfficeHour(newOrganisation());

        List<Boolean> created = concurrently(8, t -> () -> {
            try {
                enqueue(oh, "client-racer", clock.instant());
                return true;
            } catch (ConflictException e) {
                return false;
            }
        });

        assertThat(created).filteredOn(Boolean::booleanValue).hasSize(1);
        assertThat(store.queue().waiting(oh.getId())).hasSize(1);
    }

    @Test
    void claimingTakesTheNextEntryInServingOrder() {
        Organisation org = newOrganisation();
        OfficeHour oh = newOfficeHour(org);
        Instant t0 = clock.instant();
        Entry first = enqueue(oh, "c1", t0);
        Entry second = enqueue(oh, "c2", t0.plusSeconds(10));
        Entry urgent = enqueue(oh, "c3", t0.plusSeconds(20));
        store.queue().setUrgent(urgent.id(), true);
        store.officeHours().setOnDuty(oh.getId(), pro1, true, t0);
        Instant claimTime = t0.plusSeconds(60);

        ClaimOutcome a = store.queue().claim(oh.getId(), null, pro1, 10, claimTime);
        ClaimOutcome b = store.queue().claim(oh.getId(), null, pro1, 10, claimTime);
        ClaimOutcome c = store.queue().claim(oh.getId(), null, pro1, 10, claimTime);
        ClaimOutcome d = store.queue().claim(oh.getId(), null, pro1, 10, claimTime);

        assertThat(List.of(a, b, c)).extracting(ClaimOutcome::status).containsOnly(ClaimStatus.CLAIMED);
        assertThat(List.of(a, b, c)).extracting(o -> o.entry().id())
                .containsExactly(urgent.id(), first.id(), second.id());
        assertThat(a.entry()).extracting(Entry::state, Entry::claimedBy, Entry::claimedAt)
                .containsExactly(QueueState.IN_CHAT, pro1, claimTime);
        assertThat(d.status()).isEqualTo(ClaimStatus.EMPTY);
        assertThat(d.entry()).isNull();
        assertThat(ids(store.queue().inChat(oh.getId())))
                .containsExactlyInAnyOrder(urgent.id(), first.id(), second.id());
        assertThat(store.queue().chatsHeldBy(pro1)).isEqualTo(3);
    }

    @Test
    void claimingASpecificEntryOnlySucceedsWhileItWaits() {
        Organisation org = newOrganisation();
        OfficeHour oh = newOfficeHour(org);
        OfficeHour other = newOfficeHour(org);
        Instant now = clock.instant();
        enqueue(oh, "c1", now);
        Entry chosen = enqueue(oh, "c2", now.plusSeconds(1));
        Entry elsewhere = enqueue(other, "c3", now);
        store.officeHours().setOnDuty(oh.getId(), pro1, true, now);
        store.officeHours().setOnDuty(oh.getId(), pro2, true, now);

        ClaimOutcome claimed = store.queue().claim(oh.getId(), chosen.id(), pro1, 3, now);
        ClaimOutcome again = store.queue().claim(oh.getId(), chosen.id(), pro2, 3, now);
        ClaimOutcome wrongOfficeHour = store.queue().claim(oh.getId(), elsewhere.id(), pro2, 3, now);
        ClaimOutcome unknown = store.queue().claim(oh.getId(), "unknown", pro2, 3, now);

        assertThat(claimed.status()).isEqualTo(ClaimStatus.CLAIMED);
        assertThat(claimed.entry().id()).isEqualTo(chosen.id());
        assertThat(again.status()).isEqualTo(ClaimStatus.NOT_WAITING);
        assertThat(wrongOfficeHour.status()).isEqualTo(ClaimStatus.NOT_WAITING);
        assertThat(unknown.status()).isEqualTo(ClaimStatus.NOT_WAITING);
        assertThat(store.queue().byId(elsewhere.id()).orElseThrow().state()).isEqualTo(QueueState.WAITING);
    }

    @Test
    void onlyProfessionalsOnDutyClaim() {
        Organisation org = newOrganisation();
        OfficeHour oh = newOfficeHour(org);
        OfficeHour other = newOfficeHour(org);
        Instant now = clock.instant();
        Entry entry = enqueue(oh, "c1", now);
        store.officeHours().setOnDuty(other.getId(), pro1, true, now);

        assertThat(store.queue().claim(oh.getId(), null, pro1, 3, now).status())
                .isEqualTo(ClaimStatus.NOT_ON_DUTY);
        assertThat(store.queue().claim(oh.getId(), entry.id(), pro1, 3, now).status())
                .isEqualTo(ClaimStatus.NOT_ON_DUTY);
        assertThat(store.queue().byId(entry.id()).orElseThrow().state()).isEqualTo(QueueState.WAITING);
    }

    @Test
    void theChatLimitCountsChatsInEveryOfficeHour() {
        Organisation org = newOrganisation();
        OfficeHour oh = newOfficeHour(org);
        OfficeHour other = newOfficeHour(org);
        Instant now = clock.instant();
        enqueue(oh, "c1", now);
        enqueue(oh, "c2", now);
        Entry otherEntry = enqueue(other, "c3", now);
        store.officeHours().setOnDuty(oh.getId(), pro1, true, now);
        store.officeHours().setOnDuty(other.getId(), pro1, true, now);

        assertThat(store.queue().claim(other.getId(), null, pro1, 2, now).status()).isEqualTo(ClaimStatus.CLAIMED);
        assertThat(store.queue().claim(oh.getId(), null, pro1, 2, now).status()).isEqualTo(ClaimStatus.CLAIMED);
        ClaimOutcome third = store.queue().claim(oh.getId(), null, pro1, 2, now);

        assertThat(third.status()).isEqualTo(ClaimStatus.LIMIT_REACHED);
        assertThat(store.queue().waiting(oh.getId())).hasSize(1);

        store.queue().transition(otherEntry.id(), List.of(QueueState.IN_CHAT), QueueState.FINISHED, now);
        assertThat(store.queue().claim(oh.getId(), null, pro1, 2, now).status()).isEqualTo(ClaimStatus.CLAIMED);
    }

    @Test
    void concurrentClaimsServeEveryClientExactlyOnceInOrder() throws Exception {
        Organisation org = newOrganisation();
        OfficeHour oh = newOfficeHour(org);
        int entries = 500;
        int professionals = 20;
        Instant t0 = clock.instant();
        for (int i = 0; i < entries; i++) {
            enqueue(oh, "client-" + i, t0.plusMillis(i));
        }
        List<String> servingOrder = ids(store.queue().waiting(oh.getId()));
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < servingOrder.size(); i++) {
            position.put(servingOrder.get(i), i);
        }
        for (int p = 0; p < professionals; p++) {
            store.officeHours().setOnDuty(oh.getId(), "racer-" + p, true, t0);
        }

        Map<String, String> claimedBy = new ConcurrentHashMap<>();
        List<List<String>> claimsPerProfessional = concurrently(professionals, p -> () -> {
            String professional = "racer-" + p;
            List<String> claimed = new ArrayList<>();
            while (true) {
                ClaimOutcome outcome = store.queue().claim(oh.getId(), null, professional, 100_000, clock.instant());
                if (outcome.status() == ClaimStatus.EMPTY) {
                    return claimed;
                }
                assertThat(outcome.status()).isEqualTo(ClaimStatus.CLAIMED);
                assertThat(claimedBy.putIfAbsent(outcome.entry().id(), professional)).isNull();
                claimed.add(outcome.entry().id());
            }
        });

        assertThat(claimedBy).hasSize(entries);
        assertThat(claimsPerProfessional.stream().mapToInt(List::size).sum()).isEqualTo(entries);
        for (List<String> claimed : claimsPerProfessional) {
            // each professional always got the first waiting entry, so their own claims follow the serving order
            assertThat(claimed).extracting(position::get).isSorted();
        }
        assertThat(store.queue().waiting(oh.getId())).isEmpty();
        List<Entry> inChat = store.queue().inChat(oh.getId());
        assertThat(inChat).hasSize(entries);
        for (Entry entry : inChat) {
            assertThat(entry.claimedBy()).isEqualTo(claimedBy.get(entry.id()));
        }
    }

    @Test
    void returnToQueueKeepsThePlaceAndMarksTheTransfer() {
        Organisation org = newOrganisation();
        OfficeHour oh = newOfficeHour(org);
        Instant t0 = clock.instant();
        Entry first = enqueue(oh, "c1", t0);
        Entry second = enqueue(oh, "c2", t0.plusSeconds(10));
        store.officeHours().setOnDuty(oh.getId(), pro1, true, t0);
        store.queue().claim(oh.getId(), first.id(), pro1, 3, t0.plusSeconds(20));
        enqueue(oh, "c3", t0.plusSeconds(30));

        assertThat(store.queue().returnToQueue(first.id())).isTrue();
        assertThat(store.queue().returnToQueue(first.id())).isFalse();

        Entry back = store.queue().byId(first.id()).orElseThrow();
        assertThat(back).extracting(Entry::state, Entry::joinedAt, Entry::returnedByTransfer, Entry::claimedBy)
                .containsExactly(QueueState.WAITING, t0, true, null);
        assertThat(store.queue().waiting(oh.getId()).get(0).id()).isEqualTo(first.id());
        assertThat(store.queue().waiting(oh.getId()).get(1).id()).isEqualTo(second.id());
        assertThat(store.queue().chatsHeldBy(pro1)).isZero();
    }

    @Test
    void reassignMovesAChatToAnotherProfessional() {
        Organisation org = newOrganisation();
        OfficeHour oh = newOfficeHour(org);
        Instant t0 = clock.instant();
        Entry entry = enqueue(oh, "c1", t0);
        Entry waiting = enqueue(oh, "c2", t0);
        store.officeHours().setOnDuty(oh.getId(), pro1, true, t0);
        store.queue().claim(oh.getId(), entry.id(), pro1, 3, t0);

        assertThat(store.queue().reassign(entry.id(), pro2, t0.plusSeconds(30))).isTrue();
        assertThat(store.queue().reassign(waiting.id(), pro2, t0.plusSeconds(30))).isFalse();

        Entry moved = store.queue().byId(entry.id()).orElseThrow();
        assertThat(moved.state()).isEqualTo(QueueState.IN_CHAT);
        assertThat(moved.claimedBy()).isEqualTo(pro2);
        assertThat(moved.claimedAt()).isEqualTo(t0.plusSeconds(30));
        assertThat(store.queue().chatsHeldBy(pro1)).isZero();
        assertThat(store.queue().chatsHeldBy(pro2)).isEqualTo(1);
    }

    @Test
    void transitionMovesOnlyFromTheGivenStates() {
        Organisation org = newOrganisation();
        OfficeHour oh = newOfficeHour(org);
        Instant t0 = clock.instant();
        String client = "client-" + UUID.randomUUID();
        Entry entry = enqueue(oh, client, t0);

        assertThat(store.queue().transition(entry.id(), List.of(QueueState.IN_CHAT), QueueState.FINISHED, t0))
                .isEmpty();
        Entry left = store.queue().transition(entry.id(), List.of(QueueState.WAITING, QueueState.IN_CHAT),
                QueueState.LEFT, t0.plusSeconds(5)).orElseThrow();

        assertThat(left.state()).isEqualTo(QueueState.LEFT);
        assertThat(left.endedAt()).isEqualTo(t0.plusSeconds(5));
        assertThat(store.queue().waiting(oh.getId())).isEmpty();
        assertThat(store.queue().activeOf(client)).isEmpty();
        assertThat(store.queue().setUrgent(entry.id(), true)).isFalse();
        assertThat(store.queue().updateFirstQuestion(entry.id(), "te laat")).isFalse();
        assertThat(store.queue().transition("unknown", List.of(QueueState.WAITING), QueueState.LEFT, t0)).isEmpty();
    }

    @Test
    void disconnectedClientsAreFoundAfterTheCutOff() {
        Organisation org = newOrganisation();
        OfficeHour oh = newOfficeHour(org);
        Instant t0 = clock.instant().plus(Duration.ofDays(30_000));
        Entry gone = enqueue(oh, "c1", t0);
        Entry recent = enqueue(oh, "c2", t0);
        Entry reconnected = enqueue(oh, "c3", t0);
        Entry ended = enqueue(oh, "c4", t0);
        store.queue().setDisconnectedAt(gone.id(), t0.plusSeconds(10));
        store.queue().setDisconnectedAt(recent.id(), t0.plusSeconds(100));
        store.queue().setDisconnectedAt(reconnected.id(), t0.plusSeconds(10));
        store.queue().setDisconnectedAt(reconnected.id(), null);
        store.queue().setDisconnectedAt(ended.id(), t0.plusSeconds(10));
        store.queue().transition(ended.id(), List.of(QueueState.WAITING), QueueState.LEFT, t0.plusSeconds(11));

        List<Entry> found = store.queue().disconnectedSince(t0.plusSeconds(60));

        assertThat(found).extracting(Entry::id).contains(gone.id())
                .doesNotContain(recent.id(), reconnected.id(), ended.id());
        assertThat(store.queue().byId(gone.id()).orElseThrow().disconnectedAt()).isEqualTo(t0.plusSeconds(10));
    }

    @Test
    void endedEntriesAreDeletedAfterTheCutOff() {
        Organisation org = newOrganisation();
        OfficeHour oh = newOfficeHour(org);
        Instant t0 = clock.instant().minus(Duration.ofDays(400));
        Entry old = enqueue(oh, "c1", t0);
        store.queue().transition(old.id(), List.of(QueueState.WAITING), QueueState.NOT_SERVED, t0.plusSeconds(5));
        Entry recent = enqueue(oh, "c2", clock.instant());
        store.queue().transition(recent.id(), List.of(QueueState.WAITING), QueueState.LEFT, clock.instant());
        Entry active = enqueue(oh, "c3", t0);

        int deleted = store.queue().deleteEndedBefore(t0.plus(Duration.ofDays(1)));

        assertThat(deleted).isGreaterThanOrEqualTo(1);
        assertThat(store.queue().byId(old.id())).isEmpty();
        assertThat(store.queue().byId(recent.id())).isPresent();
        assertThat(store.queue().byId(active.id())).isPresent();
    }

    // ------------------------------------------------------------------ offline messages

    @Test
    void offlineMessagesAreListedHandledAndDeleted() {
        Organisation org = newOrganisation();
        OfficeHour oh = newOfficeHour(org);
        Instant t0 = clock.instant().minus(Duration.ofDays(100));
        OfflineMessage first = store.offlineMessages().create(oh.getId(), org.id(), "Sanne", "Bel me", "06-1234", t0);
        OfflineMessage second = store.offlineMessages().create(oh.getId(), org.id(), null, "Vraag", null,
                t0.plusSeconds(60));

        assertThat(second.nickname()).isEmpty();
        assertThat(store.offlineMessages().byId(first.id())).contains(first);
        assertThat(store.offlineMessages().byOfficeHour(oh.getId(), false)).containsExactly(first, second);
        assertThat(store.offlineMessages().countUnhandled(oh.getId())).isEqualTo(2);

        assertThat(store.offlineMessages().markHandled(first.id(), pro1, t0.plusSeconds(120))).isTrue();
        assertThat(store.offlineMessages().markHandled(first.id(), pro2, t0.plusSeconds(130))).isFalse();
        assertThat(store.offlineMessages().markHandled("unknown", pro2, t0)).isFalse();

        OfflineMessage handled = store.offlineMessages().byId(first.id()).orElseThrow();
        assertThat(handled.handledAt()).isEqualTo(t0.plusSeconds(120));
        assertThat(handled.handledBy()).isEqualTo(pro1);
        assertThat(store.offlineMessages().byOfficeHour(oh.getId(), false)).containsExactly(second);
        assertThat(store.offlineMessages().byOfficeHour(oh.getId(), true)).containsExactly(handled, second);
        assertThat(store.offlineMessages().countUnhandled(oh.getId())).isEqualTo(1);

        assertThat(store.offlineMessages().deleteHandledBefore(t0.plusSeconds(121))).isGreaterThanOrEqualTo(1);
        assertThat(store.offlineMessages().byId(first.id())).isEmpty();
        assertThat(store.offlineMessages().byId(second.id())).isPresent();
    }

    // ------------------------------------------------------------------ audit and statistics

    @Test
    void auditEntriesAreListedOldestFirstWithinTheRange() {
        Organisation org = newOrganisation();
        Instant t0 = clock.instant().minus(Duration.ofDays(10_000));
        AuditLog.Entry read = audit(org, t0, "conversation.read");
        AuditLog.Entry supervise = audit(org, t0.plusSeconds(60), "conversation.supervise");
        AuditLog.Entry outside = audit(org, t0.plusSeconds(120), "offline_message.read");
        AuditLog.Entry earlier = audit(org, t0.minusSeconds(1), "conversation.read");

        assertThat(store.audit().list(org.id(), t0, t0.plusSeconds(120))).containsExactly(read, supervise);
        assertThat(store.audit().list(org.id(), t0.minusSeconds(10), t0.plusSeconds(121)))
                .containsExactly(earlier, read, supervise, outside);

        assertThat(store.audit().deleteBefore(t0)).isGreaterThanOrEqualTo(1);
        assertThat(store.audit().list(org.id(), t0.minusSeconds(10), t0.plusSeconds(121)))
                .containsExactly(read, supervise, outside);
    }

    @Test
    void statisticsRowsAreKeptPerOfficeHourAndDay() {
        String officeHour = UUID.randomUUID().toString();
        String otherOfficeHour = UUID.randomUUID().toString();
        LocalDate monday = LocalDate.of(2026, 3, 2);
        store.statistics().record(officeHour, monday, Fact.JOINED, 0);
        store.statistics().record(officeHour, monday, Fact.WAIT_SECONDS, 240);
        store.statistics().record(officeHour, monday.plusDays(1), Fact.SERVED, 0);
        store.statistics().record(officeHour, monday.plusDays(2), Fact.CHAT_SECONDS, 900);
        store.statistics().record(otherOfficeHour, monday, Fact.JOINED, 0);

        assertThat(store.statistics().rows(officeHour, monday, monday.plusDays(1))).containsExactly(
                new StatisticsLog.Row(officeHour, monday, Fact.JOINED, 0),
                new StatisticsLog.Row(officeHour, monday, Fact.WAIT_SECONDS, 240),
                new StatisticsLog.Row(officeHour, monday.plusDays(1), Fact.SERVED, 0));
        assertThat(store.statistics().rows(officeHour, monday.plusDays(2), monday.plusDays(2)))
                .containsExactly(new StatisticsLog.Row(officeHour, monday.plusDays(2), Fact.CHAT_SECONDS, 900));
        assertThat(store.statistics().rows(otherOfficeHour, monday, monday.plusDays(7))).hasSize(1);
    }

    // ------------------------------------------------------------------ effect measurement (issue 15)

    @Test
    void effectFactsAreKeptPerOrganisationChannelAndDay() {
        Organisation org = newOrganisation();
        Organisation other = newOrganisation();
        LocalDate day = LocalDate.of(2026, 11, 2);
        Effects.Fact message = new Effects.Fact(org.id(), Effects.Channel.GROUP_ROOM, "room-1", day,
                Effects.ROOM_MESSAGE, 1);
        store.effects().recordFact(message);
        store.effects().recordFact(new Effects.Fact(org.id(), Effects.Channel.GROUP_ROOM, "room-1", day.plusDays(1),
                Effects.ROOM_MESSAGE, 1));
        store.effects().recordFact(new Effects.Fact(other.id(), Effects.Channel.GROUP_ROOM, "room-2", day,
                Effects.ROOM_MESSAGE, 1));

        assertThat(store.effects().facts(org.id(), Effects.Channel.GROUP_ROOM, day, day)).containsExactly(message);
        assertThat(store.effects().facts(org.id(), Effects.Channel.GROUP_ROOM, day, day.plusDays(1))).hasSize(2);
        assertThat(store.effects().facts(org.id(), Effects.Channel.OFFICE_HOUR_CHAT, day, day)).isEmpty();
    }

    @Test
    void replacingAPeriodReplacesAllItsFiguresAndNothingElse() {
        Organisation org = newOrganisation();
        Organisation other = newOrganisation();
        LocalDate november = LocalDate.of(2026, 11, 1);
        Instant first = Instant.parse("2026-11-30T10:00:00Z");
        Effects.Figure served = new Effects.Figure(Effects.Channel.OFFICE_HOUR_CHAT, Effects.ALL, "served", 7);
        Effects.Figure joined = new Effects.Figure(Effects.Channel.OFFICE_HOUR_CHAT, "oh-1", "joined", 9);
        store.effects().replacePeriod(new Effects.Period(org.id(), Effects.PeriodKind.MONTH, november, first,
                List.of(served, joined)));
        store.effects().replacePeriod(new Effects.Period(org.id(), Effects.PeriodKind.MONTH, november.plusMonths(1),
                first, List.of(served)));
        store.effects().replacePeriod(new Effects.Period(other.id(), Effects.PeriodKind.MONTH, november, first,
                List.of(new Effects.Figure(Effects.Channel.OFFICE_HOUR_CHAT, Effects.ALL, "served", 3))));

        // Again, with other figures: the period holds exactly the new ones (idempotent re-aggregation).
        Instant second = first.plusSeconds(3600);
        Effects.Figure servedAgain = new Effects.Figure(Effects.Channel.OFFICE_HOUR_CHAT, Effects.ALL, "served", 8);
        store.effects().replacePeriod(new Effects.Period(org.id(), Effects.PeriodKind.MONTH, november, second,
                List.of(servedAgain)));
        store.effects().replacePeriod(new Effects.Period(org.id(), Effects.PeriodKind.MONTH, november, second,
                List.of(servedAgain)));

        List<Effects.Period> periods = store.effects().periods(org.id(), Effects.PeriodKind.MONTH, november,
                november.plusMonths(1));
        assertThat(periods).extracting(Effects.Period::start).containsExactly(november, november.plusMonths(1));
        assertThat(periods.get(0).figures()).containsExactly(servedAgain);
        assertThat(periods.get(0).computedAt()).isEqualTo(second);
        assertThat(periods.get(1).figures()).containsExactly(served);
        assertThat(store.effects().periods(org.id(), Effects.PeriodKind.WEEK, november, november.plusMonths(1)))
                .isEmpty();
        assertThat(store.effects().organisationTotals(Set.of(org.id(), other.id()), Effects.PeriodKind.MONTH,
                november, november)).extracting(p -> p.figures().get(0).value()).containsExactlyInAnyOrder(8L, 3L);
    }

    @Test
    void benchmarkParticipationIsPerOrganisationAndCanBeWithdrawn() {
        Organisation org = newOrganisation();
        Instant at = Instant.parse("2026-11-30T10:00:00Z");
        assertThat(store.effects().benchmarkOptIn(org.id())).isEmpty();
        store.effects().setBenchmarkOptIn(org.id(), true, at);
        assertThat(store.effects().benchmarkOptIn(org.id())).contains(true);
        assertThat(store.effects().benchmarkParticipants()).contains(org.id());
        store.effects().setBenchmarkOptIn(org.id(), false, at.plusSeconds(1));
        assertThat(store.effects().benchmarkOptIn(org.id())).contains(false);
        assertThat(store.effects().benchmarkParticipants()).doesNotContain(org.id());
    }

    @Test
    void aChatIsRatedOnceAndTheMarkIsForgottenAfterTheCutOff() {
        String chat = UUID.randomUUID().toString();
        Instant at = Instant.parse("2026-11-30T10:00:00Z");
        assertThat(store.effects().markRated(chat, at)).isTrue();
        assertThat(store.effects().markRated(chat, at.plusSeconds(5))).isFalse();
        assertThat(store.effects().deleteRatingsBefore(at.plusSeconds(1))).isGreaterThanOrEqualTo(1);
        assertThat(store.effects().markRated(chat, at.plusSeconds(10))).isTrue();
    }

    // ------------------------------------------------------------------ organisation isolation

    @Test
    void oneOrganisationNeverSeesAnothersData() {
        Organisation a = newOrganisation();
        Organisation b = newOrganisation();
        Account alice = store.accounts().create(a.id(), "alice", "Alice", "h", Set.of(Role.PROFESSIONAL));
        Account bob = store.accounts().create(b.id(), "bob", "Bob", "h", Set.of(Role.PROFESSIONAL));
        OfficeHour ohA = store.officeHours().save(officeHourDraft(a, "spreekuur"));
        OfficeHour ohB = store.officeHours().save(officeHourDraft(b, "spreekuur-b"));
        Instant t0 = clock.instant().minus(Duration.ofDays(20_000));
        AuditLog.Entry auditA = audit(a, t0, "conversation.read");
        AuditLog.Entry auditB = audit(b, t0, "conversation.read");

        assertThat(store.accounts().byOrganisation(a.id())).containsExactly(alice);
        assertThat(store.accounts().byOrganisation(b.id())).containsExactly(bob);
        assertThat(store.accounts().byUsername(b.id(), "alice")).isEmpty();
        assertThat(store.officeHours().byOrganisation(a.id())).containsExactly(ohA);
        assertThat(store.officeHours().byOrganisation(b.id())).containsExactly(ohB);
        assertThat(store.officeHours().bySlug(b.id(), "spreekuur")).isEmpty();
        assertThat(store.audit().list(a.id(), t0, t0.plusSeconds(1))).containsExactly(auditA);
        assertThat(store.audit().list(b.id(), t0, t0.plusSeconds(1))).containsExactly(auditB);
    }

    // ------------------------------------------------------------------ rooms

    @Test
    void roomsAreKeptWithTheirModeratorsAndUpdatedInPlace() {
        Organisation org = newOrganisation();
        Account anna = professional(org, "anna");
        Account bram = professional(org, "bram");
        Rooms.Room room = newRoom(org, 200, anna.id());
        assertThat(store.rooms().byId(room.id())).contains(room);
        assertThat(store.rooms().byConversation(room.conversationId())).contains(room);
        assertThat(store.rooms().byOrganisation(org.id())).containsExactly(room);
        assertThat(store.rooms().byOrganisation(newOrganisation().id())).isEmpty();

        Rooms.Room changed = new Rooms.Room(room.id(), org.id(), room.conversationId(), "Ouders Zuid", "Nieuw",
                List.of(bram.id(), anna.id()), 30, HistoryVisibility.FROM_JOIN, 14, RoomState.ROOM_PAUSED,
                room.createdAt());
        Rooms.Room updated = store.rooms().update(changed);
        assertThat(updated.moderatorIds()).containsExactlyInAnyOrder(anna.id(), bram.id());
        assertThat(updated.name()).isEqualTo("Ouders Zuid");
        assertThat(updated.historyVisibility()).isEqualTo(HistoryVisibility.FROM_JOIN);
        assertThat(updated.retentionDays()).isEqualTo(14);
        assertThat(updated.state()).isEqualTo(RoomState.ROOM_PAUSED);
        assertThat(store.rooms().byId(room.id())).contains(updated);
        assertThatThrownBy(() -> store.rooms().update(new Rooms.Room("no-such-room", org.id(), room.conversationId(),
                "x", "", List.of(), 1, HistoryVisibility.FULL_HISTORY, 0, RoomState.ROOM_OPEN, room.createdAt())))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void anInviteIsRefusedWhenUnknownRevokedExpiredUsedUpOrTheRoomIsFullOrClosed() {
        Organisation org = newOrganisation();
        Rooms.Room room = newRoom(org, 2, professional(org, "anna").id());
        Instant now = clock.instant();
        assertThat(store.rooms().redeem("no-such-code", "p-0", "Els", now).refusal())
                .isEqualTo(Rooms.JoinRefusal.UNKNOWN_CODE);

        Rooms.Invite expiring = invite(room, false, 0, now.plusSeconds(60));
        assertThat(store.rooms().redeem(expiring.code(), "p-1", "Els", now.plusSeconds(60)).refusal())
                .isEqualTo(Rooms.JoinRefusal.EXPIRED);
        Rooms.Invite revoked = invite(room, false, 0, null);
        assertThat(store.rooms().revokeInvite(revoked.id(), now)).isTrue();
        assertThat(store.rooms().revokeInvite(revoked.id(), now)).isFalse();
        assertThat(store.rooms().redeem(revoked.code(), "p-2", "Els", now).refusal())
                .isEqualTo(Rooms.JoinRefusal.REVOKED);

        Rooms.Invite single = invite(room, true, 1, null);
        Rooms.JoinOutcome first = store.rooms().redeem(single.code(), "p-3", "Els", now);
        assertThat(first.joined()).isTrue();
        assertThat(first.member().inviteId()).isEqualTo(single.id());
        assertThat(store.rooms().redeem(single.code(), "p-4", "Fien", now).refusal())
                .isEqualTo(Rooms.JoinRefusal.USED_UP);
        assertThat(store.rooms().inviteById(single.id()).orElseThrow().uses()).isEqualTo(1);

        Rooms.Invite open = invite(room, false, 0, null);
        assertThat(store.rooms().redeem(open.code(), "p-5", "Gea", now).joined()).isTrue();
        assertThat(store.rooms().memberCount(room.id())).isEqualTo(2);
        assertThat(store.rooms().redeem(open.code(), "p-6", "Hans", now).refusal())
                .as("member limit 2").isEqualTo(Rooms.JoinRefusal.ROOM_FULL);
        assertThat(store.rooms().inviteByCode(open.code()).orElseThrow().uses()).as("a refusal uses nothing")
                .isEqualTo(1);

        store.rooms().update(withState(room, RoomState.ROOM_CLOSED));
        assertThat(store.rooms().redeem(open.code(), "p-7", "Ida", now).refusal())
                .isEqualTo(Rooms.JoinRefusal.ROOM_CLOSED);
        assertThat(store.rooms().memberByPrincipal("p-7")).isEmpty();
    }

    @Test
    void theLastUseOfAnInviteGoesToExactlyOneOfThoseTakingItAtOnce() throws Exception {
        Organisation org = newOrganisation();
        Rooms.Room room = newRoom(org, 2000, professional(org, "anna").id());
        Rooms.Invite single = invite(room, true, 1, null);
        List<Rooms.JoinOutcome> outcomes = concurrently(12, t -> () ->
                store.rooms().redeem(single.code(), "single-" + t + "-" + single.id(), "Lid " + t, clock.instant()));
        assertThat(outcomes).filteredOn(Rooms.JoinOutcome::joined).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !o.joined()).extracting(Rooms.JoinOutcome::refusal)
                .containsOnly(Rooms.JoinRefusal.USED_UP);

        Rooms.Invite three = invite(room, false, 3, null);
        List<Rooms.JoinOutcome> more = concurrently(12, t -> () ->
                store.rooms().redeem(three.code(), "three-" + t + "-" + three.id(), "Lid " + t, clock.instant()));
        assertThat(more).filteredOn(Rooms.JoinOutcome::joined).hasSize(3);
        assertThat(store.rooms().inviteById(three.id()).orElseThrow().uses()).isEqualTo(3);
        assertThat(store.rooms().memberCount(room.id())).isEqualTo(4);
    }

    @Test
    void twoInvitesCannotTogetherOverfillARoom() throws Exception {
        Organisation org = newOrganisation();
        Rooms.Room room = newRoom(org, 3, professional(org, "anna").id());
        Rooms.Invite a = invite(room, false, 0, null);
        Rooms.Invite b = invite(room, false, 0, null);
        List<Rooms.JoinOutcome> outcomes = concurrently(10, t -> () -> store.rooms().redeem(
                (t % 2 == 0 ? a : b).code(), "fill-" + t + "-" + room.id(), "Lid " + t, clock.instant()));
        assertThat(outcomes).filteredOn(Rooms.JoinOutcome::joined).hasSize(3);
        assertThat(store.rooms().memberCount(room.id())).isEqualTo(3);
    }

    @Test
    void membershipsEndOnceAndFormerMembersAreListedWithTheirInvite() {
        Organisation org = newOrganisation();
        Rooms.Room room = newRoom(org, 200, professional(org, "anna").id());
        Rooms.Invite invite = invite(room, false, 0, null);
        Rooms.Member els = store.rooms().redeem(invite.code(), "principal-els-" + room.id(), "Els",
                clock.instant()).member();
        clock.advance(Duration.ofSeconds(1));
        Rooms.Member fien = store.rooms().redeem(invite.code(), "principal-fien-" + room.id(), "Fien",
                clock.instant()).member();
        store.rooms().setParticipant(els.id(), "part-els");
        assertThat(store.rooms().memberByParticipant(room.id(), "part-els").orElseThrow().id()).isEqualTo(els.id());
        assertThat(store.rooms().memberByParticipant(room.id(), "part-els-not")).isEmpty();
        assertThat(store.rooms().memberByPrincipal(fien.principalId()).orElseThrow().nickname()).isEqualTo("Fien");

        assertThat(store.rooms().endMembership(els.id(), MemberStatus.MEMBER_REMOVED, clock.instant())).isTrue();
        assertThat(store.rooms().endMembership(els.id(), MemberStatus.MEMBER_LEFT, clock.instant())).isFalse();
        assertThat(store.rooms().members(room.id(), false)).extracting(Rooms.Member::nickname).containsExactly("Fien");
        List<Rooms.Member> all = store.rooms().members(room.id(), true);
        assertThat(all).extracting(Rooms.Member::nickname).containsExactly("Els", "Fien");
        assertThat(all.get(0).endStatus()).isEqualTo(MemberStatus.MEMBER_REMOVED);
        assertThat(all.get(0).isActive()).isFalse();
        assertThat(all).extracting(Rooms.Member::inviteId).containsOnly(invite.id());
        assertThat(store.rooms().memberCount(room.id())).isEqualTo(1);
        assertThatThrownBy(() -> store.rooms().endMembership(fien.id(), MemberStatus.MEMBER_ACTIVE, clock.instant()))
                .isInstanceOf(IllegalArgumentException.class);

        Instant until = clock.instant().plus(Duration.ofHours(2));
        assertThat(store.rooms().setMutedUntil(fien.id(), until)).isTrue();
        Rooms.Member muted = store.rooms().memberByPrincipal(fien.principalId()).orElseThrow();
        assertThat(muted.mutedUntil()).isEqualTo(until);
        assertThat(muted.isMutedAt(until.minusSeconds(1))).isTrue();
        assertThat(muted.isMutedAt(until)).isFalse();
        assertThat(store.rooms().setMutedUntil(fien.id(), null)).isTrue();
        assertThat(store.rooms().memberByPrincipal(fien.principalId()).orElseThrow().mutedUntil()).isNull();
        assertThat(store.rooms().setMutedUntil(els.id(), until)).as("a former member").isFalse();
    }

    @Test
    void theModerationLogKeepsEntriesInOrderPerRoom() {
        Organisation org = newOrganisation();
        String anna = professional(org, "anna").id();
        Rooms.Room room = newRoom(org, 200, anna);
        Rooms.Room other = newRoom(org, 200, anna);
        Instant t = clock.instant();
        Rooms.LogEntry first = new Rooms.LogEntry(t, anna, "Anna", ModerationAction.PAUSE_ROOM, "", "nacht", null);
        Rooms.LogEntry second = new Rooms.LogEntry(t, anna, "Anna", ModerationAction.MUTE_MEMBER, "part-1",
                "scheldwoorden", t.plus(Duration.ofHours(1)));
        store.rooms().log(room.id(), first);
        store.rooms().log(room.id(), second);
        store.rooms().log(other.id(), first);
        assertThat(store.rooms().log(room.id())).containsExactly(first, second);
        assertThat(store.rooms().log(other.id())).containsExactly(first);
        assertThatThrownBy(() -> store.rooms().log("no-such-room", first)).isInstanceOf(ConflictException.class);
    }

    @Test
    void rollingRetentionDeletesTheOldestEventsAndMovesFirstSeqButKeepsTheRest() {
        Organisation org = newOrganisation();
        Conversation room = store.conversations().create(org.id(), ConversationKind.GROUP_ROOM,
                new Conversations.Owner("room", "r-" + UUID.randomUUID()), clock.instant());
        Instant t0 = clock.instant();
        store.conversations().append(room.id(), text("a", "1", "oud"), t0);
        store.conversations().append(room.id(), text("a", "2", "oud"), t0.plusSeconds(10));
        store.conversations().append(room.id(), text("a", "3", "nieuw"), t0.plusSeconds(20));
        assertThat(store.conversations().purgeBefore(room.id(), t0.plusSeconds(5))).isEqualTo(1);
        assertThat(store.conversations().byId(room.id()).orElseThrow().firstSeq()).isEqualTo(2);
        assertThat(store.conversations().purgeBefore(room.id(), t0.plusSeconds(5))).isZero();
        assertThat(store.conversations().purgeBefore(room.id(), t0.plusSeconds(15))).isEqualTo(1);
        assertThat(seqs(store.conversations().eventsAfter(room.id(), 0, 10))).containsExactly(3L);
        Conversation after = store.conversations().byId(room.id()).orElseThrow();
        assertThat(after.firstSeq()).isEqualTo(3);
        assertThat(after.lastSeq()).isEqualTo(3);
        assertThat(after.epoch()).isEqualTo(room.epoch());
        assertThat(store.conversations().append(room.id(), text("a", "4", "daarna"), t0.plusSeconds(30))
                .event().getSeq()).as("seqs are not reused").isEqualTo(4);
        assertThat(store.conversations().purgeBefore("no-such-conversation", t0)).isZero();
    }

    @Test
    void aDeletedRoomAndItsConversationLeaveNoRowBehind() {
        Organisation org = newOrganisation();
        Account anna = professional(org, "anna");
        Rooms.Room room = newRoom(org, 200, anna.id());
        Rooms.Invite invite = invite(room, false, 0, null);
        Rooms.Member els = store.rooms().redeem(invite.code(), "principal-" + room.id(), "Els", clock.instant())
                .member();
        store.rooms().log(room.id(), new Rooms.LogEntry(clock.instant(), anna.id(), "Anna",
                ModerationAction.PAUSE_ROOM, "", "nacht", null));
        Participant p = store.conversations().join(room.conversationId(), els.principalId(), ParticipantRole.MEMBER,
                "Els", clock.instant());
        store.conversations().append(room.conversationId(), text(p.participantId(), "m-1", "geheim"), clock.instant());
        Rooms.Room other = newRoom(org, 200, anna.id());

        assertThat(store.rooms().delete(room.id())).isTrue();
        assertThat(store.conversations().delete(room.conversationId())).isTrue();
        assertThat(store.rooms().byId(room.id())).isEmpty();
        assertThat(store.rooms().byConversation(room.conversationId())).isEmpty();
        assertThat(store.rooms().invites(room.id())).isEmpty();
        assertThat(store.rooms().inviteByCode(invite.code())).isEmpty();
        assertThat(store.rooms().members(room.id(), true)).isEmpty();
        assertThat(store.rooms().memberByPrincipal(els.principalId())).isEmpty();
        assertThat(store.rooms().log(room.id())).isEmpty();
        assertThat(store.conversations().byId(room.conversationId())).isEmpty();
        assertThat(store.conversations().eventsAfter(room.conversationId(), 0, 10)).isEmpty();
        assertThat(store.conversations().participant(room.conversationId(), els.principalId())).isEmpty();
        assertThat(store.rooms().byOrganisation(org.id())).containsExactly(other);
        assertThat(store.rooms().delete(room.id())).isFalse();
        assertThat(store.conversations().delete(room.conversationId())).isFalse();
    }

    private Account professional(Organisation org, String username) {
        return store.accounts().create(org.id(), username, username, "h", Set.of(Role.PROFESSIONAL));
    }

    // ------------------------------------------------------------------ calls (video consults)

    private Calls.Call newCall(Organisation org, Conversation conversation, String host) {
        Calls.Member member = new Calls.Member(host, "p-" + host, ParticipantRole.PROFESSIONAL, "Anna",
                CallParticipantState.CALL_ADMITTED, false, true, true, "node-1", "conn-1", clock.instant());
        return new Calls.Call(UUID.randomUUID().toString(), org.id(), conversation.id(), CallMode.CALL_DIRECT,
                CallState.CALL_STATE_RINGING, host, 6, clock.instant(), clock.instant().plusSeconds(30), null, null,
                null, List.of(member), 0);
    }

    @Test
    void aConversationHasAtMostOneActiveCallAndUpdatesAreOptimistic() {
        Organisation org = newOrganisation();
        Conversation conversation = newConversation(org);
        Calls.Call call = store.calls().create(newCall(org, conversation, pro1));
        assertThat(call.version()).isEqualTo(1);
        assertThat(store.calls().active(conversation.id())).contains(call);
        assertThat(store.calls().byId(call.id()).orElseThrow().members()).singleElement()
                .satisfies(m -> assertThat(m.connectionId()).isEqualTo("conn-1"));
        assertThatThrownBy(() -> store.calls().create(newCall(org, conversation, pro2)))
                .isInstanceOf(ConflictException.class);
        assertThat(store.calls().activeWith(pro1)).extracting(Calls.Call::id).containsExactly(call.id());

        Calls.Member client = new Calls.Member("client-" + UUID.randomUUID(), "p-client", ParticipantRole.CLIENT,
                "Sam", CallParticipantState.CALL_INVITED, false, false, false, null, null, null);
        Calls.Call withClient = new Calls.Call(call.id(), call.organisationId(), call.conversationId(), call.mode(),
                CallState.CALL_STATE_ACTIVE, call.hostPrincipalId(), 6, call.startedAt(), null, null, null, null,
                List.of(call.members().get(0), client), call.version());
        Calls.Call second = store.calls().update(withClient);
        assertThat(second.version()).isEqualTo(2);
        assertThat(store.calls().byId(call.id()).orElseThrow().members()).extracting(Calls.Member::participantId)
                .containsExactly("p-" + pro1, "p-client");
        assertThatThrownBy(() -> store.calls().update(withClient)).as("stale version")
                .isInstanceOf(ConflictException.class);

        Calls.Call ended = new Calls.Call(call.id(), call.organisationId(), call.conversationId(), call.mode(),
                CallState.CALL_STATE_ENDED, call.hostPrincipalId(), 6, call.startedAt(), null, clock.instant(),
                CallEndReason.CALL_END_BY_HOST, null, second.members(), second.version());
        store.calls().update(ended);
        assertThat(store.calls().active(conversation.id())).isEmpty();
        assertThat(store.calls().latest(conversation.id()).orElseThrow().endReason())
                .isEqualTo(CallEndReason.CALL_END_BY_HOST);
        assertThat(store.calls().allActive()).extracting(Calls.Call::id).doesNotContain(call.id());
        Calls.Call next = store.calls().create(newCall(org, conversation, pro2));
        assertThat(store.calls().latest(conversation.id())).contains(next);
    }

    @Test
    void aConsultLinkIsUsedExactlyOnceEvenWhenManyTryAtOnce() throws Exception {
        Organisation org = newOrganisation();
        Account anna = store.accounts().create(org.id(), uniqueSlug("anna"), "Anna", "h", Set.of(Role.PROFESSIONAL));
        Conversation conversation = store.conversations().create(org.id(), ConversationKind.VIDEO_CONSULT,
                new Conversations.Owner("consult", "c"), clock.instant());
        Instant starts = clock.instant().plusSeconds(600);
        String code = "code-" + UUID.randomUUID();
        Calls.Consult consult = store.calls().createConsult(new Calls.Consult(null, org.id(), anna.id(),
                conversation.id(), starts, 30, "label", code, starts.plusSeconds(1800), null, null, null, null,
                clock.instant()));
        assertThat(store.calls().consultByCode(code)).contains(consult);
        assertThat(store.calls().consultsOf(anna.id())).containsExactly(consult);
        assertThat(Calls.linkRefusal(consult, clock.instant())).isNull();

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Calls.Redeemed>> tries = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String client = "client-" + i;
                tries.add(pool.submit(() -> store.calls().useLink(code, client, clock.instant())));
            }
            int used = 0;
            for (Future<Calls.Redeemed> t : tries) {
                Calls.Redeemed r = t.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                if (r.used()) {
                    used++;
                } else {
                    assertThat(r.refusal()).isEqualTo(Calls.LinkRefusal.USED);
                }
            }
            assertThat(used).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        Calls.Consult after = store.calls().consult(consult.id()).orElseThrow();
        assertThat(store.calls().consultOfClient(after.clientPrincipalId())).contains(after);
        assertThat(store.calls().useLink("no-such-code", "x", clock.instant()).refusal())
                .isEqualTo(Calls.LinkRefusal.UNKNOWN_CODE);
        assertThat(store.calls().revokeLink(consult.id(), clock.instant())).isTrue();
        assertThat(store.calls().revokeLink("no-such-consult", clock.instant())).isFalse();
        store.calls().consultEnded(consult.id(), clock.instant());
        assertThat(Calls.linkRefusal(store.calls().consult(consult.id()).orElseThrow(), clock.instant()))
                .isEqualTo(Calls.LinkRefusal.CONSULT_ENDED);
    }

    @Test
    void endedCallsAndConsultsThatAreOverAreFoundForRetention() {
        Organisation org = newOrganisation();
        Conversation conversation = newConversation(org);
        Calls.Call call = store.calls().create(newCall(org, conversation, pro1));
        Calls.Call ended = new Calls.Call(call.id(), call.organisationId(), call.conversationId(), call.mode(),
                CallState.CALL_STATE_ENDED, call.hostPrincipalId(), 6, call.startedAt(), null, clock.instant(),
                CallEndReason.CALL_END_BY_HOST, null, call.members(), call.version());
        store.calls().update(ended);
        assertThat(store.calls().purgeEndedCalls(clock.instant())).as("ended at the cutoff: kept").isZero();
        Calls.Call active = store.calls().create(newCall(org, newConversation(org), pro2));
        assertThat(store.calls().purgeEndedCalls(clock.instant().plusSeconds(1))).isEqualTo(1);
        assertThat(store.calls().byId(call.id())).isEmpty();
        assertThat(store.calls().byId(active.id())).as("an active call is never purged").isPresent();

        Account anna = store.accounts().create(org.id(), uniqueSlug("anna"), "Anna", "h", Set.of(Role.PROFESSIONAL));
        Instant starts = clock.instant();
        Calls.Consult held = consult(org, anna, starts, starts.plusSeconds(3600));
        store.calls().consultEnded(held.id(), starts.plusSeconds(1800));
        Calls.Consult neverHeld = consult(org, anna, starts, starts.plusSeconds(7200));
        Calls.Consult later = consult(org, anna, starts.plusSeconds(86_400), starts.plusSeconds(90_000));

        // (the store is shared by the class's tests: only this organisation's consults count)
        java.util.function.Predicate<Calls.Consult> ours = c -> c.organisationId().equals(org.id());
        assertThat(store.calls().consultsOverBefore(starts.plusSeconds(1800))).filteredOn(ours).isEmpty();
        assertThat(store.calls().consultsOverBefore(starts.plusSeconds(1801))).filteredOn(ours)
                .extracting(Calls.Consult::id).containsExactly(held.id());
        assertThat(store.calls().consultsOverBefore(starts.plusSeconds(7201))).filteredOn(ours)
                .extracting(Calls.Consult::id).containsExactlyInAnyOrder(held.id(), neverHeld.id());
        store.calls().deleteConsult(held.id());
        assertThat(store.calls().consult(held.id())).isEmpty();
        assertThat(store.calls().consult(later.id())).isPresent();
    }

    private Calls.Consult consult(Organisation org, Account professional, Instant starts, Instant linkExpires) {
        Conversation conversation = store.conversations().create(org.id(), ConversationKind.VIDEO_CONSULT,
                new Conversations.Owner("consult", UUID.randomUUID().toString()), clock.instant());
        return store.calls().createConsult(new Calls.Consult(null, org.id(), professional.id(), conversation.id(),
                starts, 30, "label", "code-" + UUID.randomUUID(), linkExpires, null, null, null, null,
                clock.instant()));
    }

    // ------------------------------------------------------------------ room people (knocks, talks, concerns, meetings)

    @Test
    void ofConcurrentApprovalsOfKnocksExactlyOneAdmitsAndTheRoomIsNeverOverfilled() throws Exception {
        Organisation org = newOrganisation();
        Account anna = professional(org, "anna");
        Rooms.Room room = newRoom(org, 3, anna.id());
        RoomPeople people = store.roomPeople();
        assertThat(people.setKnockLink(room.id(), "k-" + UUID.randomUUID(), clock.instant()).roomId())
                .isEqualTo(room.id());
        List<RoomPeople.Knock> knocks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            knocks.add(people.addKnock(room.id(), "knocker-" + UUID.randomUUID(), "Lid " + i, clock.instant()));
        }
        assertThat(people.pendingKnockCount(room.id())).isEqualTo(5);
        List<RoomPeople.Admitted> sameKnock = concurrently(6, t -> () -> people.approveKnock(knocks.get(0).id(),
                "Anna", clock.instant()));
        assertThat(sameKnock).filteredOn(a -> a.member() != null).hasSize(1);
        assertThat(sameKnock).filteredOn(a -> a.refusal() == RoomPeople.AdmitRefusal.NOT_PENDING).hasSize(5);
        List<RoomPeople.Admitted> rest = concurrently(4, t -> () -> people.approveKnock(knocks.get(t + 1).id(),
                "Anna", clock.instant()));
        assertThat(rest).filteredOn(a -> a.member() != null).hasSize(2);
        assertThat(rest).filteredOn(a -> a.refusal() == RoomPeople.AdmitRefusal.ROOM_FULL).hasSize(2);
        assertThat(store.rooms().memberCount(room.id())).isEqualTo(3);
        assertThat(store.rooms().memberByPrincipal(knocks.get(0).principalId()).orElseThrow().inviteId()).isNull();
        assertThat(people.refuseKnock(knocks.get(0).id(), "Anna", clock.instant())).isFalse();
        people.deleteRoom(room.id());
        assertThat(people.knock(knocks.get(0).id())).isEmpty();
        assertThat(people.knockLink(room.id())).isEmpty();
    }

    @Test
    void ofConcurrentClaimsOfAPrivateTalkExactlyOneWins() throws Exception {
        Organisation org = newOrganisation();
        Account anna = professional(org, "anna");
        Rooms.Room room = newRoom(org, 10, anna.id());
        RoomPeople people = store.roomPeople();
        RoomPeople.Talk talk = people.addTalk(new RoomPeople.Talk(null, room.id(), "member-1", "part-1", "Els",
                PrivateTalkState.TALK_REQUESTED, true, clock.instant(), null, "", null, null, null));
        assertThat(people.liveTalkOf(room.id(), "member-1")).contains(talk);
        List<Boolean> claims = concurrently(8, t -> () -> people.claimTalk(talk.id(), "pro-" + t, "Pro " + t,
                clock.instant()));
        assertThat(claims).filteredOn(Boolean::booleanValue).hasSize(1);
        RoomPeople.Talk open = people.talk(talk.id()).orElseThrow();
        assertThat(open.state()).isEqualTo(PrivateTalkState.TALK_OPEN);
        assertThat(open.moderatorId()).isEqualTo("pro-" + claims.indexOf(true));
        assertThat(people.endTalk(talk.id(), clock.instant())).isTrue();
        assertThat(people.endTalk(talk.id(), clock.instant())).isFalse();
        assertThat(people.talks(room.id(), false)).isEmpty();
        assertThat(people.talks(room.id(), true)).hasSize(1);
    }

    @Test
    void meetingsKeepTheirAnswersAndConcernsTheirSteps() {
        Organisation org = newOrganisation();
        Account anna = professional(org, "anna");
        Rooms.Room room = newRoom(org, 10, anna.id());
        RoomPeople people = store.roomPeople();
        Instant start = clock.instant().plus(Duration.ofDays(1));
        RoomPeople.Meeting meeting = people.saveMeeting(new RoomPeople.Meeting(null, room.id(), start, 60, false,
                "Buurthuis", "Koffie", anna.id()));
        people.answerMeeting(meeting.id(), "m-1", MeetingAnswer.MEETING_COMING, clock.instant());
        people.answerMeeting(meeting.id(), "m-2", MeetingAnswer.MEETING_COMING, clock.instant());
        people.answerMeeting(meeting.id(), "m-2", MeetingAnswer.MEETING_NOT_COMING, clock.instant());
        assertThat(people.answers(meeting.id())).isEqualTo(new RoomPeople.Answers(1, 1));
        assertThat(people.answerOf(meeting.id(), "m-2")).isEqualTo(MeetingAnswer.MEETING_NOT_COMING);
        assertThat(people.upcomingMeetings(room.id(), start.plus(Duration.ofMinutes(59)))).containsExactly(meeting);
        assertThat(people.upcomingMeetings(room.id(), start.plus(Duration.ofMinutes(60)))).isEmpty();
        assertThat(meeting.attended()).isNull();
        assertThat(people.recordAttendance(meeting.id(), 0).orElseThrow().attended()).isZero();
        assertThat(people.recordAttendance(meeting.id(), 12).orElseThrow().attended()).isEqualTo(12);
        assertThat(people.recordAttendance("no-such-meeting", 3)).isEmpty();
        RoomPeople.Meeting moved = people.saveMeeting(new RoomPeople.Meeting(meeting.id(), room.id(), start, 90, false,
                "Buurthuis", "Koffie", anna.id()));
        assertThat(moved.attended()).isEqualTo(12);
        assertThat(people.meeting(meeting.id()).orElseThrow()).isEqualTo(moved);
        Concern concern = people.addConcern(Concern.newBuilder().setRoomId(room.id()).setParticipantId("part-1")
                .setNote("Zorg").addSteps(MeldcodeEntry.newBuilder().setStep(MeldcodeStep.MELDCODE_SIGNALS)
                        .setWhatWasDone("vastgelegd")).build(), clock.instant());
        assertThat(people.concerns(room.id(), "part-1")).containsExactly(concern);
        assertThat(people.concerns(room.id(), "part-2")).isEmpty();
        assertThat(people.updateConcern(concern.toBuilder().setNote("Meer zorg").build())).isTrue();
        assertThat(people.concern(concern.getId()).orElseThrow().getNote()).isEqualTo("Meer zorg");
        people.deleteRoom(room.id());
        assertThat(people.meeting(meeting.id())).isEmpty();
        assertThat(people.concern(concern.getId())).isEmpty();
    }

    @Test
    void retentionDeletesDecidedKnocksEndedTalksAndConcernsForGoodAndKeepsTheRest() {
        Organisation org = newOrganisation();
        Account anna = professional(org, "anna");
        Rooms.Room room = newRoom(org, 10, anna.id());
        RoomPeople people = store.roomPeople();
        Instant t = clock.instant();
        // knocks: the acceptance of the house rules is kept with the knock
        RoomPeople.Knock refused = people.addKnock(room.id(), "knocker-" + UUID.randomUUID(), "Fien", t, t);
        assertThat(refused.rulesAcceptedAt()).isEqualTo(t);
        assertThat(people.knock(refused.id()).orElseThrow().rulesAcceptedAt()).isEqualTo(t);
        RoomPeople.Knock approved = people.addKnock(room.id(), "knocker-" + UUID.randomUUID(), "Els", t);
        assertThat(approved.rulesAcceptedAt()).isNull();
        RoomPeople.Knock pending = people.addKnock(room.id(), "knocker-" + UUID.randomUUID(), "Gijs", t);
        assertThat(people.refuseKnock(refused.id(), "Anna", t.plusSeconds(60))).isTrue();
        assertThat(people.approveKnock(approved.id(), "Anna", t.plusSeconds(120)).member()).isNotNull();
        // (the store is shared by the class's tests: only this room's rows count)
        java.util.function.Predicate<RoomPeople.Knock> ourKnock = k -> k.roomId().equals(room.id());
        assertThat(people.purgeDecidedKnocks(t.plusSeconds(60))).filteredOn(ourKnock)
                .as("decided at the cutoff: kept").isEmpty();
        assertThat(people.purgeDecidedKnocks(t.plusSeconds(61))).filteredOn(ourKnock)
                .extracting(RoomPeople.Knock::id).containsExactly(refused.id());
        assertThat(people.purgeDecidedKnocks(t.plus(Duration.ofDays(400)))).filteredOn(ourKnock)
                .extracting(RoomPeople.Knock::id).containsExactly(approved.id());
        assertThat(people.knock(refused.id())).isEmpty();
        assertThat(people.knockByPrincipal(approved.principalId())).isEmpty();
        assertThat(people.knock(pending.id())).as("a pending knock is never purged").isPresent();
        assertThat(store.rooms().memberByPrincipal(approved.principalId())).as("the member stays").isPresent();

        // private talks: only ended ones, by when they ended
        RoomPeople.Talk ended = people.addTalk(new RoomPeople.Talk(null, room.id(), "member-1", "part-1", "Els",
                PrivateTalkState.TALK_OPEN, false, t, anna.id(), "Anna", t, "conv-" + UUID.randomUUID(), null));
        RoomPeople.Talk open = people.addTalk(new RoomPeople.Talk(null, room.id(), "member-2", "part-2", "Fien",
                PrivateTalkState.TALK_OPEN, false, t, anna.id(), "Anna", t, "conv-" + UUID.randomUUID(), null));
        assertThat(people.endTalk(ended.id(), t.plusSeconds(10))).isTrue();
        java.util.function.Predicate<RoomPeople.Talk> ourTalk = x -> x.roomId().equals(room.id());
        assertThat(people.talksEndedBefore(t.plusSeconds(10))).filteredOn(ourTalk).isEmpty();
        assertThat(people.talksEndedBefore(t.plusSeconds(11))).filteredOn(ourTalk)
                .extracting(RoomPeople.Talk::id).containsExactly(ended.id());
        assertThat(people.deleteTalk(ended.id())).isTrue();
        assertThat(people.deleteTalk(ended.id())).isFalse();
        assertThat(people.talk(ended.id())).isEmpty();
        assertThat(people.talk(open.id())).isPresent();
        assertThat(people.talksEndedBefore(t.plus(Duration.ofDays(400)))).filteredOn(ourTalk).isEmpty();

        // concerns: found by when they were recorded, deleted one by one
        Concern early = people.addConcern(Concern.newBuilder().setRoomId(room.id()).setParticipantId("part-1")
                .setNote("Zorg").build(), t);
        Concern later = people.addConcern(Concern.newBuilder().setRoomId(room.id()).setParticipantId("part-2")
                .setNote("Later").build(), t.plusSeconds(30));
        java.util.function.Predicate<Concern> ourConcern = c -> c.getRoomId().equals(room.id());
        assertThat(people.concernsRecordedBefore(t)).filteredOn(ourConcern).isEmpty();
        assertThat(people.concernsRecordedBefore(t.plusSeconds(30))).filteredOn(ourConcern).containsExactly(early);
        assertThat(people.deleteConcern(early.getId())).isTrue();
        assertThat(people.deleteConcern(early.getId())).isFalse();
        assertThat(people.concern(early.getId())).isEmpty();
        assertThat(people.concerns(room.id(), null)).containsExactly(later);
    }

    @Test
    void aMemberIsLastSeenAtTheLatestInstantRecordedTakesBreaksAndBothAreForgottenWithTheRoom() {
        Organisation org = newOrganisation();
        Account anna = professional(org, "anna");
        Rooms.Room room = newRoom(org, 10, anna.id());
        RoomPeople people = store.roomPeople();
        Instant t = clock.instant();
        people.seen(room.id(), "m-1", t);
        people.seen(room.id(), "m-1", t.plusSeconds(60));
        people.seen(room.id(), "m-1", t.plusSeconds(30));
        people.seen(room.id(), "m-2", t);
        assertThat(people.lastSeen(room.id())).containsEntry("m-1", t.plusSeconds(60)).containsEntry("m-2", t)
                .hasSize(2);
        people.setBreak(room.id(), "m-1", t.plusSeconds(3600));
        people.setBreak(room.id(), "m-1", t.plusSeconds(7200));
        people.setBreak(room.id(), "m-2", t.plusSeconds(60));
        people.setBreak(room.id(), "m-2", null);
        assertThat(people.breakUntil("m-1")).contains(t.plusSeconds(7200));
        assertThat(people.breakUntil("m-2")).isEmpty();
        assertThat(people.breaks(room.id())).containsOnlyKeys("m-1");
        people.deleteRoom(room.id());
        assertThat(people.lastSeen(room.id())).isEmpty();
        assertThat(people.breaks(room.id())).isEmpty();
    }

    private Rooms.Room newRoom(Organisation org, int memberLimit, String... moderators) {
        Conversation conversation = store.conversations().create(org.id(), ConversationKind.GROUP_ROOM,
                new Conversations.Owner("room", "pending"), clock.instant());
        return store.rooms().create(new Rooms.Room(null, org.id(), conversation.id(), "Mantelzorgers Noord",
                "Voor wie zorgt", List.of(moderators), memberLimit, HistoryVisibility.FULL_HISTORY, 0,
                RoomState.ROOM_OPEN, clock.instant()));
    }

    private Rooms.Invite invite(Rooms.Room room, boolean singleUse, int maxUses, Instant expiresAt) {
        return store.rooms().createInvite(new Rooms.Invite(null, room.id(), UUID.randomUUID().toString(), singleUse,
                maxUses, 0, expiresAt, null, "poster", room.moderatorIds().get(0), clock.instant()));
    }

    private static Rooms.Room withState(Rooms.Room r, RoomState state) {
        return new Rooms.Room(r.id(), r.organisationId(), r.conversationId(), r.name(), r.description(),
                r.moderatorIds(), r.memberLimit(), r.historyVisibility(), r.retentionDays(), state, r.createdAt());
    }

    // ------------------------------------------------------------------ helpers

    private Organisation newOrganisation() {
        return store.organisations().create(uniqueSlug("org"), "Organisatie");
    }

    private Conversation newConversation(Organisation org) {
        return store.conversations().create(org.id(), ConversationKind.OFFICE_HOUR_CHAT, null, clock.instant());
    }

    private OfficeHour newOfficeHour(Organisation org) {
        return store.officeHours().save(officeHourDraft(org, uniqueSlug("oh")));
    }

    private static OfficeHour officeHourDraft(Organisation org, String slug) {
        return OfficeHour.newBuilder()
                .setOrganisationId(org.id())
                .setSlug(slug)
                .setName("Spreekuur " + slug)
                .setTimeZone("Europe/Amsterdam")
                .addSlots(WeeklySlot.newBuilder().setDay(Weekday.MONDAY).setStart("09:00").setEnd("12:00"))
                .setMaxChatsPerProfessional(3)
                .setRetentionDays(30)
                .build();
    }

    private Entry enqueue(OfficeHour oh, String client, Instant at) {
        Conversation conversation = store.conversations().create(oh.getOrganisationId(),
                ConversationKind.OFFICE_HOUR_CHAT, new Conversations.Owner("office-hour", oh.getId()), at);
        return store.queue().create(oh.getId(), oh.getOrganisationId(), conversation.id(), client, "nick", "", at);
    }

    // ------------------------------------------------------------------ second factor, audit pages, erasure

    @Test
    void aSecondFactorIsConfirmedOnceAndEachStepIsAcceptedOnceAlsoUnderRaces() throws Exception {
        Organisation org = store.organisations().create(uniqueSlug("totp"), "TOTP");
        Account account = store.accounts().create(org.id(), "tess", "Tess", "h", Set.of(Role.PROFESSIONAL));
        Instant t = clock.instant();
        store.secondFactors().startEnrolment(account.id(), "sealed-1", t);
        store.secondFactors().startEnrolment(account.id(), "sealed-2", t);
        assertThat(store.secondFactors().byAccount(account.id()).orElseThrow().enabled()).isFalse();
        assertThat(store.secondFactors().confirmEnrolment(account.id(), "sealed-1", 5, t, List.of("a", "b")))
                .as("replaced by a newer start").isFalse();
        assertThat(store.secondFactors().confirmEnrolment(account.id(), "sealed-2", 5, t, List.of("a", "b"))).isTrue();
        SecondFactors.Factor factor = store.secondFactors().byAccount(account.id()).orElseThrow();
        assertThat(factor.secretSealed()).isEqualTo("sealed-2");
        assertThat(factor.pendingSealed()).isNull();
        assertThat(factor.lastStep()).isEqualTo(5);
        assertThat(store.secondFactors().enabledAccounts(org.id())).containsExactly(account.id());

        assertThat(store.secondFactors().acceptStep(account.id(), 5)).isFalse();
        List<Boolean> accepted = concurrently(8, n -> () -> store.secondFactors().acceptStep(account.id(), 6));
        assertThat(accepted).containsOnlyOnce(true);
        assertThat(store.secondFactors().acceptStep(account.id(), 6)).isFalse();

        assertThat(store.secondFactors().recoveryCodesLeft(account.id())).isEqualTo(2);
        assertThat(store.secondFactors().useRecoveryCode(account.id(), "a")).isTrue();
        assertThat(store.secondFactors().useRecoveryCode(account.id(), "a")).isFalse();
        assertThat(store.secondFactors().recoveryCodesLeft(account.id())).isEqualTo(1);

        assertThat(store.secondFactors().requiredRoles(org.id())).isEmpty();
        store.secondFactors().setRequiredRoles(org.id(), Set.of(Role.ORG_ADMIN, Role.PROFESSIONAL));
        store.secondFactors().setRequiredRoles(org.id(), Set.of(Role.PROFESSIONAL));
        assertThat(store.secondFactors().requiredRoles(org.id())).containsExactly(Role.PROFESSIONAL);

        store.secondFactors().remove(account.id());
        assertThat(store.secondFactors().byAccount(account.id())).isEmpty();
        assertThat(store.secondFactors().recoveryCodesLeft(account.id())).isZero();
    }

    @Test
    void auditPagesAreFilteredNewestFirstAndKeepTheSession() {
        Organisation org = store.organisations().create(uniqueSlug("audit-page"), "Audit");
        Instant t0 = clock.instant();
        for (String action : List.of("login", "login.failed", "login_x", "conversation.read", "login")) {
            store.audit().record(new AuditLog.Entry(t0, org.id(), "actor-1", "STAFF", action, "account", "acc-1",
                    "client-9", null, "session-1"));
        }
        List<AuditLog.Stored> logins = store.audit().page(new AuditLog.Query(org.id(), t0, t0.plusSeconds(1), null,
                "login", null, null, 10));
        assertThat(logins).extracting(s -> s.entry().action()).containsExactly("login", "login.failed", "login");
        assertThat(logins.get(0).id()).isGreaterThan(logins.get(1).id());
        assertThat(logins.get(0).entry().actorSession()).isEqualTo("session-1");
        List<AuditLog.Stored> older = store.audit().page(new AuditLog.Query(org.id(), t0, t0.plusSeconds(1), "actor-1",
                null, "client-9", logins.get(0).id(), 2));
        assertThat(older).hasSize(2).allMatch(s -> s.id() < logins.get(0).id());
        assertThat(store.audit().page(new AuditLog.Query(org.id(), t0, t0.plusSeconds(1), null, "login%", null,
                null, 10))).as("wildcards are literal").isEmpty();
    }

    @Test
    void erasingAnOfficeHourChatsLinksAndPseudonymisingAnAccountLeaveNothingNamed() {
        Organisation org = store.organisations().create(uniqueSlug("erase"), "Erase");
        Account account = store.accounts().create(org.id(), "weg", "Wim Weg", "h", Set.of(Role.PROFESSIONAL));
        store.secondFactors().startEnrolment(account.id(), "s", clock.instant());
        assertThat(store.erasure().pseudonymiseAccount(account.id())).isTrue();
        Account pseudonym = store.accounts().byId(account.id()).orElseThrow();
        assertThat(pseudonym.username()).isEqualTo("deleted-" + account.id());
        assertThat(pseudonym.displayName()).isEmpty();
        assertThat(pseudonym.roles()).isEmpty();
        assertThat(pseudonym.disabled()).isTrue();
        assertThat(store.secondFactors().byAccount(account.id())).isEmpty();
        assertThat(store.accounts().byUsername(org.id(), "weg")).isEmpty();
        assertThat(store.erasure().pseudonymiseAccount("no-such-account")).isFalse();

        String conversation = "conv-" + UUID.randomUUID();
        store.internalNotes().add(new InternalNotes.Note(conversation, pro1, "Anna", "notitie", clock.instant()));
        store.erasure().officeHourChatLinks(conversation);
        assertThat(store.internalNotes().of(conversation)).isEmpty();
    }

    private Session staffSession(Account account, Instant created, Instant expires) {
        return store.sessions().create(uniqueHash(), Sessions.Kind.STAFF, account.id(), account.organisationId(),
                created, expires);
    }

    private AuditLog.Entry audit(Organisation org, Instant at, String action) {
        AuditLog.Entry entry = new AuditLog.Entry(at, org.id(), "actor-1", "PROFESSIONAL", action, "conversation",
                "conv-1", "client-1", null);
        store.audit().record(entry);
        return entry;
    }

    /** A new organisation with one office-hour chat in {@code other} (a store of its own, not {@link #store}). */
    private String newChatIn(Store other, String slugPrefix) {
        Organisation org = other.organisations().create(uniqueSlug(slugPrefix), slugPrefix);
        return other.conversations().create(org.id(), ConversationKind.OFFICE_HOUR_CHAT, null, clock.instant()).id();
    }

    private static ConversationEvent text(String senderId, String clientMsgId, String text) {
        return ConversationEvent.newBuilder()
                .setSenderId(senderId)
                .setSenderRole(senderId.isEmpty() ? ParticipantRole.PARTICIPANT_ROLE_UNSPECIFIED
                        : ParticipantRole.CLIENT)
                .setSenderName(senderId)
                .setClientMsgId(clientMsgId)
                .setText(TextMessage.newBuilder().setText(text))
                .build();
    }

    private static ConversationEvent endedEvent(EndReason reason) {
        return ConversationEvent.newBuilder().setEnded(ConversationEnded.newBuilder().setReason(reason)).build();
    }

    private static List<Long> seqs(List<ConversationEvent> events) {
        return events.stream().map(ConversationEvent::getSeq).toList();
    }

    private static List<String> ids(List<Entry> entries) {
        return entries.stream().map(Entry::id).toList();
    }

    private static String uniqueSlug(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 13);
    }

    private static String uniqueHash() {
        return UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
    }

    /** Runs one task per thread, all released at once, and returns their results in thread order. */
    private static <T> List<T> concurrently(int threads, IntFunction<Callable<T>> task) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<T> work = task.apply(t);
                futures.add(executor.submit(() -> {
                    start.await();
                    return work.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            }
            return results;
        } finally {
            executor.shutdownNow();
        }
    }

}
