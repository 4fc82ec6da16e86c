package nl.spreekuur.protocol.json;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.HashMap;
import java.util.Map;

/**
 * JSON member name → field number for one message type, built the way JsonFormat's parser builds its map: both the
 * original proto name and the lowerCamelCase JSON name, in field order (so a clash resolves the same way).
 */
final class FieldNames {
    private final Map<String, Integer> numbers = new HashMap<>();

    private FieldNames(Descriptor descriptor) {
        for (FieldDescriptor field : descriptor.getFields()) {
            numbers.put(field.getName(), field.getNumber());
            numbers.put(field.getJsonName(), field.getNumber());
        }
    }

    static FieldNames of(Descriptor descriptor) {
        return new FieldNames(descriptor);
    }

    /** The field's number, or 0 for a name the message does not have (an unknown field, which is skipped). */
    int number(String name) {
        Integer number = numbers.get(name);
        return number == null ? 0 : number;
    }
}
