package nl.spreekuur.server.officehours;

/** Limits on user text count characters as people see them (code points), not UTF-16 units. */
final class Texts {
    private Texts() {
    }

    static int length(String text) {
        return text.codePointCount(0, text.length());
    }
}
