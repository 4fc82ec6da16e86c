package nl.spreekuur.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokensTest {

    @Test
    void tokensAre32RandomBytesInBase64Url() {
        String token = Tokens.newToken();
        assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(Tokens.newToken()).isNotEqualTo(token);
    }

    @Test
    void hashIsSha256Hex() {
        assertThat(Tokens.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void implausibleTokensAreRejectedBeforeLookup() {
        assertThat(Tokens.plausible(null)).isFalse();
        assertThat(Tokens.plausible("")).isFalse();
        assertThat(Tokens.plausible("x".repeat(129))).isFalse();
        assertThat(Tokens.plausible(Tokens.newToken())).isTrue();
    }
}
