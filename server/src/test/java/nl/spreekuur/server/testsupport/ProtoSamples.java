package nl.spreekuur.server.testsupport;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds protobuf messages with every field set to a non-default value (nested messages too, up to a depth; the
 * first field of each oneof; two elements per repeated field), so round-trip tests cover every field of every
 * message type without listing them — new fields and message types are covered automatically.
 */
public final class ProtoSamples {
    private static final int MAX_DEPTH = 5;

    private ProtoSamples() {
    }

    /** A copy of the builder's message type with every field set. */
    public static Message filled(Message.Builder builder) {
        fill(builder, 0);
        return builder.build();
    }

    /** The oneof's fields, e.g. every body case of {@code ClientMessage}. */
    public static List<FieldDescriptor> oneofFields(Descriptor type, String oneofName) {
        for (OneofDescriptor oneof : type.getOneofs()) {
            if (oneof.getName().equals(oneofName)) {
                return oneof.getFields();
            }
        }
        throw new IllegalArgumentException(type.getFullName() + " has no oneof " + oneofName);
    }

    /** The envelope with request_id and only the given body field, itself completely filled. */
    public static Message envelope(Message.Builder envelope, String requestId, FieldDescriptor body) {
        envelope.setField(envelope.getDescriptorForType().findFieldByName("request_id"), requestId);
        Message.Builder bodyBuilder = envelope.newBuilderForField(body);
        fill(bodyBuilder, 1);
        envelope.setField(body, bodyBuilder.build());
        return envelope.build();
    }

    private static void fill(Message.Builder builder, int depth) {
        Set<OneofDescriptor> filledOneofs = new HashSet<>();
        for (FieldDescriptor field : builder.getDescriptorForType().getFields()) {
            OneofDescriptor oneof = field.getRealContainingOneof();
            if (oneof != null && !filledOneofs.add(oneof)) {
                continue;
            }
            if (field.isRepeated()) {
                for (int i = 0; i < 2; i++) {
                    Object value = value(builder, field, depth, i);
                    if (value != null) {
                        builder.addRepeatedField(field, value);
                    }
                }
            } else {
                Object value = value(builder, field, depth, 0);
                if (value != null) {
                    builder.setField(field, value);
                }
            }
        }
    }

    private static Object value(Message.Builder parent, FieldDescriptor field, int depth, int index) {
        int n = field.getNumber() + index;
        return switch (field.getJavaType()) {
            case INT -> 7 + n;
            case LONG -> 1_000_000_000_000L + n;
            case FLOAT -> 1.5f + n;
            case DOUBLE -> 2.5 + n;
            case BOOLEAN -> true;
            case STRING -> field.getName() + "-" + index + " ëö€ \"quoted\" <tag>";
            case BYTE_STRING -> ByteString.copyFromUtf8("bytes-" + n);
            case ENUM -> lastValue(field.getEnumType());
            case MESSAGE -> message(parent, field, depth, n);
        };
    }

    private static Object lastValue(EnumDescriptor type) {
        return type.getValues().get(type.getValues().size() - 1);
    }

    private static Object message(Message.Builder parent, FieldDescriptor field, int depth, int n) {
        if (field.getMessageType().getFullName().equals(Timestamp.getDescriptor().getFullName())) {
            return Timestamp.newBuilder().setSeconds(1_790_000_000L + n).setNanos(123_000_000).build();
        }
        if (depth >= MAX_DEPTH) {
            return null;
        }
        Message.Builder child = parent.newBuilderForField(field);
        fill(child, depth + 1);
        return child.build();
    }
}
