package nl.spreekuur.server.durability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.EndChat;
import nl.spreekuur.protocol.v1.JoinQueue;
import nl.spreekuur.protocol.v1.QuickExit;
import nl.spreekuur.server.DemoSetup;
import nl.spreekuur.server.testsupport.ServerProcess;
import nl.spreekuur.server.testsupport.TestWsClient;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 from outside: the real server on its embedded store, with the production wiring of the compaction (the
 * periodic jobs purge a quick-exited chat, then compact). In every round a client uses quick exit without consent
 * (purged at once: {@code officehours.no-consent-grace-minutes=0}) while another client pipelines messages into its
 * chat, and the server is killed with SIGKILL at a step of the compaction that follows (the export being written,
 * the export complete, the new file being loaded). After the restart: every acknowledged message of the chat that
 * goes on is stored exactly once at its seq ({@link Ledger}; {@code UNAVAILABLE} answers during the pause are sent
 * again, as a client does), and none of the quick-exited chats has its message back.
 */
class CompactionKillRestartTest {
    private static final int MESSAGES = 200;
    /** Stored in a consented chat first, so that a compaction takes long enough for the kills to land in it. */
    private static final int FILLER = 3000;
    private static final Duration GONE_TIMEOUT = Duration.ofSeconds(10);
    private static final List<String> SETTINGS = List.of("--bind", "127.0.0.1", "--port", "0",
            "--set", "rate.burst=1000000", "--set", "rate.messages-per-second=1000000",
            "--set", "outbox.max-messages=1000000", "--set", "outbox.max-bytes=1073741824",
            "--set", "shutdown.grace-seconds=1", "--set", "officehours.no-consent-grace-minutes=0",
            "--set", "jobs.interval-seconds=0.2");

    /** A step of the compaction, as the data dir shows it. */
    private record KillPoint(String description, WatchEvent.Kind<Path> kind, String name) {
    }

    private static final List<KillPoint> POINTS = List.of(
            new KillPoint("while the export is written", StandardWatchEventKinds.ENTRY_CREATE,
                    "spreekuur.rebuild.aes.part"),
            new KillPoint("once the export is complete", StandardWatchEventKinds.ENTRY_CREATE,
                    "spreekuur.rebuild.aes"),
            new KillPoint("while the new file is loaded", StandardWatchEventKinds.ENTRY_CREATE, "spreekuur.mv.db"));

    @TempDir
    Path dir;

