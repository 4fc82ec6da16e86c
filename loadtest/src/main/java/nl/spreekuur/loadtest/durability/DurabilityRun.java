package nl.spreekuur.loadtest.durability;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import nl.spreekuur.loadtest.client.Connection;
import nl.spreekuur.loadtest.client.Connector;
import nl.spreekuur.loadtest.client.Encoding;
import nl.spreekuur.loadtest.client.ProtocolException;
import nl.spreekuur.protocol.v1.ClaimClient;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.EndChat;
import nl.spreekuur.protocol.v1.JoinQueue;
import nl.spreekuur.protocol.v1.JoinQueueResult;
import nl.spreekuur.protocol.v1.ServerMessage;

/**
 * The durability run ({@code durability}): a server process with {@code --demo}, an anonymous client in a 1:1 chat
 * with the demo professional (then a graceful restart, so the setup is stored), and then {@code kills} times: the
 * client pipelines {@code messages} messages, the server gets SIGKILL once {@code killAfter} are acknowledged, it
 * starts again on the same store, the client sends the unacknowledged ones again (same client_msg_id), the
 * professional's app resumes with its last seq and epoch, and the stored history is checked against both (see
 * {@link Sender#check} and {@link Reader#audit}). Issue 8: "acknowledged means on disk".
 */
public final class DurabilityRun {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String ORGANISATION = "demo";
    private static final String PROFESSIONAL = "demo-pro";
    private static final String OFFICE_HOUR = "inloop";
    /** Limits out of the way: hundreds of pipelined messages, and the whole chat replayed every round. */
    private static final List<String> SETTINGS = List.of("--bind", "127.0.0.1", "--port", "0",
            "--set", "rate.burst=1000000", "--set", "rate.messages-per-second=1000000",
            "--set", "outbox.max-messages=1000000", "--set", "outbox.max-bytes=1073741824",
            "--set", "shutdown.grace-seconds=1", "--set", "limits.connections-per-address=1000000",
            "--set", "anonymous.address-burst=100000", "--set", "officehours.join-address-burst=100000",
            "--set", "login.address-burst=100000", "--set", "anonymous.pow-bits=0");

    /**
     * @param launcher       how to start the server, e.g. {@code java -jar spreekuur-server.jar}
     * @param storeArguments its store, the same at every start ({@code --data-dir …} or {@code --store-url …})
     * @param workDir        where the server logs go
     * @param progress       one line per kill (null: quiet)
     */
    public record Settings(int kills, int messages, int killAfter, List<String> launcher,
                           List<String> storeArguments, Encoding encoding, Path workDir, PrintStream progress) {
    }

    private record Chat(String clientToken, String proToken, String conversationId) {
    }

    private final Settings settings;
    private final Tally tally = new Tally();
    private int starts;

    private DurabilityRun(Settings settings) {
        this.settings = settings;
    }

    /** Runs it; a setup that fails throws {@link ProtocolException}, what the kills break is in the tally. */
    public static Tally run(Settings settings) throws InterruptedException {
        DurabilityRun run = new DurabilityRun(settings);
        Chat chat = run.openChat();
        run.killRounds(chat);
        return run.tally;
    }

    private void killRounds(Chat chat) throws InterruptedException {
        Sender sender = new Sender(chat.conversationId(), tally);
        Reader reader = new Reader(chat.conversationId(), tally);
        for (int round = 1; round <= settings.kills() + 1; round++) {
            String when = round == 1 ? "after the graceful restart" : "after kill " + (round - 1);
            try (ServerUnderKill server = start(List.of());
                 Connector connector = new Connector(List.of(server.url()), List.of(), settings.encoding())) {
                Connection client = await(connector.open(0, chat.clientToken()));
                Connection pro = await(connector.connect(1));
                reader.listen(pro);
                await(pro.hello(chat.proToken()));
                int resent = sender.resend(client);
                boolean recovered = reader.resume(pro, when);
                sender.check(reader.audit(pro, when), when);
                tally.acknowledged(sender.acknowledged());
                if (round > 1) {
                    progress(when + ": resent " + resent + ", resumed recovered=" + recovered + "; " + tally.summary());
                }
                if (round <= settings.kills()) {
                    sender.pipeline(client, round, settings.messages(), settings.killAfter());
                    server.kill();
                    tally.killed();
                    await(client.closed());
                    await(pro.closed());
                    sender.settle();
                    reader.absorb("kill " + round);
                } else {
                    await(pro.request(ClientMessage.newBuilder().setEndChat(EndChat.newBuilder()
                            .setConversationId(chat.conversationId()))));
                    server.stop();
                }
            } catch (ProtocolException e) {
                tally.problem(when + ": " + e.code() + ": " + e.getMessage());
                return;
            }
        }
        tally.acknowledged(sender.acknowledged());
    }

    /** The first start with --demo: tokens, the client queued and claimed; then a graceful stop. */
    private Chat openChat() throws InterruptedException {
        try (ServerUnderKill server = start(List.of("--demo"));
             Connector connector = new Connector(List.of(server.url()), List.of(), settings.encoding())) {
            String proToken = connector.login(0, ORGANISATION, PROFESSIONAL, server.demoPassword(log(starts)));
            String clientToken = connector.anonymousToken(0, ORGANISATION);
            Connection client = await(connector.open(0, clientToken));
            Connection pro = await(connector.open(1, proToken));
            JoinQueueResult joined = await(client.request(ClientMessage.newBuilder().setJoinQueue(JoinQueue
                    .newBuilder().setOfficeHourId(OFFICE_HOUR).setNickname("Sam").setUseConsentDefault(true))))
                    .getJoinQueueResult();
            if (!joined.getAdmitted()) {
                throw new ProtocolException("NOT_ADMITTED", "the client was not admitted to " + OFFICE_HOUR);
            }
            ServerMessage claimed = await(pro.request(ClientMessage.newBuilder().setClaimClient(ClaimClient
                    .newBuilder().setOfficeHourId(joined.getStatus().getOfficeHourId())
                    .setQueueEntryId(joined.getStatus().getQueueEntryId()))));
            if (!claimed.hasChatAssigned()) {
                throw new ProtocolException("NOT_CLAIMED", "ClaimClient answered " + claimed.getBodyCase()
                        + (claimed.hasError() ? " " + claimed.getError().getCode() : ""));
            }
            client.close();
            pro.close();
            server.stop();
            return new Chat(clientToken, proToken, claimed.getChatAssigned().getConversationId());
        }
    }

    private ServerUnderKill start(List<String> extra) {
        List<String> arguments = new ArrayList<>(SETTINGS);
        arguments.addAll(settings.storeArguments());
        arguments.addAll(extra);
        starts++;
        return ServerUnderKill.start(settings.launcher(), arguments, log(starts));
    }

    private Path log(int start) {
        return settings.workDir().resolve("server-" + start + ".log");
    }

    private void progress(String line) {
        if (settings.progress() != null) {
            settings.progress().println(line);
        }
    }

    private static <T> T await(CompletableFuture<T> future) throws InterruptedException {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new ProtocolException(ProtocolException.codeOf(e), "no answer within " + TIMEOUT);
        }
    }
}
