package nl.spreekuur.server.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import nl.spreekuur.protocol.v1.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NicknamesTest {

    @Test
    void aNicknameIsTrimmedComposedAndItsInnerWhiteSpaceCollapsed() {
        assertThat(Nicknames.require("  Els  ")).isEqualTo("Els");
        assertThat(Nicknames.require("Ma\u0301rta")).as("NFC").isEqualTo("M\u00e1rta");
        assertThat(Nicknames.require("Zorgende\u00a0\u00a0  dochter")).isEqualTo("Zorgende dochter");
        assertThat(Nicknames.require("Oma 🌷")).isEqualTo("Oma 🌷");
    }

    @Test
    void exactlyFortyCharactersAreFineAndFortyOneAreNot() {
        String forty = "é".repeat(Nicknames.MAX_LENGTH);
        assertThat(Nicknames.require(forty)).isEqualTo(forty);
        assertThat(Nicknames.refusal(forty + "a")).contains("longer than");
        assertThat(Nicknames.require("🌷".repeat(Nicknames.MAX_LENGTH))).as("code points, not UTF-16 units")
                .hasSize(2 * Nicknames.MAX_LENGTH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t\n", "\u00a0\u2003", "\u200b", "\u200b\u200c\u200d", "\ufeff"})
    void emptyOrInvisibleNicknamesAreRefused(String raw) {
        assertThat(Nicknames.refusal(raw)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"El\u0000s", "El\u0007s", "El\u200bs", "El\u200ds", "El\u2060s", "\u202eslE",
            "El\u202as", "El\u2066s\u2069", "El\u200fs", "El\u061cs", "Els\udb40\udc41", "El\u00ads", "El\u2028s",
            "El\ue000s", "El\ud800s"})
    void controlFormatBidiAndTagCharactersAreRefused(String raw) {
        assertThat(Nicknames.refusal(raw)).isEqualTo("nickname contains an invisible or control character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Moderator", "moderator Jan", "HULPVERLENER", "de beheerder", "Spreekuur-team",
            "m.o.d.e.r.a.t.o.r", "Mödérätör", "ＭＯＤＥＲＡＴＯＲ", "hulp verlener", "[Beheerder]"})
    void namesImitatingAStaffLabelAreRefused(String raw) {
        assertThat(Nicknames.refusal(raw)).isEqualTo("nickname imitates a staff label");
    }

    @Test
    void refusalsAreInvalidArgumentAndNeverQuoteTheNickname() {
        assertThatThrownBy(() -> Nicknames.require("Moderator Piet"))
                .isInstanceOfSatisfying(RequestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).doesNotContain("Piet");
                });
        assertThat(Nicknames.refusal(null)).isEqualTo("nickname is required");
    }

    @Test
    void ordinaryNamesAreFine() {
        for (String name : new String[] {"Els", "Mo", "Zoë", "Jan-Willem", "Ayşe", "Nguyễn", "María José", "李"}) {
            assertThat(Nicknames.refusal(name)).as(name).isNull();
        }
    }
}
