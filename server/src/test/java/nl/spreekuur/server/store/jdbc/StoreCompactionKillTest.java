package nl.spreekuur.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.server.store.StoreKey;
import nl.spreekuur.server.store.StoreSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compaction killed with SIGKILL at each of its steps loses nothing acknowledged and brings nothing deleted back:
 * {@link CompactingWriter} (the real store in a process of its own) writes, deletes and compacts; the test kills it
 * the moment the data dir shows a step (the export being written, the export complete, the old file deleted, the new
 * file being loaded, the export deleted) or some messages after a finished compaction, then opens the store as the
 * next start would and checks every acknowledged message is there exactly once, at its acknowledged seq, and every
 * acknowledged deletion stayed deleted. The rounds share one data dir, so each start also finishes the previous one.
 * {@code -Dspreekuur.compaction.kill-rounds} (default 6: each kill point once).
 */
class StoreCompactionKillTest {
    private static final int ROUNDS = Integer.getInteger("spreekuur.compaction.kill-rounds", 6);

    /** Where to kill: a file event in the data dir, or (null name) the second COMPACTED line. */
    private record KillPoint(String description, WatchEvent.Kind<Path> kind, String suffix) {
    }

    private static final List<KillPoint> POINTS = List.of(
            new KillPoint("while the export is written", StandardWatchEventKinds.ENTRY_CREATE, ".rebuild.aes.part"),
            new KillPoint("once the export is complete", StandardWatchEventKinds.ENTRY_CREATE, ".rebuild.aes"),
            new KillPoint("once the old file is deleted", StandardWatchEventKinds.ENTRY_DELETE, ".mv.db"),
            new KillPoint("while the new file is loaded", StandardWatchEventKinds.ENTRY_CREATE, ".mv.db"),
            new KillPoint("once the export is deleted", StandardWatchEventKinds.ENTRY_DELETE, ".rebuild.aes"),
            new KillPoint("after a finished compaction", null, null));

    @TempDir
    Path root;

    private final Map<String, Map<String, Long>> acknowledged = new ConcurrentHashMap<>();
    private final Set<String> deleting = ConcurrentHashMap.newKeySet();
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();

    @Test
    void aKilledCompactionLosesNoAcknowledgedMessageAndBringsNoDeletionBack() throws Exception {
        Path dataDir = root.resolve("data");
        Path keyFile = root.resolve("data.key");
        StoreSettings settings = StoreSettings.embedded(dataDir).encryptedWith(StoreKey.loadOrCreate(keyFile, dataDir));
        JdbcStore.open(settings, Clock.systemUTC()).close();
        List<String> report = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            KillPoint point = POINTS.get(round % POINTS.size());
            report.add(point.description() + ": " + runAndKill(dataDir, keyFile, point, round));
            check(settings, point.description());
        }
        System.out.println("StoreCompactionKillTest: " + report);
    }

    /** Starts the writer, kills it at {@code point}; returns what it had done by then. */
    private String runAndKill(Path dataDir, Path keyFile, KillPoint point, int round) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CompactingWriter.class.getName(), dataDir.toString(),
                keyFile.toString())
                .redirectError(root.resolve("writer-" + round + ".log").toFile())
                .start();
        int[] compactions = new int[1];
        Object compacted = new Object();
        Thread reader = new Thread(() -> read(child, compactions, compacted), "writer-output");
        reader.start();
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            dataDir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE);
            if (point.kind() == null) {
                synchronized (compacted) {
                    while (compactions[0] < 2 && child.isAlive()) {
                        compacted.wait(1000);
                    }
                }
            } else {
                awaitEvent(watch, point, child);
            }
        } finally {
            child.destroyForcibly(); // SIGKILL
            child.waitFor(30, TimeUnit.SECONDS);
            reader.join(30_000);
        }
        int messages = acknowledged.values().stream().mapToInt(Map::size).sum();
        return compactions[0] + " compaction(s) in this run, " + messages + " messages acknowledged and "
                + deleted.size() + " conversations deleted so far";
    }

    private static void awaitEvent(WatchService watch, KillPoint point, Process child) throws InterruptedException {
        while (child.isAlive()) {
            WatchKey key = watch.poll(30, TimeUnit.SECONDS);
            assertThat(key).as("the data dir showed %s within 30 s", point.description()).isNotNull();
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == point.kind() && event.context() instanceof Path name
                        && name.toString().equals("spreekuur" + point.suffix())) {
                    return;
                }
            }
            key.reset();
        }
        throw new AssertionError("the writer died before " + point.description() + "; see its log");
    }

    private void read(Process child, int[] compactions, Object compacted) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                String[] parts = line.split(" ");
                switch (parts[0]) {
                    case "ACK" -> acknowledged.computeIfAbsent(parts[1], c -> new ConcurrentHashMap<>())
                            .put(parts[2], Long.parseLong(parts[3]));
                    case "DELETING" -> deleting.add(parts[1]);
                    case "DELETED" -> deleted.add(parts[1]);
                    case "COMPACTED" -> {
                        synchronized (compacted) {
                            compactions[0]++;
                            compacted.notifyAll();
                        }
                    }
                    default -> {
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens the store as the next start does and checks the ledger. */
    private void check(StoreSettings settings, String when) throws IOException {
        try (JdbcStore store = JdbcStore.open(settings, Clock.systemUTC())) {
            for (String conversation : deleted) {
                assertThat(store.conversations().byId(conversation)).as("deleted %s, killed %s", conversation, when)
                        .isEmpty();
                assertThat(store.conversations().eventsAfter(conversation, 0, 100))
                        .as("events of deleted %s, killed %s", conversation, when).isEmpty();
            }
            for (Map.Entry<String, Map<String, Long>> entry : acknowledged.entrySet()) {
                if (deleting.contains(entry.getKey())) {
                    continue; // deleted, or about to be when the kill came: either is right
                }
                List<ConversationEvent> stored = store.conversations().eventsAfter(entry.getKey(), 0, 100);
                for (Map.Entry<String, Long> ack : entry.getValue().entrySet()) {
                    assertThat(stored.stream().filter(e -> e.getClientMsgId().equals(ack.getKey())))
                            .as("acknowledged %s in %s, killed %s", ack.getKey(), entry.getKey(), when)
                            .extracting(ConversationEvent::getSeq).containsExactly(ack.getValue());
                }
            }
        }
        try (Stream<Path> files = Files.list(settings.isH2File() ? JdbcStore.h2FileBase(settings).getParent() : root)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no export left after a start, killed %s", when)
                    .noneMatch(name -> name.contains(".rebuild."));
        }
    }
}
