package nl.spreekuur.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import nl.spreekuur.server.auth.ProofOfWork;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.ServicesTestServer.HttpAnswer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Proof-of-work friction on {@code POST /api/anonymous} over real HTTP: free while the organisation is quiet, then
 * (more than {@code anonymous.pow-above-per-minute} new sessions in a minute) a 429 with a challenge; a solved
 * challenge gets a session once, a wrong or reused one does not; another organisation is not affected, and the
 * friction ends when the pressure does.
 */
class ProofOfWorkTest {
    private static final int BITS = 8;

    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start(Map.of("anonymous.pow-bits",
            Integer.toString(BITS), "anonymous.pow-above-per-minute", "2"));

    @Test
    void underPressureANewAnonymousSessionNeedsASolvedChallengeOnce() throws Exception {
        Organisation org = server.organisation("demo");
        Organisation quiet = server.organisation("elders");
        assertThat(anonymous(org.slug(), null).status()).isEqualTo(200);
        assertThat(anonymous(org.slug(), null).status()).isEqualTo(200);
        assertThat(anonymous(org.slug(), null).status()).as("2 a minute is no pressure yet").isEqualTo(200);

        HttpAnswer asked = anonymous(org.slug(), null);
        assertThat(asked.status()).isEqualTo(429);
        assertThat(asked.json()).containsEntry("error", "PROOF_OF_WORK_REQUIRED");
        assertThat(((Number) asked.json().get("bits")).intValue()).isEqualTo(BITS);
        String challenge = (String) asked.json().get("challenge");
        String nonce = solve(challenge, BITS);

        HttpAnswer wrong = anonymous(org.slug(), Map.of("challenge", challenge, "nonce", wrongNonce(challenge)));
        assertThat(wrong.status()).isEqualTo(429);
        HttpAnswer forged = anonymous(org.slug(), Map.of("challenge", challenge.replaceFirst("\\.8\\.", ".1."),
                "nonce", nonce));
        assertThat(forged.status()).as("the bits are signed").isEqualTo(429);

        HttpAnswer solved = anonymous(org.slug(), Map.of("challenge", challenge, "nonce", nonce));
        assertThat(solved.status()).isEqualTo(200);
        assertThat(solved.json()).containsKey("token");
        assertThat(anonymous(org.slug(), Map.of("challenge", challenge, "nonce", nonce)).status())
                .as("a solved challenge works once").isEqualTo(429);

        assertThat(anonymous(quiet.slug(), null).status()).as("another organisation").isEqualTo(200);

        server.clock().advance(Duration.ofMinutes(2).plusSeconds(1));
        assertThat(anonymous(org.slug(), Map.of("challenge", challenge, "nonce", nonce)).status())
                .as("expired, but no pressure any more: no proof needed").isEqualTo(200);
        assertThat(ProofOfWork.solves("x", "y", 0)).isTrue();
    }

    private HttpAnswer anonymous(String slug, Map<String, String> pow) throws Exception {
        Map<String, Object> body = pow == null ? Map.of("organisation", slug) : Map.of("organisation", slug, "pow", pow);
        return server.post("/api/anonymous", Json.write(body));
    }

    private static String solve(String challenge, int bits) {
        for (int n = 0; ; n++) {
            if (ProofOfWork.solves(challenge, Integer.toString(n), bits)) {
                return Integer.toString(n);
            }
        }
    }

    private static String wrongNonce(String challenge) {
        for (int n = 0; ; n++) {
            if (!ProofOfWork.solves(challenge, "w" + n, BITS)) {
                return "w" + n;
            }
        }
    }
}
