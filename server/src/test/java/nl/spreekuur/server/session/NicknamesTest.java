package nl.spreekuur.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class NicknamesTest {

    private static Nicknames.Problem problem(String raw) {
        return Nicknames.check(raw).problem();
    }

    @Test
    void normalisedToNfcWithSpacesCollapsed() {
        assertThat(Nicknames.check("  Zoe\u0308  de\u00a0\u00a0 Vries ").nickname()).isEqualTo("Zoë de Vries");
        assertThat(Nicknames.check("Sam").nickname()).isEqualTo("Sam");
        assertThat(Nicknames.check("Ayşe").ok()).isTrue();
        assertThat(Nicknames.check("Мария").ok()).isTrue(); // Cyrillic names are fine
        assertThat(Nicknames.check("李小龙").ok()).isTrue();
        assertThat(Nicknames.check("Sam 🙂").ok()).isTrue();
    }

    @Test
    void lengthIsCountedInCodePointsAfterNormalising() {
        assertThat(problem("")).isEqualTo(Nicknames.Problem.LENGTH);
        assertThat(problem("   ")).isEqualTo(Nicknames.Problem.LENGTH);
        assertThat(problem(null)).isEqualTo(Nicknames.Problem.LENGTH);
        assertThat(Nicknames.check("🙂".repeat(40)).ok()).isTrue();
        assertThat(problem("a".repeat(41))).isEqualTo(Nicknames.Problem.LENGTH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Sam\u202Erev", "Sam\u2066x\u2069", "Sa\u200Bm", "Sa\u200Dm", "\uFEFFSam", "Sam\u0007",
            "Sam\nBen", "Sam\u2028", "Sam\uDB40\uDC41", "Sam\uE000", "Sa\uFE0Fm", "\u3164\u3164", "Sam\u200E"})
    void controlFormatBidiZeroWidthAndTagCharactersAreRefused(String raw) {
        assertThat(problem(raw)).isEqualTo(Nicknames.Problem.CHARACTERS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Hulpverlener", "hulpverlener Anna", "Hulp-verlener", "h.u.l.p.v.e.r.l.e.n.e.r",
            "HULPVERLEENER", "Hu1pver1ener", "Ηulpverlener", "Нulрvеrlеnеr", "Hülpverlener", "Moderator",
            "m0derat0r", "rnoderator", "MODERATOR", "Beheerder", "Bеhееrdеr", "Spreekuur", "Spreekuur-team",
            "5preekuur", "Admin", "ａｄｍｉｎ", "Sam (moderator)"})
    void roleWordsAndLookAlikesAreReserved(String raw) {
        assertThat(problem(raw)).as(raw).isEqualTo(Nicknames.Problem.RESERVED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Anna", "Mod", "Helper", "Verlener", "Spree", "Eva de Beheer", "Joost", "Kim"})
    void ordinaryNicknamesPass(String raw) {
        assertThat(Nicknames.check(raw).ok()).as(raw).isTrue();
    }
}
