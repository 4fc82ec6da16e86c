package nl.spreekuur.server.store;

/**
 * The store has more work waiting than it can do in time, so this request was not done (nothing was written).
 * Retrying later with the same ids is safe. Maps to error code UNAVAILABLE, like every {@link StoreException}.
 */
public final class StoreBusyException extends StoreException {
    public StoreBusyException(String message) {
        super(message);
    }
}
