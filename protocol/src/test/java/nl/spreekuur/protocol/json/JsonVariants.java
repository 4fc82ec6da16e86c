package nl.spreekuur.protocol.json;

import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Writes a message as JSON in one of the many spellings JsonFormat's parser accepts: members in any order under
 * either name, int64 as number or string, enums by name or number, absent fields left out, written as their default
 * or as null, unknown members with arbitrary values, characters escaped or not, any whitespace.
 *
 * <p>With {@code quirks} it also uses spellings the fast path leaves to JsonFormat (a field twice, integers as
 * {@code 1.0} or {@code 1e0}, enum numbers as strings, bools as strings, strings as numbers, null for other bodies,
 * timestamps with offsets).
 */
final class JsonVariants {
    private static final String[] WHITESPACE = {"", "", "", " ", "\n", "\t", "\r\n  "};

    private final Random random;
    private final boolean quirks;

    JsonVariants(Random random, boolean quirks) {
        this.random = random;
        this.quirks = quirks;
    }

    String write(Message message) {
        StringBuilder out = new StringBuilder();
        ws(out);
        message(out, message, 0);
        ws(out);
        return out.toString();
    }

    private void message(StringBuilder out, Message message, int depth) {
        List<FieldDescriptor> fields = new ArrayList<>(message.getDescriptorForType().getFields());
        Collections.shuffle(fields, random);
        out.append('{');
        boolean first = true;
        for (FieldDescriptor field : fields) {
            if (random.nextInt(8) == 0) {
                first = unknownMember(out, first);
            }
            boolean present = message.hasField(field);
            boolean inOneof = field.getContainingOneof() != null;
            if (!present) {
                int choice = random.nextInt(6);
                if (choice == 0 && (!inOneof || quirks)) {
                    first = member(out, first, field, "null");
                } else if (choice == 1 && !inOneof && field.getType() != FieldDescriptor.Type.MESSAGE) {
                    first = member(out, first, field, value(field, message.getField(field), depth));
                }
                continue;
            }
            first = member(out, first, field, value(field, message.getField(field), depth));
            if (quirks && random.nextInt(10) == 0) {
                first = member(out, first, field, value(field, message.getField(field), depth));
            }
        }
        if (random.nextInt(8) == 0) {
            unknownMember(out, first);
        }
        ws(out);
        out.append('}');
    }

    private boolean member(StringBuilder out, boolean first, FieldDescriptor field, String value) {
        if (!first) {
            ws(out);
            out.append(',');
        }
        ws(out);
        quote(out, random.nextBoolean() ? field.getJsonName() : field.getName());
        ws(out);
        out.append(':');
        ws(out);
        out.append(value);
        return false;
    }

    private boolean unknownMember(StringBuilder out, boolean first) {
        StringBuilder value = new StringBuilder();
        anyValue(value, 0);
        StringBuilder name = new StringBuilder("zz");
        for (int i = random.nextInt(6); i > 0; i--) {
            name.append((char) ('a' + random.nextInt(26)));
        }
        if (!first) {
            ws(out);
            out.append(',');
        }
        ws(out);
        quote(out, name.toString());
        ws(out);
        out.append(':');
        ws(out);
        out.append(value);
        return false;
    }

    private void anyValue(StringBuilder out, int depth) {
        switch (random.nextInt(depth > 2 ? 6 : 8)) {
            case 0 -> out.append("null");
            case 1 -> out.append(random.nextBoolean());
            case 2 -> out.append(random.nextLong());
            case 3 -> out.append(random.nextDouble() * 1e6);
            case 4 -> quote(out, new RandomMessages(random).text());
            case 5 -> out.append("-0");
            case 6 -> {
                out.append('[');
                for (int i = random.nextInt(4); i > 0; i--) {
                    anyValue(out, depth + 1);
                    if (i > 1) {
                        out.append(',');
                    }
                }
                out.append(']');
            }
            default -> {
                out.append('{');
                for (int i = random.nextInt(4); i > 0; i--) {
                    quote(out, "k" + i);
                    out.append(':');
                    anyValue(out, depth + 1);
                    if (i > 1) {
                        out.append(',');
                    }
                }
                out.append('}');
            }
        }
    }

    private String value(FieldDescriptor field, Object value, int depth) {
        StringBuilder out = new StringBuilder();
        switch (field.getType()) {
            case STRING -> {
                if (quirks && random.nextInt(20) == 0) {
                    out.append(random.nextInt(100));
                } else {
                    quote(out, (String) value);
                }
            }
            case INT64 -> int64(out, (Long) value);
            case BOOL -> {
                if (quirks && random.nextInt(10) == 0) {
                    out.append('"').append(value).append('"');
                } else {
                    out.append(value);
                }
            }
            case ENUM -> {
                EnumValueDescriptor enumValue = (EnumValueDescriptor) value;
                boolean named = enumValue.getIndex() >= 0;
                if (named && random.nextBoolean()) {
                    quote(out, enumValue.getName());
                } else if (quirks && random.nextInt(4) == 0) {
                    out.append('"').append(enumValue.getNumber()).append('"');
                } else {
                    out.append(enumValue.getNumber());
                }
            }
            case MESSAGE -> {
                if (value instanceof Timestamp timestamp) {
                    timestamp(out, timestamp);
                } else {
                    message(out, (Message) value, depth + 1);
                }
            }
            default -> throw new IllegalArgumentException("no variant for " + field.getType());
        }
        return out.toString();
    }

    private void int64(StringBuilder out, long value) {
        int choice = random.nextInt(quirks ? 6 : 2);
        switch (choice) {
            case 0 -> out.append(value);
            case 1 -> out.append('"').append(value).append('"');
            case 2 -> out.append(value).append(".0");
            case 3 -> out.append(value).append("e0");
            case 4 -> out.append('"').append(value).append(".00\"");
            default -> out.append(value < 0 ? "\"" + value + "\"" : "\"+" + value + "\"");
        }
    }

    private void timestamp(StringBuilder out, Timestamp timestamp) {
        String text = Timestamps.toString(timestamp);
        if (quirks && random.nextInt(4) == 0) {
            text = text.replace("Z", random.nextBoolean() ? "+00:00" : "-01:30");
        } else if (random.nextInt(4) == 0 && text.contains(".") && text.length() - text.indexOf('.') < 11) {
            text = text.replace("Z", "0Z"); // another fraction length, still strict RFC 3339
        }
        quote(out, text);
    }

    /** A JSON string: the characters JSON requires escaped are, in either form; others now and then as \\u escapes. */
    private void quote(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append(random.nextInt(4) == 0 ? String.format("\\u%04X", (int) c) : "\\" + c);
            } else if (c < 0x20) {
                String shortForm = switch (c) {
                    case '\n' -> "\\n";
                    case '\t' -> "\\t";
                    case '\r' -> "\\r";
                    case '\b' -> "\\b";
                    case '\f' -> "\\f";
                    default -> null;
                };
                out.append(shortForm != null && random.nextBoolean() ? shortForm : String.format("\\u%04x", (int) c));
            } else if (random.nextInt(10) == 0) {
                out.append(c == '/' && random.nextBoolean() ? "\\/" : String.format(random.nextBoolean()
                        ? "\\u%04x" : "\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    private void ws(StringBuilder out) {
        out.append(WHITESPACE[random.nextInt(WHITESPACE.length)]);
    }
}
