package nl.spreekuur.server.http;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Set;

/**
 * The client address of a request: the TCP peer, or, when the peer is one of the configured trusted proxies
 * ({@code http.trusted-proxies}), the right-most address in {@code X-Forwarded-For} that is not itself a trusted
 * proxy. A header from any other peer is ignored, so a client cannot choose its own address. Entries that are not
 * IP literals are never looked up (no DNS): the proxy's own address is used instead.
 */
public final class ClientAddress {
    public static final String FORWARDED_FOR = "X-Forwarded-For";

    private ClientAddress() {
    }

    /** The peer's IP address, or null for a non-IP peer (tests with embedded channels). */
    public static InetAddress peer(SocketAddress peer) {
        return peer instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }

    public static InetAddress resolve(SocketAddress peer, String forwardedFor, Set<InetAddress> trustedProxies) {
        InetAddress address = peer(peer);
        if (address == null || forwardedFor == null || !trustedProxies.contains(address)) {
            return address;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            InetAddress parsed = hop.isEmpty() ? null : NetUtil.createInetAddressFromIpAddressString(hop);
            if (parsed == null) {
                return address;
            }
            if (!trustedProxies.contains(parsed)) {
                return parsed;
            }
            address = parsed;
        }
        return address;
    }

    /** A stable key for rate limits; never logged (client addresses stay out of logs). */
    public static String key(InetAddress address) {
        return address == null ? "unknown" : address.getHostAddress();
    }
}
