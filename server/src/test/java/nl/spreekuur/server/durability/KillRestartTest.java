package nl.spreekuur.server.durability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.server.testsupport.ServerProcess;
import nl.spreekuur.server.testsupport.TestWsClient;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, "acknowledged means on disk", tried from outside: the real server as a process of its own, a client
 * that pipelines messages into a 1:1 office-hour chat, SIGKILL once about half of them are acknowledged, a restart
 * on the same store, and then what docs/protocol.md promises a client:
 * <ul>
 *   <li>the tokens still work (HelloOk, not 1008);</li>
 *   <li>every acknowledged message is stored exactly once, at the seq of its acknowledgement, with its text
 *       ({@link Ledger}); sending the unacknowledged ones again with the same client_msg_id stores none twice;</li>
 *   <li>the professional's app, resuming with the last seq it processed and its epoch, either gets every later
 *       event exactly once in order ({@code recovered: true}, and its copy of the past is the server's), or is
 *       told {@code recovered: false} and finds everything in the reloaded history ({@link Observer}).</li>
 * </ul>
 * The unacknowledged messages are sent again before the professional resumes: the order in which a server that
 * lost acknowledged messages would hand out their seqs to other messages, and a resume that says "recovered" over
 * them would show the app a past that is no longer stored.
 *
 * <p>The setup (--demo, tokens, queue, claim) ends with a graceful restart, so the kills test messages only.
 * Numbers: {@code -Dspreekuur.durability.kills} (default 3) kills of {@code -Dspreekuur.durability.messages}
 * (default 400) pipelined messages each. Everything found is collected and reported at the end in one message.
 */
abstract class KillRestartTest {
    static final int KILLS = Integer.getInteger("spreekuur.durability.kills", 3);
    static final int MESSAGES = Integer.getInteger("spreekuur.durability.messages", 400);
    private static final Duration GONE_TIMEOUT = Duration.ofSeconds(10);
    /** Limits out of the way: the test pipelines hundreds of messages and replays the whole chat every round. */
    private static final List<String> TEST_SETTINGS = List.of("--bind", "127.0.0.1", "--port", "0",
            "--set", "rate.burst=1000000", "--set", "rate.messages-per-second=1000000",
            "--set", "outbox.max-messages=1000000", "--set", "outbox.max-bytes=1073741824",
            "--set", "shutdown.grace-seconds=1");

    @TempDir
    Path dir;

    /** How the server finds its store; the same at every start. */
    protected abstract List<String> storeArguments();

    @Test
    void everyAcknowledgedMessageSurvivesSigkill() throws Exception {
        Findings findings = new Findings();
        DemoChat chat = openChat();
        Ledger ledger = new Ledger(chat.conversationId(), findings);
        Observer observer = new Observer(chat.conversationId(), findings);
        String atKill = "";
        for (int round = 1; round <= KILLS + 1; round++) {
            String when = round == 1 ? "after the graceful restart" : "after kill " + (round - 1);
            try (ServerProcess server = start(round, List.of());
                 WsPeer client = WsPeer.connect(server.wsUri(), TestWsClient.PROTO, chat.clientToken());
                 WsPeer pro = WsPeer.connect(server.wsUri(), TestWsClient.JSON, chat.proToken())) {
                int resent = ledger.resend(client);
                String resumed = observer.resume(pro, when);
                List<ConversationEvent> history = observer.audit(pro, when);
                ledger.check(history, when);
                if (round > 1) {
                    findings.kill("kill " + (round - 1) + ": " + atKill + "; restarted: resent " + resent + ", "
                            + resumed + "; acknowledged messages lost so far " + findings.lostCount());
                }
                if (round <= KILLS) {
                    ledger.pipeline(client, round, MESSAGES, MESSAGES / 2);
                    int acknowledged = ledger.acknowledged();
                    server.kill();
                    client.awaitGone(GONE_TIMEOUT);
                    pro.awaitGone(GONE_TIMEOUT);
                    ledger.collect(client.unclaimed());
                    observer.absorb(pro.unclaimed(), "kill " + round);
                    atKill = "SIGKILL with " + acknowledged + " of " + ledger.sent() + " acknowledged ("
                            + (ledger.acknowledged() - acknowledged) + " more arrived before the socket dropped),"
                            + " the professional's app at seq " + observer.lastSeq();
                } else {
                    server.stop();
                }
            }
        }
        String report = findings.report(ledger.acknowledged());
        System.out.println(getClass().getSimpleName() + ": " + report); // the run's figures, also when it passes
        assertThat(findings.problems()).as(report).isEmpty();
    }

    /**
     * The first start with {@code --demo} (organisation, professional on duty, the always-open office hour), the
     * tokens over HTTP, the client in the queue and claimed; then a graceful stop, so all of it is stored.
     */
    private DemoChat openChat() throws Exception {
        try (ServerProcess server = start(0, List.of("--demo"))) {
            DemoChat chat = DemoChat.open(server, pro -> { });
            server.stop();
            return chat;
        }
    }

    private ServerProcess start(int number, List<String> extra) {
        List<String> arguments = new ArrayList<>(TEST_SETTINGS);
        arguments.addAll(storeArguments());
        arguments.addAll(extra);
        return ServerProcess.start(dir.resolve("server-" + number + ".log"), arguments);
    }
}
