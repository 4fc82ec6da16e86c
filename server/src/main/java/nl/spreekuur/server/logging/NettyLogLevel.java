package nl.spreekuur.server.logging;

/**
 * Keeps Netty's own loggers ({@code io.netty}) at INFO even when the server logs at DEBUG: Netty's DEBUG lines name
 * channels with their remote address (client IPs), which the log must never hold (docs/security.md). Sets the
 * slf4j-simple property {@value #PROPERTY} unless the operator set it explicitly (then their choice stands, and
 * docs/operations.md warns what it costs). Must run before Netty's classes create their loggers, i.e. before the
 * transport is built.
 */
public final class NettyLogLevel {
    public static final String PROPERTY = "org.slf4j.simpleLogger.log.io.netty";

    private NettyLogLevel() {
    }

    public static void pin() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "info");
        }
    }
}
