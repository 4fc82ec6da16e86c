package nl.spreekuur.server.session;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one rule for nicknames that people choose without giving personal data (room members; office-hour clients
 * can converge on it): what is kept, and what is refused with INVALID_ARGUMENT.
 *
 * <ul>
 *   <li>Normalised: Unicode NFC, every run of white space (any Unicode white space, e.g. no-break spaces) made one
 *       space, then trimmed.</li>
 *   <li>Refused: empty (or only white space), longer than {@value #MAX_LENGTH} code points (after normalising),
 *       any control character (tab and newline too),
 *       any format character (zero-width spaces and joiners, bidi marks, embeddings, overrides and isolates, tag
 *       characters, the byte-order mark, soft hyphens), line and paragraph separators, lone surrogates, private-use
 *       and unassigned code points.</li>
 *   <li>Refused: names that imitate a staff label: containing one of {@link #RESERVED_WORDS}, compared without
 *       case, accents, compatibility forms (e.g. full-width letters) and anything but letters, so "Moderator",
 *       "m.o.d.e.r.a.t.o.r" and "ＨＵＬＰＶＥＲＬＥＮＥＲ" are all refused.</li>
 * </ul>
 *
 * <p>Error texts never quote the nickname.
 */
public final class Nicknames {
    public static final int MAX_LENGTH = 40;
    /** Every Unicode white space (also no-break and em spaces), not only Java's. */
    private static final Pattern WHITE_SPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
    public static final List<String> RESERVED_WORDS = List.of("hulpverlener", "moderator", "beheerder", "spreekuur");

    private Nicknames() {
    }

    /** The normalised nickname; INVALID_ARGUMENT (text without the nickname) if it is refused. */
    public static String require(String raw) {
        String why = refusal(raw);
        if (why != null) {
            throw RequestException.invalid(why);
        }
        return normalise(raw);
    }

    /** Why the nickname is refused (English, without the nickname), or null if it is fine. */
    public static String refusal(String raw) {
        if (raw == null) {
            return "nickname is required";
        }
        String nfc = Normalizer.normalize(raw, Normalizer.Form.NFC);
        for (int i = 0; i < nfc.length(); ) {
            int cp = nfc.codePointAt(i);
            if (forbidden(cp)) {
                return "nickname contains an invisible or control character";
            }
            i += Character.charCount(cp);
        }
        String name = normalise(raw);
        if (name.isEmpty()) {
            return "nickname is required";
        }
        if (Texts.length(name) > MAX_LENGTH) {
            return "nickname longer than " + MAX_LENGTH + " characters";
        }
        String folded = folded(name);
        for (String word : RESERVED_WORDS) {
            if (folded.contains(word)) {
                return "nickname imitates a staff label";
            }
        }
        return null;
    }

    private static String normalise(String raw) {
        String nfc = Normalizer.normalize(raw, Normalizer.Form.NFC);
        return WHITE_SPACE.matcher(nfc).replaceAll(" ").strip();
    }

    private static boolean forbidden(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED -> true;
            default -> false;
        };
    }

    /** Compatibility-decomposed, lower case, letters only (accents and everything else dropped). */
    private static String folded(String name) {
        String decomposed = Normalizer.normalize(name, Normalizer.Form.NFKD).toLowerCase(Locale.ROOT);
        StringBuilder letters = new StringBuilder(decomposed.length());
        decomposed.codePoints().filter(Character::isLetter).forEach(letters::appendCodePoint);
        return letters.toString();
    }
}
