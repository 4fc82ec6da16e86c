package nl.spreekuur.server.transport;

/**
 * Passed down the pipeline in place of a frame that could not be decoded, so the rate limiter counts it and the
 * envelope stage answers MALFORMED.
 */
enum UndecodableFrame {
    INSTANCE
}