    @Test
    void aServerKilledDuringTheCompactionAfterAQuickExitLosesNothingAndBringsNothingBack() throws Exception {
        Findings findings = new Findings();
        DemoChat chat = openChat();
        Ledger ledger = new Ledger(chat.conversationId(), findings, true);
        List<String> quickExited = new ArrayList<>();
        List<String> report = new ArrayList<>();
        for (int round = 1; round <= POINTS.size() + 1; round++) {
            String when = round == 1 ? "after the graceful restart" : "after the kill " + POINTS.get(round - 2)
                    .description();
            try (ServerProcess server = start(round, List.of());
                 WsPeer client = WsPeer.connect(server.wsUri(), TestWsClient.PROTO, chat.clientToken());
                 WsPeer pro = WsPeer.connect(server.wsUri(), TestWsClient.JSON, chat.proToken())) {
                if (round > 1) {
                    String log = Files.readString(dir.resolve("server-" + round + ".log"));
                    report.add("start " + round + ": " + (log.contains("finishing an interrupted rebuild")
                            ? "finished the rebuild from its export" : log.contains("not closed cleanly")
                            ? "rebuilt from the database file" : "no rebuild"));
                }
                ledger.resend(client);
                ledger.check(new Observer(chat.conversationId(), findings).audit(pro, when), when);
                for (String gone : quickExited) {
                    assertThat(new Observer(gone, findings).audit(pro, when))
                            .as("the quick-exited chat %s %s", gone, when)
                            .noneMatch(e -> e.hasText() && e.getText().getText().startsWith("Weg "));
                }
                if (round > POINTS.size()) {
                    server.stop();
                    break;
                }
                KillPoint point = POINTS.get(round - 1);
                Path data = dir.resolve("data");
                try (WatchService watch = FileSystems.getDefault().newWatchService()) {
                    data.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE);
                    quickExited.add(quickExit(server, pro, round));
                    ledger.pipeline(client, round, MESSAGES, 1);
                    awaitEvent(watch, point);
                }
                int acknowledged = ledger.acknowledged();
                server.kill();
                client.awaitGone(GONE_TIMEOUT);
                pro.awaitGone(GONE_TIMEOUT);
                ledger.collect(client.unclaimed());
                String killedLog = Files.readString(dir.resolve("server-" + round + ".log"));
                report.add(point.description() + ": " + acknowledged + " acknowledged at the kill, compaction "
                        + (killedLog.contains("store compacted") ? "had finished" : "unfinished"));
            }
        }
        String summary = findings.report(ledger.acknowledged()) + "; " + report + "; UNAVAILABLE answers "
                + ledger.unavailable();
        System.out.println(getClass().getSimpleName() + ": " + summary);
        assertThat(findings.problems()).as(summary).isEmpty();
    }

    /**
     * A new client joins without consent, is picked up, sends a message and leaves with quick exit; the jobs purge the
     * chat at once and start a compaction. Returns the chat's conversation.
     */
    private static String quickExit(ServerProcess server, WsPeer pro, int round) throws Exception {
        try (WsPeer gone = WsPeer.connect(server.wsUri(), TestWsClient.PROTO, server.anonymous(DemoSetup.ORGANISATION))) {
            String conversation = DemoChat.joinAndClaim(gone, pro, JoinQueue.newBuilder().setNickname("Weg" + round)
                    .setFirstQuestion("Weg vraag " + round));
            gone.sendText(conversation, "w" + round, "Weg bericht " + round);
            gone.callForAck(ClientMessage.newBuilder().setQuickExit(QuickExit.getDefaultInstance()));
            return conversation;
        }
    }

    private static void awaitEvent(WatchService watch, KillPoint point) throws InterruptedException {
        while (true) {
            WatchKey key = watch.poll(30, TimeUnit.SECONDS);
            assertThat(key).as("the data dir showed %s within 30 s", point.description()).isNotNull();
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == point.kind() && event.context() instanceof Path name
                        && name.toString().equals(point.name())) {
                    return;
                }
            }
            key.reset();
        }
    }

    /** As in {@link KillRestartTest}: --demo, the chat, the filler chat, a graceful stop. */
    private DemoChat openChat() throws Exception {
        try (ServerProcess server = start(0, List.of("--demo"))) {
            DemoChat chat = DemoChat.open(server, pro -> fill(server, pro));
            server.stop();
            return chat;
        }
    }

    /** A chat with consent (kept), {@link #FILLER} messages, ended by the professional. */
    private static void fill(ServerProcess server, WsPeer pro) throws Exception {
        try (WsPeer client = WsPeer.connect(server.wsUri(), TestWsClient.PROTO,
                server.anonymous(DemoSetup.ORGANISATION))) {
            String conversation = DemoChat.joinAndClaim(client, pro, JoinQueue.newBuilder().setNickname("Vul")
                    .setTranscriptConsent(true));
            Findings unchecked = new Findings();
            new Ledger(conversation, unchecked).pipeline(client, 0, FILLER, FILLER);
            assertThat(unchecked.problems()).as("the filler chat").isEmpty();
            pro.call(ClientMessage.newBuilder().setEndChat(EndChat.newBuilder().setConversationId(conversation)));
        }
    }

    private ServerProcess start(int number, List<String> extra) {
        List<String> arguments = new ArrayList<>(SETTINGS);
        arguments.addAll(List.of("--data-dir", dir.resolve("data").toString()));
        arguments.addAll(extra);
        return ServerProcess.start(dir.resolve("server-" + number + ".log"), arguments);
    }
}
