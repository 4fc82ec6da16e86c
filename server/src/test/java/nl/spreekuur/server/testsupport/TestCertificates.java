package nl.spreekuur.server.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed certificates for TLS tests, made by the system's {@code openssl} (installed by bin/test; no test
 * dependency on a crypto library): an EC P-256 key in PKCS#8 PEM and a certificate for {@code localhost} and
 * {@code 127.0.0.1}, valid for a day.
 */
public final class TestCertificates {
    private TestCertificates() {
    }

    /** A certificate/key pair on disk. */
    public record Pair(Path cert, Path key) {
        /** An SSL context that trusts exactly this certificate. */
        public SSLContext trustingIt() throws Exception {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("test", certificate());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        }

        public X509Certificate certificate() throws Exception {
            try (InputStream in = Files.newInputStream(cert)) {
                return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
        }

        /** Moves this pair over {@code target}'s files, each with one atomic rename (as a renewal would). */
        public void installAs(Pair target) throws IOException {
            Files.move(key, target.key(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.move(cert, target.cert(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Writes {@code <name>.crt} and {@code <name>.key} in {@code dir} with the common name {@code name}. */
    public static Pair create(Path dir, String name) throws IOException, InterruptedException {
        Path cert = dir.resolve(name + ".crt");
        Path key = dir.resolve(name + ".key");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=" + name,
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout", key.toString(), "-out", cert.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (openssl.waitFor() != 0) {
            throw new IOException("openssl could not make a test certificate (is openssl installed?)");
        }
        return new Pair(cert, key);
    }
}
