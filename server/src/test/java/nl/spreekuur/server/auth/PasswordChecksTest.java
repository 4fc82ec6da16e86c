package nl.spreekuur.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class PasswordChecksTest {
    private static final char[] PASSWORD = "correct horse battery".toCharArray();

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    @AutoClose
    private final PasswordChecks checks = new PasswordChecks(1, 1, metrics);

    @Test
    void hashesAndVerifiesOnlyOnItsOwnThreads() {
        String hash = checks.hash(PASSWORD);
        CompletableFuture<String> thread = new CompletableFuture<>();
        assertThat(checks.verify(hash, PASSWORD).whenComplete((ok, e) -> thread.complete(
                Thread.currentThread().getName())).join()).isTrue();
        assertThat(thread.join()).startsWith("spreekuur-password-");
        assertThat(checks.verify(hash, "wrong password!".toCharArray()).join()).isFalse();
        assertThat(checks.verifyDummy(PASSWORD).join()).isFalse();
    }

    /** The server's hasher is confined: any other thread (a chat worker, an event loop) gets an exception. */
    @Test
    void aConfinedHasherRefusesOtherThreads() {
        PasswordHasher confined = new PasswordHasher(PasswordChecks::onPasswordThread);
        assertThat(PasswordChecks.onPasswordThread()).isFalse();
        assertThatThrownBy(() -> confined.verify("$argon2id$x", PASSWORD)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> confined.hash(PASSWORD)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> confined.verifyDummy(PASSWORD)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void fullThreadsAndQueueRefuseAtOnce() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            CompletableFuture<Boolean> occupying = checks.submit(() -> {
                running.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return true;
            });
            running.await();
            CompletableFuture<Boolean> queued = checks.verifyDummy(PASSWORD);
            assertThatThrownBy(() -> checks.verifyDummy(PASSWORD))
                    .isInstanceOfSatisfying(PasswordChecks.BusyException.class,
                            busy -> assertThat(busy.retryAfter()).isEqualTo(PasswordChecks.RETRY_AFTER));
            assertThat(metrics.get("spreekuur.password.checks.refused").counter().count()).isEqualTo(1);
            release.countDown();
            assertThat(occupying.join()).isTrue();
            assertThat(queued.join()).isFalse();
        } finally {
            release.countDown();
        }
    }
}
