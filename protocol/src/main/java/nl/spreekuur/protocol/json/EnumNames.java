package nl.spreekuur.protocol.json;

import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import java.util.HashMap;
import java.util.Map;

/** Enum value name → number, the names JsonFormat's {@code findValueByName} accepts, without its per-call lookups. */
final class EnumNames {
    private final Map<String, Integer> numbers = new HashMap<>();

    private EnumNames(EnumDescriptor descriptor) {
        for (EnumValueDescriptor value : descriptor.getValues()) {
            numbers.put(value.getName(), value.getNumber());
        }
    }

    static EnumNames of(EnumDescriptor descriptor) {
        return new EnumNames(descriptor);
    }

    /** The number of the named value; {@link Uncertain} for any other string (JsonFormat tries it as a number). */
    int number(String name) {
        Integer number = numbers.get(name);
        if (number == null) {
            throw Uncertain.INSTANCE;
        }
        return number;
    }
}
