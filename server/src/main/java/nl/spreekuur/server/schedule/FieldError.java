package nl.spreekuur.server.schedule;

/**
 * One problem with a submitted office hour definition.
 *
 * @param field   the path of the offending field in the proto, e.g. {@code "slots[2].end"}
 * @param message what is wrong, phrased for an organisation admin; never echoes submitted values
 */
public record FieldError(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
