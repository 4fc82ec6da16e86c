package nl.spreekuur.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import nl.spreekuur.server.store.Store;
import nl.spreekuur.server.store.StoreOpener;
import nl.spreekuur.server.store.StoreSettings;
import nl.spreekuur.server.testsupport.TestClock;
import org.junit.jupiter.api.Test;

class SignedTokensTest {
    private static final SignedTokens KEY = SignedTokens.fromStoreKey("0f".repeat(32));
    private static final Instant EXPIRES = Instant.parse("2026-11-30T12:00:00Z");

    @Test
    void aTokenCarriesItsSessionOrganisationAndExpiry() {
        UUID session = UUID.randomUUID();
        String token = KEY.issue(session, "78abc6ea-0000-4000-8000-000000000001", EXPIRES);

        assertThat(SignedTokens.looksSigned(token)).isTrue();
        assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+").hasSizeLessThanOrEqualTo(Tokens.MAX_TOKEN_LENGTH);
        assertThat(KEY.verify(token)).contains(new SignedTokens.Claims(session.toString(),
                "78abc6ea-0000-4000-8000-000000000001", EXPIRES));
        assertThat(SignedTokens.looksSigned(Tokens.newToken())).isFalse();
    }

    @Test
    void everyChangedCharacterIsRefused() {
        String token = KEY.issue(UUID.randomUUID(), "org", EXPIRES);
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            for (char other : new char[] {'A', 'B', 'g', '-', '_', '.'}) {
                if (other != c) {
                    String changed = token.substring(0, i) + other + token.substring(i + 1);
                    assertThat(KEY.verify(changed)).as("position %d to %s", i, other).isEmpty();
                }
            }
        }
        assertThat(KEY.verify(token + "A")).isEmpty();
        assertThat(KEY.verify(token.substring(0, token.length() - 1))).isEmpty();
        assertThat(KEY.verify("." + token)).isEmpty();
        assertThat(KEY.verify("not.a-token")).isEmpty();
        assertThat(KEY.verify("%%%.%%%")).isEmpty();
    }

    @Test
    void aPayloadSignedCorrectlyButMalformedIsRefused() {
        // A mac that fits only proves the key signed these bytes: the layout is checked as well.
        String token = KEY.issue(UUID.randomUUID(), "org", EXPIRES);
        byte[] payload = Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.')));
        assertThat(KEY.verify(KEY.sign(payload))).isPresent();

        byte[] otherVersion = payload.clone();
        otherVersion[0] = 2;
        assertThat(KEY.verify(KEY.sign(otherVersion))).isEmpty();
        assertThat(KEY.verify(KEY.sign(Arrays.copyOf(payload, payload.length - 1)))).isEmpty();
        assertThat(KEY.verify(KEY.sign(Arrays.copyOf(payload, payload.length + 1)))).isEmpty();
        byte[] longerOrganisation = payload.clone();
        longerOrganisation[17]++;
        assertThat(KEY.verify(KEY.sign(longerOrganisation))).isEmpty();
        assertThat(KEY.verify(KEY.sign(new byte[0]))).isEmpty();
    }

    @Test
    void anotherKeyNeitherVerifiesNorSharesTheFingerprint() {
        SignedTokens other = SignedTokens.fromStoreKey("1e".repeat(32));
        String token = KEY.issue(UUID.randomUUID(), "org", EXPIRES);

        assertThat(other.verify(token)).isEmpty();
        assertThat(other.fingerprint()).isNotEqualTo(KEY.fingerprint()).hasSize(64);
        assertThat(SignedTokens.fromStoreKey("0f".repeat(32)).fingerprint()).isEqualTo(KEY.fingerprint());
    }

    @Test
    void theFirstKeyRegisteredInTheStoreWinsAndAnotherIsRefused() {
        try (Store store = StoreOpener.open(StoreSettings.inMemory("signed-" + UUID.randomUUID()), new TestClock())) {
            KEY.requireRegistered(store.sessions());
            KEY.requireRegistered(store.sessions());
            assertThatThrownBy(() -> SignedTokens.fromStoreKey("1e".repeat(32)).requireRegistered(store.sessions()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("store.key-file");
        }
    }

    @Test
    void aLongOrganisationIdCannotBeSigned() {
        assertThatThrownBy(() -> KEY.issue(UUID.randomUUID(), "x".repeat(65), EXPIRES))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
