package nl.spreekuur.protocol.json;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;

/** What a codec made of one input: a message, or the kind of exception it threw. */
record Outcome(Message message, Class<? extends Exception> failure) {

    interface Decoding {
        Message decode() throws InvalidProtocolBufferException;
    }

    static Outcome of(Decoding decoding) {
        try {
            return new Outcome(decoding.decode(), null);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            return new Outcome(null, e.getClass());
        }
    }
}
