package nl.spreekuur.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBufAllocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import nl.spreekuur.server.config.TlsSettings;
import nl.spreekuur.server.testsupport.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsContextTest {
    @TempDir
    Path dir;

    @Test
    void aHalfWrittenRenewalKeepsThePreviousCertificateUntilThePairLoads() throws Exception {
        TestCertificates.Pair pair = TestCertificates.create(dir, "first");
        TlsContext context = TlsContext.load(new TlsSettings(pair.cert(), pair.key(), Duration.ofSeconds(1)));
        assertThat(context.reloadIfChanged()).as("nothing changed").isFalse();

        Files.writeString(pair.key(), "-----BEGIN PRIVATE KEY-----\nnot yet\n");
        assertThat(context.reloadIfChanged()).as("a broken key is not taken").isFalse();
        assertThat(context.newHandler(ByteBufAllocator.DEFAULT)).isNotNull();

        TestCertificates.create(dir, "second").installAs(pair);
        assertThat(context.reloadIfChanged()).isTrue();
        assertThat(context.reloadIfChanged()).isFalse();
    }

    @Test
    void filesThatHoldNoCertificateStopTheStartWithAClearMessage() throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "nothing");
        Path key = Files.writeString(dir.resolve("key.pem"), "nothing");
        assertThatThrownBy(() -> TlsContext.load(new TlsSettings(cert, key, Duration.ofSeconds(1))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("tls.cert-file");
    }
}
