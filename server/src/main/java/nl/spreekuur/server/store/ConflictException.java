package nl.spreekuur.server.store;

/** The current state does not allow the change (duplicate, already claimed, conversation ended). Maps to CONFLICT. */
public class ConflictException extends StoreException {
    public ConflictException(String message) {
        super(message);
    }
}
