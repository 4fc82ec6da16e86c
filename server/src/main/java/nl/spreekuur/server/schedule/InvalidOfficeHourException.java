package nl.spreekuur.server.schedule;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when an office hour definition cannot be saved or turned into a {@link Schedule}. */
public final class InvalidOfficeHourException extends IllegalArgumentException {

    private final List<FieldError> errors;

    public InvalidOfficeHourException(List<FieldError> errors) {
        super("invalid office hour: " + errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an invalid office hour needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
