package nl.spreekuur.server.officehours;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.testsupport.RecordingSession;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Many professionals pressing "next client" at the same moment, each from their own thread, as their connections'
 * executors would: every client is picked up exactly once, nobody is skipped, and nobody exceeds the maximum.
 */
class ClaimConcurrencyTest {
    private static final int PROFESSIONALS = 50;
    /** The highest maximum an office hour may configure; together they can hold every client. */
    private static final int MAX_CHATS = OfficeHourValidator.MAX_MAX_CHATS_PER_PROFESSIONAL;
    private static final int CLIENTS = PROFESSIONALS * MAX_CHATS;

    @AutoClose
    private final OfficeHourWorld world = new OfficeHourWorld();

    @Test
    void racingProfessionalsClaimEveryClientExactlyOnce() throws Exception {
        List<RecordingSession> pros = new ArrayList<>();
        for (int i = 0; i < PROFESSIONALS; i++) {
            pros.add(world.professional("Pro" + i));
        }
        OfficeHour oh = world.servedBy(OfficeHourWorld.mondayDraft("druk").setMaxChatsPerProfessional(MAX_CHATS),
                pros.toArray(RecordingSession[]::new));
        Set<String> queued = new HashSet<>();
        for (int i = 0; i < CLIENTS; i++) {
            world.fx.clock().advance(Duration.ofMillis(10));
            queued.add(world.join(world.client(), oh, "Client" + i, "").getQueueEntryId());
        }
        assertThat(queued).hasSize(CLIENTS);

        List<List<String>> claimedPerPro = concurrently(pros.stream().map(pro -> claimUntilRefused(pro, oh))
                .toList());

        List<String> all = claimedPerPro.stream().flatMap(List::stream).toList();
        assertThat(all).hasSize(CLIENTS).doesNotHaveDuplicates();
        assertThat(new HashSet<>(all)).isEqualTo(queued);
        assertThat(world.fx.store().queue().waiting(oh.getId())).isEmpty();
        assertThat(claimedPerPro).allSatisfy(claimed -> assertThat(claimed).hasSize(MAX_CHATS));
        for (RecordingSession pro : pros) {
            assertThat(world.fx.store().queue().chatsHeldBy(pro.principal().id())).isEqualTo(MAX_CHATS);
        }
    }

    /** Claims the next client until the answer is an error; a full queue or the maximum are the only ones allowed. */
    private Callable<List<String>> claimUntilRefused(RecordingSession pro, OfficeHour oh) {
        return () -> {
            List<String> claimed = new ArrayList<>();
            while (true) {
                ServerMessage answer = world.fx.call(pro, Requests.claimNext(oh.getId()));
                if (answer.hasError()) {
                    assertThat(answer.getError().getCode()).isIn(ErrorCode.LIMIT_REACHED, ErrorCode.NOT_FOUND);
                    return claimed;
                }
                claimed.add(answer.getChatAssigned().getQueueEntryId());
            }
        };
    }

    /** Runs every task on its own thread, released together, and returns their results in order. */
    private static <T> List<T> concurrently(List<Callable<T>> tasks) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(threads.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(2, TimeUnit.MINUTES));
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }
}
