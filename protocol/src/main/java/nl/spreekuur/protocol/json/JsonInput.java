package nl.spreekuur.protocol.json;

import com.google.protobuf.Timestamp;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reading one JSON object with Jackson's streaming parser, value by value, with JsonFormat's rules for the field
 * types the hot messages use. Each reader accepts only the token forms whose result it is sure of and throws
 * {@link Uncertain} for every other form (a number where a string is expected, a fraction or exponent in an
 * integer, an enum name given as a string of digits, ...), which JsonFormat then judges.
 *
 * <p>{@code null} is read as "absent" by the callers for every field here: JsonFormat does the same for all types but
 * {@code google.protobuf.Value} and {@code NullValue}, which the hot messages do not use.
 */
final class JsonInput {
    private final JsonParser parser;
    private final FieldNames names;
    private long seen;

    /** Positioned at the object's START_OBJECT; {@link Uncertain} when the current value is not an object. */
    JsonInput(JsonParser parser, FieldNames names) {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw Uncertain.INSTANCE;
        }
        this.parser = parser;
        this.names = names;
    }

    /**
     * Moves to the value of the next known member and returns its field number, or 0 at the object's end. Unknown
     * members are skipped (the parser is {@code ignoringUnknownFields}). A field met twice, under the same name or
     * under both its names, is {@link Uncertain}: JsonFormat rejects some of those and merges others.
     */
    int nextField() {
        while (true) {
            String name = parser.nextName();
            if (name == null) {
                return 0;
            }
            parser.nextToken();
            int number = names.number(name);
            if (number == 0) {
                parser.skipChildren();
                continue;
            }
            if (number >= Long.SIZE) {
                throw Uncertain.INSTANCE;
            }
            long bit = 1L << number;
            if ((seen & bit) != 0) {
                throw Uncertain.INSTANCE;
            }
            seen |= bit;
            return number;
        }
    }

    JsonParser parser() {
        return parser;
    }

    boolean isNull() {
        return parser.currentToken() == JsonToken.VALUE_NULL;
    }

    String string() {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw Uncertain.INSTANCE;
        }
        return parser.getString();
    }

    /** A JSON integer in long range, or a string that {@link Long#parseLong} takes (JsonFormat's first attempt). */
    long int64() {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT) {
            JsonParser.NumberType type = parser.getNumberType();
            if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
                return parser.getLongValue();
            }
        } else if (token == JsonToken.VALUE_STRING) {
            try {
                return Long.parseLong(parser.getString());
            } catch (NumberFormatException e) {
                throw Uncertain.INSTANCE;
            }
        }
        throw Uncertain.INSTANCE;
    }

    boolean bool() {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (token == JsonToken.VALUE_FALSE) {
            return false;
        }
        throw Uncertain.INSTANCE;
    }

    /** An enum value by name, or by a JSON integer in int range (kept as is, also when unknown: v1 enums are open). */
    int enumNumber(EnumNames values) {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            return values.number(parser.getString());
        }
        if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT) {
            return parser.getIntValue();
        }
        throw Uncertain.INSTANCE;
    }

    /** A google.protobuf.Timestamp in the strict RFC 3339 form JsonFormat prints; other forms are {@link Uncertain}. */
    Timestamp timestamp() {
        return Rfc3339.parse(string());
    }
}
