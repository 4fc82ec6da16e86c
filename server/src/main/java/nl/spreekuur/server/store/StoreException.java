package nl.spreekuur.server.store;

/** The store could not do its work (connection lost, timeout). Maps to error code UNAVAILABLE. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
