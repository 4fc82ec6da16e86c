package nl.spreekuur.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void hashesWithArgon2idAndVerifies() {
        String hash = hasher.hash("correct horse battery".toCharArray());
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(hasher.verify(hash, "correct horse battery".toCharArray())).isTrue();
        assertThat(hasher.verify(hash, "correct horse batterY".toCharArray())).isFalse();
    }

    @Test
    void samePasswordHashesDifferently() {
        assertThat(hasher.hash("twelve chars!".toCharArray())).isNotEqualTo(hasher.hash("twelve chars!".toCharArray()));
    }

    @Test
    void refusesShortPasswords() {
        assertThatThrownBy(() -> hasher.hash("elevenchars".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("12");
        assertThat(hasher.hash("twelve chars".toCharArray())).isNotEmpty();
    }

    @Test
    void malformedHashesAndNullsDoNotVerify() {
        assertThat(hasher.verify("not-a-hash", "whatever password".toCharArray())).isFalse();
        assertThat(hasher.verify(null, "whatever password".toCharArray())).isFalse();
        assertThat(hasher.verify(hasher.hash("correct horse battery".toCharArray()), null)).isFalse();
    }

    @Test
    void dummyVerificationIsAlwaysFalse() {
        assertThat(hasher.verifyDummy("correct horse battery".toCharArray())).isFalse();
        assertThat(hasher.verifyDummy(null)).isFalse();
    }

    @Test
    void generatedPasswordsAreLongEnoughAndRandom() {
        String a = PasswordHasher.generate(16);
        assertThat(a).hasSize(16).matches("[a-zA-Z2-9]+");
        assertThat(PasswordHasher.generate(16)).isNotEqualTo(a);
    }
}
