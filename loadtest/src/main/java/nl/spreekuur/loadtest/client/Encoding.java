package nl.spreekuur.loadtest.client;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ServerMessage;

/** The two Spreekuur subprotocols: protobuf in binary frames, canonical JSON in text frames. */
public enum Encoding {
    PROTO("spreekuur.v1.proto"),
    JSON("spreekuur.v1.json");

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private final String subprotocol;

    Encoding(String subprotocol) {
        this.subprotocol = subprotocol;
    }

    public String subprotocol() {
        return subprotocol;
    }

    static String toJson(ClientMessage message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ServerMessage fromJson(String text) throws InvalidProtocolBufferException {
        ServerMessage.Builder builder = ServerMessage.newBuilder();
        PARSER.merge(text, builder);
        return builder.build();
    }
}
