package nl.spreekuur.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import nl.spreekuur.server.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Issue 13: Netty's loggers (whose DEBUG lines name client addresses) stay at INFO when the server runs. */
class NettyLogLevelTest {

    @Test
    void nettyLogsAtInfoOnceAServerExists() {
        try (TestServer server = TestServer.builder().start()) {
            assertThat(System.getProperty(NettyLogLevel.PROPERTY)).isEqualTo("info");
            assertThat(LoggerFactory.getLogger("io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker")
                    .isDebugEnabled()).isFalse();
            assertThat(LoggerFactory.getLogger("io.netty.handler.logging.LoggingHandler").isDebugEnabled())
                    .isFalse();
            assertThat(LoggerFactory.getLogger("io.netty.handler.logging.LoggingHandler").isInfoEnabled()).isTrue();
        }
    }

    @Test
    void anExplicitOperatorChoiceStands() {
        String before = System.getProperty(NettyLogLevel.PROPERTY);
        try {
            System.setProperty(NettyLogLevel.PROPERTY, "warn");
            NettyLogLevel.pin();
            assertThat(System.getProperty(NettyLogLevel.PROPERTY)).isEqualTo("warn");
        } finally {
            System.setProperty(NettyLogLevel.PROPERTY, before == null ? "info" : before);
        }
    }
}
