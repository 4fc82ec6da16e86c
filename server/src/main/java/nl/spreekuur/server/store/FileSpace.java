package nl.spreekuur.server.store;

/**
 * How the embedded database file is used: its size, how much of it holds live data (H2's own estimate, from the
 * fill rate of the file and of its chunks), and how many events were handed to the store since it opened (so a
 * caller can tell a quiet store from a busy one).
 */
public record FileSpace(long fileBytes, long liveBytes, long eventsAppended) {

    public FileSpace {
        if (fileBytes < 0 || liveBytes < 0 || eventsAppended < 0) {
            throw new IllegalArgumentException("negative file space");
        }
        liveBytes = Math.min(liveBytes, fileBytes);
    }

    /** The share of the file that is not live data, 0–100. */
    public int deadPercent() {
        return fileBytes == 0 ? 0 : (int) ((fileBytes - liveBytes) * 100 / fileBytes);
    }
}
