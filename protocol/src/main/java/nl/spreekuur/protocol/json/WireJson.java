package nl.spreekuur.protocol.json;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ServerMessage;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The {@code spreekuur.v1.json} encoding of both envelopes, with a fast path for the messages that dominate a busy
 * server (sending and acknowledging text messages, their pushes, typing, receipts, ping/pong, errors) and JsonFormat
 * for everything else.
 *
 * <p>The contract is JsonFormat's, exactly: decoding gives what {@code JsonFormat.parser().ignoringUnknownFields()}
 * gives, and throws where it throws; encoding gives the text {@code JsonFormat.printer()
 * .omittingInsignificantWhitespace()} gives. The fast path reads with Jackson's streaming parser and writes by hand;
 * whenever it meets anything it cannot vouch for (another message type, a duplicate field, a value form it does not
 * parse itself, malformed JSON, ...) it gives up and the input goes to JsonFormat, so every rejection and every
 * corner case stays JsonFormat's own. The property tests in this package hold the two paths to that. One addition:
 * input nested deeper than {@link JsonNesting#MAX_DEPTH} is refused (InvalidProtocolBufferException) before either
 * path, because JsonFormat's Gson tree builder would overflow the stack on it.
 *
 * <p>Why: JsonFormat builds a parser with its own field-name maps and a Gson tree for every message, which cost a
 * saturated server 10–12 % of its CPU on decoding and 6–10 % on encoding, on the event loop.
 */
public final class WireJson {
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final JsonFactory JACKSON = JsonFactory.builder().build();
    private static final String TOO_DEEP_MESSAGE = "JSON nested deeper than " + JsonNesting.MAX_DEPTH + " levels";

    private WireJson() {
    }

    /** A client frame's UTF-8 bytes → the request. */
    public static ClientMessage decodeClient(byte[] utf8, int offset, int length) throws InvalidProtocolBufferException {
        if (!JsonNesting.withinLimit(utf8, offset, length)) {
            throw new InvalidProtocolBufferException(TOO_DEEP_MESSAGE);
        }
        ClientMessage fast = fastDecodeClient(utf8, offset, length);
        if (fast != null) {
            return fast;
        }
        ClientMessage.Builder builder = ClientMessage.newBuilder();
        PARSER.merge(new String(utf8, offset, length, StandardCharsets.UTF_8), builder);
        return builder.build();
    }

    /** A server frame's text → the server message. */
    public static ServerMessage decodeServer(String json) throws InvalidProtocolBufferException {
        if (!JsonNesting.withinLimit(json)) {
            throw new InvalidProtocolBufferException(TOO_DEEP_MESSAGE);
        }
        ServerMessage fast = fastDecodeServer(json);
        if (fast != null) {
            return fast;
        }
        ServerMessage.Builder builder = ServerMessage.newBuilder();
        PARSER.merge(json, builder);
        return builder.build();
    }

    /** A server message → compact JSON text. */
    public static String encodeServer(ServerMessage message) throws InvalidProtocolBufferException {
        String fast = fastEncodeServer(message);
        return fast != null ? fast : PRINTER.print(message);
    }

    /** A request → compact JSON text. */
    public static String encodeClient(ClientMessage message) throws InvalidProtocolBufferException {
        String fast = fastEncodeClient(message);
        return fast != null ? fast : PRINTER.print(message);
    }

    /**
     * The fast decode alone; null where it leaves the input to JsonFormat.
     *
     * <p>Bytes are decoded by Jackson, but the fallback sees the text Java decodes from them; the two agree only on
     * well-formed UTF-8 (Jackson does not reject overlong forms or encoded surrogates; Java replaces them), and only
     * when Jackson does not take the bytes for UTF-16 or UTF-32 (a zero byte among the first four) or skip a byte
     * order mark. Such input is left to JsonFormat; WebSocket text frames are valid UTF-8 anyway.
     */
    static ClientMessage fastDecodeClient(byte[] utf8, int offset, int length) {
        if (length < 2 || (utf8[offset] & 0xFF) == 0xEF || hasZeroByteInFirstFour(utf8, offset, length)
                || !UnsafeByteOperations.unsafeWrap(utf8, offset, length).isValidUtf8()) {
            return null;
        }
        try (JsonParser parser = JACKSON.createParser(ObjectReadContext.empty(), utf8, offset, length)) {
            return readWhole(parser, ClientMessageReader::read);
        } catch (Uncertain | JacksonException e) {
            return null;
        }
    }

    /** The fast decode alone; null where it leaves the input to JsonFormat (also a leading byte order mark). */
    static ServerMessage fastDecodeServer(String json) {
        if (json.isEmpty() || json.charAt(0) == '\uFEFF') {
            return null;
        }
        try (JsonParser parser = JACKSON.createParser(ObjectReadContext.empty(), json)) {
            return readWhole(parser, ServerMessageReader::read);
        } catch (Uncertain | JacksonException e) {
            return null;
        }
    }

    /** The fast print alone; null where it leaves the message to JsonFormat. */
    static String fastEncodeServer(ServerMessage message) {
        try {
            return ServerMessageWriter.write(message);
        } catch (Uncertain e) {
            return null;
        }
    }

    /** The fast print alone; null where it leaves the message to JsonFormat. */
    static String fastEncodeClient(ClientMessage message) {
        try {
            return ClientMessageWriter.write(message);
        } catch (Uncertain e) {
            return null;
        }
    }

    /** One object and nothing after it but whitespace (JsonFormat ignores trailing content; that case falls back). */
    private static <T> T readWhole(JsonParser parser, Function<JsonParser, T> reader) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw Uncertain.INSTANCE;
        }
        T message = reader.apply(parser);
        if (parser.nextToken() != null) {
            throw Uncertain.INSTANCE;
        }
        return message;
    }

    private static boolean hasZeroByteInFirstFour(byte[] bytes, int offset, int length) {
        for (int i = offset, end = offset + Math.min(4, length); i < end; i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }
}
