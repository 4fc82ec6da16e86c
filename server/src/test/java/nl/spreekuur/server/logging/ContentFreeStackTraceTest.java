package nl.spreekuur.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ContentFreeStackTraceTest {

    @Test
    void keepsTypesAndFramesButNoMessagesAlongTheCauseChain() {
        SQLException database = new SQLException("Value too long for column: 'mijn geheime vraag'", "22001");
        IllegalArgumentException wrapped = new IllegalArgumentException("value not accepted: geheim", database);

        String trace = ContentFreeStackTrace.of(wrapped);

        assertThat(trace).startsWith(IllegalArgumentException.class.getName() + "\n");
        assertThat(trace).contains("Caused by: " + SQLException.class.getName());
        assertThat(trace).contains("\tat " + getClass().getName());
        assertThat(trace).doesNotContain("geheim").doesNotContain("Value too long");
    }

    @Test
    void survivesACauseCycle() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        String trace = ContentFreeStackTrace.of(b);
        assertThat(trace.split("Caused by: ", -1)).as("b, then a, then stop").hasSize(2);
    }
}
