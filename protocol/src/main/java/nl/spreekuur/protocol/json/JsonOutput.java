package nl.spreekuur.protocol.json;

import com.google.protobuf.Timestamp;

/**
 * Compact JSON text exactly as JsonFormat's {@code omittingInsignificantWhitespace()} printer writes it: no spaces,
 * int64 as decimal strings, enums by name (by number when the value is unknown to this schema), timestamps as
 * RFC 3339 and strings escaped the way its Gson does ({@code htmlSafe}: besides quote, backslash and control
 * characters also {@code < > & = '} become {@code \\u003c} etc., and U+2028/U+2029 are escaped too).
 *
 * <p>Callers leave out defaults themselves: which fields JsonFormat omits depends on the field, not on the value
 * type (a set message field prints even when empty).
 */
final class JsonOutput {
    private static final String[] ESCAPES = new String[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = String.format("\\u%04x", c);
        }
        ESCAPES['"'] = "\\\"";
        ESCAPES['\\'] = "\\\\";
        ESCAPES['\t'] = "\\t";
        ESCAPES['\b'] = "\\b";
        ESCAPES['\n'] = "\\n";
        ESCAPES['\r'] = "\\r";
        ESCAPES['\f'] = "\\f";
        ESCAPES['<'] = "\\u003c";
        ESCAPES['>'] = "\\u003e";
        ESCAPES['&'] = "\\u0026";
        ESCAPES['='] = "\\u003d";
        ESCAPES['\''] = "\\u0027";
    }

    private final StringBuilder out = new StringBuilder(256);
    private boolean afterValue;

    JsonOutput startObject() {
        out.append('{');
        afterValue = false;
        return this;
    }

    JsonOutput endObject() {
        out.append('}');
        afterValue = true;
        return this;
    }

    /** Starts a member; {@code name} is a JSON field name of the schema and needs no escaping. */
    JsonOutput name(String name) {
        if (afterValue) {
            out.append(',');
        }
        out.append('"').append(name).append("\":");
        afterValue = false;
        return this;
    }

    /** A string member, left out when empty (its proto3 default). */
    void string(String name, String value) {
        if (!value.isEmpty()) {
            name(name);
            quoted(value);
            afterValue = true;
        }
    }

    /** An int64 member, left out when 0. */
    void int64(String name, long value) {
        if (value != 0) {
            name(name);
            out.append('"').append(value).append('"');
            afterValue = true;
        }
    }

    /** A bool member, left out when false. */
    void bool(String name, boolean value) {
        if (value) {
            name(name);
            out.append("true");
            afterValue = true;
        }
    }

    /** An enum member, left out when 0; {@code knownName} is null for a number this schema does not name. */
    void enumValue(String name, int number, String knownName) {
        if (number != 0) {
            name(name);
            if (knownName == null) {
                out.append(number);
            } else {
                out.append('"').append(knownName).append('"');
            }
            afterValue = true;
        }
    }

    /** A Timestamp member (printed whenever set, also at the epoch). */
    void timestamp(String name, Timestamp value) {
        name(name);
        Rfc3339.append(out, value);
        afterValue = true;
    }

    /** An empty message member, e.g. {@code "pong":{}}. */
    void emptyObject(String name) {
        name(name);
        out.append("{}");
        afterValue = true;
    }

    private void quoted(String value) {
        out.append('"');
        int length = value.length();
        int copied = 0;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            String escape;
            if (c < 128) {
                escape = ESCAPES[c];
                if (escape == null) {
                    continue;
                }
            } else if (c == '\u2028') {
                escape = "\\u2028";
            } else if (c == '\u2029') {
                escape = "\\u2029";
            } else {
                continue;
            }
            if (copied < i) {
                out.append(value, copied, i);
            }
            out.append(escape);
            copied = i + 1;
        }
        if (copied < length) {
            out.append(value, copied, length);
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
