package nl.spreekuur.server.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the test once per WebSocket subprotocol; the method takes the subprotocol as its {@code String} parameter.
 * Both encodings carry the same schema, so every end-to-end behaviour must hold in both.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@ValueSource(strings = {TestWsClient.PROTO, TestWsClient.JSON})
public @interface BothEncodings {
}
