package nl.spreekuur.server.store.jdbc;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ConversationKind;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.TextMessage;
import nl.spreekuur.server.store.StoreBusyException;
import nl.spreekuur.server.store.StoreKey;
import nl.spreekuur.server.store.StoreSettings;

/**
 * A child process for {@link StoreCompactionKillTest}: the real store on an encrypted data dir, a writer that opens
 * conversations, appends messages and deletes every second conversation, and a compaction after every few
 * conversations, until it is killed. Prints what was acknowledged, only after the store call returned:
 * {@code READY}, {@code ACK <conversation> <client_msg_id> <seq>}, {@code DELETING <conversation>} (before the call),
 * {@code DELETED <conversation>}, {@code COMPACTED}.
 */
public final class CompactingWriter {
    private static final PrintStream OUT = System.out;

    private CompactingWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        StoreSettings settings = StoreSettings.embedded(dataDir).encryptedWith(
                StoreKey.loadOrCreate(Path.of(args[1]), dataDir));
        JdbcStore store = JdbcStore.open(settings, Clock.systemUTC());
        String org = store.organisations().create("kill-" + System.nanoTime(), "Welzijn").id();
        BlockingQueue<Boolean> compactNow = new LinkedBlockingQueue<>();
        Thread compactions = new Thread(() -> {
            try {
                while (true) {
                    compactNow.take();
                    if (store.compact()) {
                        print("COMPACTED");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "compactions");
        compactions.setDaemon(true);
        compactions.start();
        print("READY");
        for (int c = 1; ; c++) {
            String conversation = store.conversations().create(org, ConversationKind.OFFICE_HOUR_CHAT, null,
                    Clock.systemUTC().instant()).id();
            store.conversations().join(conversation, "client", ParticipantRole.CLIENT, "Sam",
                    Clock.systemUTC().instant());
            for (int m = 1; m <= 5; m++) {
                String id = "m" + m;
                ConversationEvent draft = ConversationEvent.newBuilder().setSenderId("client")
                        .setSenderRole(ParticipantRole.CLIENT).setSenderName("Sam").setClientMsgId(id)
                        .setText(TextMessage.newBuilder().setText("bericht " + m + " van gesprek " + c)).build();
                long seq = appendAcknowledged(store, conversation, draft);
                print("ACK " + conversation + " " + id + " " + seq);
            }
            if (c % 2 == 0) {
                print("DELETING " + conversation);
                store.conversations().delete(conversation);
                print("DELETED " + conversation);
            }
            if (c % 5 == 0) {
                compactNow.add(Boolean.TRUE);
            }
        }
    }

    /** Retries a busy answer with the same client_msg_id, as a client does. */
    private static long appendAcknowledged(JdbcStore store, String conversation, ConversationEvent draft) {
        while (true) {
            try {
                return store.conversations().append(conversation, draft, Clock.systemUTC().instant()).event().getSeq();
            } catch (StoreBusyException busy) {
                // UNAVAILABLE during a compaction: again with the same id
            }
        }
    }

    private static void print(String line) {
        synchronized (OUT) {
            OUT.println(line);
            OUT.flush();
        }
    }
}
