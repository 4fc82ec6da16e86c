package nl.spreekuur.server.session;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;

/**
 * The one rule for nicknames people choose (office-hour queue, offline messages): normalised to NFC, runs of
 * spaces (any Unicode space) collapsed to one ASCII space and trimmed; 1..{@value #MAX_LENGTH} characters (code
 * points); no control, format (bidi overrides and isolates, zero-width characters, the BOM, tag characters),
 * separator, private-use, surrogate or unassigned characters; and none that reads as a staff role: a nickname whose
 * look-alike skeleton contains "hulpverlener", "moderator", "beheerder", "spreekuur" or "admin" is reserved
 * (so "Hulpverlener", "hulp-verlener", "НULPVERLENER" in Cyrillic, "m0derat0r", "rnoderator" are all refused).
 *
 * <p>The skeleton: compatibility decomposition (NFKD), accents dropped, lower case, common Cyrillic and Greek
 * look-alikes and digit look-alikes mapped to Latin letters, {@code rn} → {@code m}, {@code vv} → {@code w},
 * {@code l}/{@code 1}/{@code |}/{@code !} → {@code i}, everything but letters dropped, repeated letters
 * collapsed. Deliberately coarse: a refused nickname only means choosing another one.
 */
public final class Nicknames {
    public static final int MAX_LENGTH = 40;

    static final List<String> RESERVED = List.of("hulpverlener", "moderator", "beheerder", "spreekuur", "admin");
    private static final List<String> RESERVED_SKELETONS = RESERVED.stream().map(Nicknames::skeleton).toList();

    /** Why a nickname was refused; {@link #message()} is the {@code INVALID_ARGUMENT} text. */
    public enum Problem {
        LENGTH("nickname must be 1.." + MAX_LENGTH + " characters"),
        CHARACTERS("nickname contains characters that are not allowed"),
        RESERVED("nickname is reserved");

        private final String message;

        Problem(String message) {
            this.message = message;
        }

        public String message() {
            return message;
        }
    }

    /** The normalised nickname, or the problem. */
    public record Checked(String nickname, Problem problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    private Nicknames() {
    }

    /** The normalised nickname; {@code INVALID_ARGUMENT} with the problem's text (never the nickname) if refused. */
    public static String require(String raw) {
        Checked checked = check(raw);
        if (!checked.ok()) {
            throw RequestException.invalid(checked.problem().message());
        }
        return checked.nickname();
    }

    /** Checks and normalises a nickname; an empty one is a {@link Problem#LENGTH} problem. */
    public static Checked check(String raw) {
        String text = Normalizer.normalize(raw == null ? "" : raw, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.getType(cp) == Character.SPACE_SEPARATOR || cp == '\t') {
                space = out.length() > 0;
                continue;
            }
            if (!allowed(cp)) {
                return new Checked(null, Problem.CHARACTERS);
            }
            if (space) {
                out.append(' ');
                space = false;
            }
            out.appendCodePoint(cp);
        }
        String nickname = out.toString();
        int length = Texts.length(nickname);
        if (length == 0 || length > MAX_LENGTH) {
            return new Checked(null, Problem.LENGTH);
        }
        String skeleton = skeleton(nickname);
        for (String reserved : RESERVED_SKELETONS) {
            if (skeleton.contains(reserved)) {
                return new Checked(null, Problem.RESERVED);
            }
        }
        return new Checked(nickname, null);
    }

    private static boolean allowed(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.PRIVATE_USE, Character.SURROGATE, Character.UNASSIGNED -> false;
            default -> !(cp >= 0xFE00 && cp <= 0xFE0F) && !(cp >= 0xE0100 && cp <= 0xE01EF) // variation selectors
                    && cp != 0x115F && cp != 0x1160 && cp != 0x3164 && cp != 0xFFA0;          // Hangul fillers
        };
    }

    /** The look-alike skeleton (see the class comment); package-visible for tests. */
    static String skeleton(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD).toLowerCase(Locale.ROOT);
        StringBuilder s = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); ) {
            int cp = decomposed.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.getType(cp) == Character.NON_SPACING_MARK) {
                continue;
            }
            char mapped = lookAlike(cp);
            if (mapped != 0) {
                s.append(mapped);
            } else if (Character.isLetter(cp)) {
                s.appendCodePoint(cp);
            }
        }
        String joined = s.toString().replace("rn", "m").replace("vv", "w");
        StringBuilder collapsed = new StringBuilder(joined.length());
        for (int i = 0; i < joined.length(); i++) {
            char c = joined.charAt(i);
            if (collapsed.length() == 0 || collapsed.charAt(collapsed.length() - 1) != c) {
                collapsed.append(c);
            }
        }
        return collapsed.toString();
    }

    /** A Latin letter that {@code cp} (already lower case) is commonly mistaken for, or 0. */
    private static char lookAlike(int cp) {
        return switch (cp) {
            case 'l', '1', '|', '!', 'і', 'ӏ', 'ι', 'í', 'ı' -> 'i';
            case '0', 'о', 'ο', 'σ', 'ө' -> 'o';
            case '3', 'е', 'ё', 'ε', 'э' -> 'e';
            case '4', '@', 'а', 'α' -> 'a';
            case '5', '$', 'ѕ' -> 's';
            case '7', '+', 'т', 'τ' -> 't';
            case '8', 'в', 'β' -> 'b';
            case '9', 'ɡ' -> 'g';
            case 'р', 'ρ' -> 'p';
            case 'с', 'ϲ' -> 'c';
            case 'у', 'γ' -> 'y';
            case 'х', 'χ' -> 'x';
            case 'к', 'κ' -> 'k';
            case 'м' -> 'm';
            case 'н', 'η' -> 'h';
            case 'ј' -> 'j';
            case 'ԁ' -> 'd';
            case 'ν' -> 'v';
            case 'υ', 'ц' -> 'u';
            case 'ш', 'ω' -> 'w';
            case 'п' -> 'n';
            case 'г' -> 'r';
            default -> 0;
        };
    }
}
