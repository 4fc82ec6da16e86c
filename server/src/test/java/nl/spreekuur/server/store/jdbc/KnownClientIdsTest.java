package nl.spreekuur.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The embedded store's idempotency filter never says "not stored" for a stored pair, also after conversations were
 * dropped for its bound and read again; pure logic over a map standing in for the database.
 */
class KnownClientIdsTest {
    /** What "the database" holds: conversation -> sender + NUL + client_msg_id. */
    private final Map<String, List<String[]>> stored = new HashMap<>();
    private final List<String> loads = new ArrayList<>();

    private final KnownClientIds.Loader loader = (c, conversationId, sink) -> {
        loads.add(conversationId);
        for (String[] pair : stored.getOrDefault(conversationId, List.of())) {
            sink.accept(pair[0], pair[1]);
        }
    };

    private void store(KnownClientIds known, String conversation, String sender, String id) {
        known.added(conversation, sender, id);
        stored.computeIfAbsent(conversation, k -> new ArrayList<>()).add(new String[] {sender, id});
    }

    @Test
    void answersFromWhatIsStoredAndWhatIsAddedAfterwards() throws SQLException {
        KnownClientIds known = new KnownClientIds(loader, 1_000);
        store(known, "c1", "p1", "m1");

        assertThat(known.mayHave(null, "c1", "p1", "m1")).as("read from the database").isTrue();
        assertThat(known.mayHave(null, "c1", "p1", "m2")).isFalse();
        assertThat(known.mayHave(null, "c1", "p2", "m1")).as("per sender").isFalse();
        assertThat(known.mayHave(null, "c2", "p1", "m1")).as("per conversation").isFalse();
        store(known, "c1", "p1", "m2");
        assertThat(known.mayHave(null, "c1", "p1", "m2")).as("added while loaded").isTrue();
        assertThat(loads).as("each conversation read once").containsExactly("c1", "c2");
    }

    @Test
    void theSeparatorKeepsSenderAndIdApart() {
        assertThat(KnownClientIds.hash("ab", "c")).isNotEqualTo(KnownClientIds.hash("a", "bc"));
        assertThat(KnownClientIds.hash("", "abc")).isNotEqualTo(KnownClientIds.hash("abc", ""));
    }

    @Test
    void staysWithinItsBoundAndNeverForgetsAStoredPair() throws SQLException {
        KnownClientIds known = new KnownClientIds(loader, 2_000);
        Random random = new Random(7);
        Set<String> all = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            String conversation = "c" + random.nextInt(40);
            String id = "m" + i;
            // the appender asks before it stores, as it does for every message with a client_msg_id
            assertThat(known.mayHave(null, conversation, "p1", id)).isFalse();
            store(known, conversation, "p1", id);
            all.add(conversation + "/" + id);
            // beyond the bound by at most the conversation just asked about
            assertThat(known.slots()).isLessThanOrEqualTo(2_000 + 1_024 + 4);
        }
        for (String entry : all) {
            String[] parts = entry.split("/");
            assertThat(known.mayHave(null, parts[0], "p1", parts[1])).as(entry).isTrue();
        }
        assertThat(loads.size()).as("conversations were dropped and read again").isGreaterThan(40);
    }

    @Test
    void manyConversationsWithoutAStoredIdAreBoundedToo() throws SQLException {
        KnownClientIds known = new KnownClientIds(loader, 2_000);
        for (int i = 0; i < 10_000; i++) {
            assertThat(known.mayHave(null, "ended-" + i, "p1", "m1")).isFalse();
        }
        assertThat(known.slots()).isLessThanOrEqualTo(2_000);
    }

    @Test
    void theSetGrowsAndKeepsZero() {
        KnownClientIds.LongSet set = new KnownClientIds.LongSet();
        for (long v = -1_000; v <= 1_000; v++) {
            assertThat(set.add(v * 0x9E3779B97F4A7C15L)).isTrue();
        }
        assertThat(set.add(0)).isFalse();
        assertThat(set.size()).isEqualTo(2_001);
        for (long v = -1_000; v <= 1_000; v++) {
            assertThat(set.contains(v * 0x9E3779B97F4A7C15L)).isTrue();
        }
        assertThat(set.contains(12345)).isFalse();
    }
}
