package nl.spreekuur.server.session;

/** Limits on user text count characters as people see them (code points), not UTF-16 units. */
public final class Texts {
    private Texts() {
    }

    public static int length(String text) {
        return text.codePointCount(0, text.length());
    }
}
