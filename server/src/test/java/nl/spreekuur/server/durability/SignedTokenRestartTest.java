package nl.spreekuur.server.durability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import nl.spreekuur.server.DemoSetup;
import nl.spreekuur.server.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anonymous tokens are signed and have no session row: a real server process is killed (SIGKILL) right after a
 * logout and restarted on the same data directory and key file; the logged-out token stays refused (its revocation
 * was stored before the 204) and a token issued before the kill still works.
 */
class SignedTokenRestartTest {
    @TempDir
    Path dir;

    @Test
    void aRevokedAnonymousTokenStaysRevokedAndAValidOneWorksAfterAKill() throws Exception {
        List<String> arguments = List.of("--demo", "--data-dir", dir.resolve("data").toString(),
                "--bind", "127.0.0.1", "--port", "0");
        String kept;
        String revoked;
        try (ServerProcess server = ServerProcess.start(dir.resolve("first.log"), arguments)) {
            kept = server.anonymous(DemoSetup.ORGANISATION);
            revoked = server.anonymous(DemoSetup.ORGANISATION);
            assertThat(server.logout(revoked)).isEqualTo(204);
            assertThat(server.logout(revoked)).isEqualTo(401);
            server.kill();
        }
        try (ServerProcess server = ServerProcess.start(dir.resolve("second.log"), arguments)) {
            assertThat(server.logout(revoked)).isEqualTo(401);
            assertThat(server.logout(kept)).isEqualTo(204);
            assertThat(server.logout(kept)).isEqualTo(401);
        }
    }
}
