package nl.spreekuur.server.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * HTTPS/WSS served by the server itself from PEM files, or off (plain HTTP, e.g. behind a TLS-terminating proxy).
 *
 * @param certFile       the certificate chain (PEM), leaf first; null when TLS is off
 * @param keyFile        its private key (PEM, PKCS#8 "BEGIN PRIVATE KEY"); null when TLS is off
 * @param reloadInterval how often the two files are checked for a change (a renewed certificate is then used for
 *                       new connections without a restart)
 */
public record TlsSettings(Path certFile, Path keyFile, Duration reloadInterval) {

    public boolean enabled() {
        return certFile != null;
    }

    static TlsSettings parse(ServerConfig.Parser p) {
        String cert = p.text(ConfigKey.TLS_CERT_FILE);
        String key = p.text(ConfigKey.TLS_KEY_FILE);
        Duration interval = p.seconds(ConfigKey.TLS_RELOAD_SECONDS, Duration.ofMillis(100), Duration.ofDays(1));
        if (cert.isEmpty() != key.isEmpty()) {
            throw new IllegalArgumentException(ConfigKey.TLS_CERT_FILE.key() + " and " + ConfigKey.TLS_KEY_FILE.key()
                    + " must be set together");
        }
        return cert.isEmpty() ? new TlsSettings(null, null, interval)
                : new TlsSettings(Path.of(cert), Path.of(key), interval);
    }
}
