package nl.spreekuur.server.transport;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import nl.spreekuur.server.config.TlsSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS context, built by Netty's {@link SslContextBuilder} from the PEM files in {@link TlsSettings}
 * (TLS 1.2 and 1.3, the JDK's or OpenSSL's default cipher suites), and rebuilt when the files change, so a renewed
 * certificate (certbot, an ACME client, a secret mounted by the platform) is used for new connections without a
 * restart; open connections keep the certificate they started with. A change is noticed by modification time and
 * size of both files (followed through symbolic links, as platforms swap a link to renew). A pair that does not
 * load (a half-written renewal, a key that does not match) is logged and the previous one stays in use.
 */
final class TlsContext {
    private static final Logger LOG = LoggerFactory.getLogger(TlsContext.class);
    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final Path certFile;
    private final Path keyFile;
    private final AtomicReference<SslContext> current = new AtomicReference<>();
    private volatile List<Object> stamp;

    private TlsContext(Path certFile, Path keyFile) {
        this.certFile = certFile;
        this.keyFile = keyFile;
    }

    /**
     * @throws IllegalStateException when the files cannot be read or do not hold a certificate and its key
     */
    static TlsContext load(TlsSettings settings) {
        TlsContext context = new TlsContext(settings.certFile(), settings.keyFile());
        List<Object> stamp = context.currentStamp();
        try {
            context.current.set(context.build());
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot load tls.cert-file / tls.key-file (PEM certificate chain and its"
                    + " PKCS#8 private key): " + e.getClass().getSimpleName(), e);
        }
        context.stamp = stamp;
        return context;
    }

    SslHandler newHandler(ByteBufAllocator allocator) {
        return current.get().newHandler(allocator);
    }

    /** Rebuilds the context if either file changed since the last load; returns whether it was replaced. */
    boolean reloadIfChanged() {
        List<Object> now = currentStamp();
        if (Objects.equals(now, stamp)) {
            return false;
        }
        try {
            SslContext rebuilt = build();
            current.set(rebuilt);
            stamp = now;
            LOG.info("TLS certificate reloaded from {}", certFile);
            return true;
        } catch (SSLException | IllegalArgumentException e) {
            // Probably half-way through a renewal: try again at the next check, keep serving the old pair.
            LOG.warn("TLS certificate files changed but do not load ({}); keeping the previous certificate",
                    e.getClass().getSimpleName());
            return false;
        }
    }

    private SslContext build() throws SSLException {
        return SslContextBuilder.forServer(certFile.toFile(), keyFile.toFile())
                .protocols(PROTOCOLS)
                .build();
    }

    private List<Object> currentStamp() {
        try {
            return List.of(Files.getLastModifiedTime(certFile), Files.size(certFile),
                    Files.getLastModifiedTime(keyFile), Files.size(keyFile));
        } catch (IOException e) {
            return List.of(e.getClass().getName());
        }
    }
}
