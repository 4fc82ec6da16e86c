package nl.spreekuur.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import nl.spreekuur.protocol.v1.ConversationEnded;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ConversationKind;
import nl.spreekuur.protocol.v1.EndReason;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.QueueState;
import nl.spreekuur.protocol.v1.TextMessage;
import nl.spreekuur.protocol.v1.WeeklySlot;
import nl.spreekuur.protocol.v1.Weekday;
import nl.spreekuur.server.store.Conversations;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.store.Queue;
import nl.spreekuur.server.store.StoreBusyException;
import nl.spreekuur.server.store.StoreKey;
import nl.spreekuur.server.store.StoreSettings;
import nl.spreekuur.server.testsupport.TestClock;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, "compaction after purges so deleted rows do not linger": the content of a chat purged by retention (a
 * quick exit without consent: its messages, the client's nickname and first question) is in no file of the data
 * directory after the compaction, read with the store key, while the store keeps running; and work that arrives
 * during the pause waits and is stored exactly once.
 *
 * <p>Markers are long random strings ({@link DataDirScan#markers}) so that H2's page compression cannot hide them;
 * the scan before the compaction proves it finds them.
 */
class StoreCompactionTest {
    private static final List<String> MARKERS = DataDirScan.markers(6);
    private static final String PURGED_TEXT = MARKERS.get(0);
    private static final String PURGED_NICKNAME = MARKERS.get(1);
    private static final String PURGED_QUESTION = MARKERS.get(2);
    private static final String KEPT_TEXT = MARKERS.get(3);
    private static final String KEPT_NICKNAME = MARKERS.get(4);
    private static final String KEPT_QUESTION = MARKERS.get(5);

    @TempDir
    Path root;

    private final TestClock clock = new TestClock();

    private Path dataDir() {
        return root.resolve("data");
    }

    private StoreSettings settings() {
        return StoreSettings.embedded(dataDir()).encryptedWith(StoreKey.loadOrCreate(root.resolve("data.key"),
                dataDir()));
    }

    @Test
    void purgedChatContentIsInNoFileAfterTheCompactionWhileTheStoreRuns() {
        StoreSettings settings = settings();
        DataDirScan scan = new DataDirScan(dataDir(), settings);
        Chat kept;
        try (JdbcStore store = JdbcStore.open(settings, clock)) {
            Organisation org = store.organisations().create("compact", "Welzijn");
            OfficeHour officeHour = store.officeHours().save(officeHour(org));
            Chat purged = chat(store, officeHour, "client-gone", PURGED_NICKNAME, PURGED_QUESTION, PURGED_TEXT);
            kept = chat(store, officeHour, "client-stays", KEPT_NICKNAME, KEPT_QUESTION, KEPT_TEXT);
            // quick exit without consent: purged 10 minutes after the end, the queue entry an hour after it
            Instant ended = clock.instant();
            store.conversations().end(purged.conversationId(), ConversationEvent.newBuilder().setEnded(
                            ConversationEnded.newBuilder().setReason(EndReason.QUICK_EXIT)).build(),
                    EndReason.QUICK_EXIT, ended, ended.plus(Duration.ofMinutes(10)));
            store.queue().transition(purged.entryId(), List.of(QueueState.IN_CHAT), QueueState.FINISHED, ended);
            clock.advance(Duration.ofHours(2));
            assertThat(store.conversations().purgeDue(clock.instant())).containsExactly(purged.conversationId());
            assertThat(store.queue().deleteEndedBefore(clock.instant().minus(Duration.ofHours(1)))).isEqualTo(1);

            for (String marker : List.of(PURGED_TEXT, PURGED_NICKNAME, PURGED_QUESTION)) {
                assertThat(scan.filesContaining(marker)).as("before the compaction, deleted %s is still on disk"
                        + " (freed pages, journal)", marker).isNotEmpty();
            }

            assertThat(store.compact()).isTrue();

            for (String marker : List.of(PURGED_TEXT, PURGED_NICKNAME, PURGED_QUESTION)) {
                assertThat(scan.filesContaining(marker)).as("purged %s after the compaction", marker).isEmpty();
            }
            for (String marker : List.of(KEPT_TEXT, KEPT_NICKNAME, KEPT_QUESTION)) {
                assertThat(scan.filesContaining(marker)).as("kept %s after the compaction", marker)
                        .contains("spreekuur.mv.db");
            }
            assertThat(Files.exists(Path.of(JdbcStore.h2FileBase(settings) + ".rebuild.aes"))).isFalse();

            // the running store goes on where it was
            store.conversations().append(kept.conversationId(), text("client-stays", KEPT_NICKNAME, "m2", "na"),
                    clock.instant());
            assertThat(store.conversations().eventsAfter(kept.conversationId(), 0, 10))
                    .extracting(e -> e.getText().getText()).containsExactly(KEPT_TEXT, "na");
            assertThat(store.queue().byId(kept.entryId())).get().extracting(Queue.Entry::firstQuestion)
                    .isEqualTo(KEPT_QUESTION);
            assertThat(store.queue().byId(purged.entryId())).isEmpty();
            assertThat(store.generation()).isZero();
        }
        try (JdbcStore reopened = JdbcStore.open(settings, clock)) {
            assertThat(reopened.generation()).as("closed cleanly after the compaction").isZero();
            assertThat(reopened.conversations().eventsAfter(kept.conversationId(), 0, 10)).hasSize(2);
        }
    }

    @Test
    void writesDuringTheCompactionWaitAndAreStoredExactlyOnce() throws Exception {
        StoreSettings settings = settings();
        int writers = 4;
        try (JdbcStore store = JdbcStore.open(settings, clock)) {
            Organisation org = store.organisations().create("busy", "Welzijn");
            List<String> conversations = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String id = store.conversations().create(org.id(), ConversationKind.OFFICE_HOUR_CHAT, null,
                        clock.instant()).id();
                store.conversations().join(id, "client-" + w, ParticipantRole.CLIENT, "Sam", clock.instant());
                conversations.add(id);
            }
            // the rebuild starts only once an event batch (the appender thread) and a transaction (an organisation
            // created by the fifth writer) wait at the closed gate
            store.afterCompactionPause(() -> {
                Awaitility.await().atMost(Duration.ofSeconds(8)).until(() -> store.waitingForCompaction() >= 2);
                // /readyz: the paused store is busy, not down
                assertThat(CompletableFuture.supplyAsync(store::isHealthy).join()).isTrue();
            });
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong slowest = new AtomicLong();
            AtomicInteger busyAnswers = new AtomicInteger();
            Map<String, List<String>> acknowledged = new ConcurrentHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String conversation = conversations.get(w);
                String sender = "client-" + w;
                running.add(pool.submit(() -> {
                    List<String> acks = new ArrayList<>();
                    acknowledged.put(conversation, acks);
                    for (int n = 1; !stop.get() || n <= 20; n++) {
                        String id = "m" + n;
                        ConversationEvent draft = text(sender, "Sam", id, "tekst " + n);
                        retried(busyAnswers, slowest, () -> store.conversations().append(conversation, draft,
                                Instant.now()));
                        acks.add(id);
                    }
                    return null;
                }));
            }
            List<String> organisations = new ArrayList<>();
            running.add(pool.submit(() -> {
                for (int n = 1; !stop.get() || n <= 20; n++) {
                    String slug = "org-" + n;
                    retried(busyAnswers, slowest, () -> store.organisations().create(slug, "Welzijn " + slug));
                    organisations.add(slug);
                }
                return null;
            }));
            assertThat(store.compact()).isTrue();
            stop.set(true);
            for (Future<?> writer : running) {
                writer.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();

            for (String slug : organisations) {
                assertThat(store.organisations().bySlug(slug)).as(slug).isPresent();
            }
            assertThat(Duration.ofNanos(slowest.get())).as("the longest wait of one write")
                    .isLessThan(Duration.ofSeconds(15));
            for (String conversation : conversations) {
                List<ConversationEvent> stored = store.conversations().eventsAfter(conversation, 0, 10_000);
                List<String> ids = stored.stream().map(ConversationEvent::getClientMsgId).toList();
                assertThat(ids).as("every acknowledged message once, nothing else").containsExactlyElementsOf(
                        acknowledged.get(conversation));
                assertThat(stored).extracting(ConversationEvent::getSeq).containsExactlyElementsOf(
                        java.util.stream.LongStream.rangeClosed(1, stored.size()).boxed().toList());
            }
        }
    }

    @Test
    void aCompactionThatFailsBeforeItsExportIsCompleteLeavesTheStoreAsItWas() throws Exception {
        StoreSettings settings = settings();
        try (JdbcStore store = JdbcStore.open(settings, clock)) {
            Organisation org = store.organisations().create("vol", "Welzijn");
            String conversation = store.conversations().create(org.id(), ConversationKind.OFFICE_HOUR_CHAT, null,
                    clock.instant()).id();
            store.conversations().append(conversation, text("client", "Sam", "m1", "voor"), clock.instant());
            // the export cannot be written (as on a full disk): its partial file's name is taken by a directory
            Path blocked = Path.of(JdbcStore.h2FileBase(settings) + ".rebuild.aes.part");
            Files.createDirectories(blocked.resolve("in-the-way"));

            assertThat(store.compact()).isFalse();

            assertThat(store.isHealthy()).isTrue();
            store.conversations().append(conversation, text("client", "Sam", "m2", "na"), clock.instant());
            assertThat(store.conversations().eventsAfter(conversation, 0, 10)).extracting(e -> e.getText().getText())
                    .containsExactly("voor", "na");
            Files.delete(blocked.resolve("in-the-way"));
            assertThat(store.compact()).as("the next one works").isTrue();
            assertThat(store.conversations().eventsAfter(conversation, 0, 10)).hasSize(2);
        }
    }

    /** Runs the write until it is acknowledged; a busy answer (UNAVAILABLE) is retried with the same ids. */
    private static void retried(AtomicInteger busyAnswers, AtomicLong slowest, Runnable write) {
        while (true) {
            long start = System.nanoTime();
            try {
                write.run();
                return;
            } catch (StoreBusyException busy) {
                busyAnswers.incrementAndGet();
            } finally {
                slowest.accumulateAndGet(System.nanoTime() - start, Math::max);
            }
        }
    }

    private record Chat(String conversationId, String entryId) {
    }

    private Chat chat(JdbcStore store, OfficeHour officeHour, String client, String nickname, String question,
                      String text) {
        Instant now = clock.instant();
        Conversations.Conversation conversation = store.conversations().create(officeHour.getOrganisationId(),
                ConversationKind.OFFICE_HOUR_CHAT, new Conversations.Owner("office-hour", officeHour.getId()), now);
        Queue.Entry entry = store.queue().create(officeHour.getId(), officeHour.getOrganisationId(),
                conversation.id(), client, nickname, question, now);
        store.queue().transition(entry.id(), List.of(QueueState.WAITING), QueueState.IN_CHAT, now);
        store.conversations().join(conversation.id(), client, ParticipantRole.CLIENT, nickname, now);
        store.conversations().append(conversation.id(), text(client, nickname, "m1", text), now);
        return new Chat(conversation.id(), entry.id());
    }

    private static ConversationEvent text(String sender, String name, String clientMsgId, String text) {
        return ConversationEvent.newBuilder().setSenderId(sender).setSenderRole(ParticipantRole.CLIENT)
                .setSenderName(name).setClientMsgId(clientMsgId).setText(TextMessage.newBuilder().setText(text))
                .build();
    }

    private static OfficeHour officeHour(Organisation org) {
        return OfficeHour.newBuilder().setOrganisationId(org.id()).setSlug("inloop").setName("Inloop")
                .setTimeZone("Europe/Amsterdam")
                .addSlots(WeeklySlot.newBuilder().setDay(Weekday.MONDAY).setStart("09:00").setEnd("12:00"))
                .setMaxChatsPerProfessional(3).setRetentionDays(30).build();
    }
}
