package nl.spreekuur.server.calls;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import nl.spreekuur.protocol.v1.IceServer;
import nl.spreekuur.protocol.v1.IceServers;
import nl.spreekuur.server.config.CallsConfig;
import nl.spreekuur.server.store.ProtoTime;

/**
 * The ICE servers one participant gets for one call: STUN (configured, or the embedded responder's) and, when
 * configured, TURN with time-limited credentials by the TURN REST API that coturn implements with
 * {@code use-auth-secret}: username {@code "<unix expiry>:<userref>"}, password
 * {@code base64(HMAC-SHA1(secret, username))}. The userref is the participant's opaque id in the conversation.
 */
final class IceServerCredentials {
    private final CallsConfig config;
    private final List<String> stunUrls;

    /**
     * @param publicUrl the URL people open (its host names the embedded STUN responder)
     * @param stunPort  the port the embedded responder listens on (0 = off)
     */
    IceServerCredentials(CallsConfig config, String publicUrl, int stunPort) {
        this.config = config;
        if (!config.stunUrls().isEmpty()) {
            this.stunUrls = config.stunUrls();
        } else if (stunPort > 0) {
            this.stunUrls = List.of("stun:" + hostOf(publicUrl) + ":" + stunPort);
        } else {
            this.stunUrls = List.of();
        }
    }

    private static String hostOf(String publicUrl) {
        try {
            String host = URI.create(publicUrl).getHost();
            return host == null || host.isEmpty() ? "localhost" : host;
        } catch (IllegalArgumentException e) {
            return "localhost";
        }
    }

    boolean turnConfigured() {
        return config.turnConfigured();
    }

    /** When credentials made now expire (null without TURN). */
    Instant expiryFrom(Instant now) {
        return config.turnConfigured() ? now.plus(config.turnTtl()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS) : null;
    }

    /** Credentials expire at {@code expiresAt} (from {@link #expiryFrom}); null without TURN. */
    IceServers forParticipant(String callId, String participantId, Instant expiresAt) {
        IceServers.Builder servers = IceServers.newBuilder().setCallId(callId);
        if (!stunUrls.isEmpty()) {
            servers.addIceServers(IceServer.newBuilder().addAllUrls(stunUrls));
        }
        if (config.turnConfigured() && expiresAt != null) {
            String username = expiresAt.getEpochSecond() + ":" + participantId;
            servers.addIceServers(IceServer.newBuilder().addAllUrls(config.turnUrls()).setUsername(username)
                    .setCredential(password(config.turnSecret(), username)));
            servers.setExpiresAt(ProtoTime.of(expiresAt));
        }
        return servers.build();
    }

    /** The TURN REST API password: base64(HMAC-SHA1(secret, username)). */
    static String password(String secret, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    /** All URLs handed out, for tests and the start-up log (no credentials). */
    List<String> urls() {
        List<String> all = new ArrayList<>(stunUrls);
        if (config.turnConfigured()) {
            all.addAll(config.turnUrls());
        }
        return all;
    }
}
