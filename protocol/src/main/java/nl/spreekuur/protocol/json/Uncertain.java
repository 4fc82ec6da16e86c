package nl.spreekuur.protocol.json;

/**
 * Thrown inside the fast path when it meets input it cannot vouch for (a body type it does not handle, a duplicate
 * field, a number or timestamp form it does not parse itself, ...). {@link WireJson} catches it and hands the input
 * to JsonFormat, so the fast path only ever answers where its answer is certainly JsonFormat's.
 *
 * <p>One shared instance without a stack trace: it is control flow, thrown for every input that falls back.
 */
final class Uncertain extends RuntimeException {
    static final Uncertain INSTANCE = new Uncertain();

    private Uncertain() {
        super("not handled by the fast JSON path", null, false, false);
    }
}
