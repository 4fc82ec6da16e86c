package nl.spreekuur.server.store.jdbc;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import nl.spreekuur.server.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded database's write-ahead journal for the hot path (stored events, receipt positions).
 *
 * <p>H2's MVStore writes a committed change to its file only when it writes a chunk, which rewrites every page the
 * change touched; forcing that per message costs a full page serialisation per index per message. So the hot
 * writes are committed to H2 in memory and then appended here, and the caller is answered once the journal is
 * fsync'd: a sequential append of ~200 bytes, one fsync covering everything appended up to when it started
 * (positions: a caller waits until the durable position passes the end of its records, so one fsync answers every
 * batch appended before it). H2 writes its pages in the background as before, and every few seconds a checkpoint moves
 * to a new segment, forces H2 to disk ({@code CHECKPOINT SYNC}) and deletes the older segments. After a crash,
 * {@link #readAll} returns what the segments hold and the store re-applies whatever the database lost.
 *
 * <p>Records are framed as {@code [int length][int CRC32C][bytes]}; reading stops at the first incomplete or
 * corrupt frame, which can only be a write that was never fsync'd, so never one that was acknowledged. In an
 * encrypted store the bytes are the record sealed by {@link JournalSeal} (segments {@code .sealed}), so no message
 * text reaches the disk in the clear.
 *
 * <p>Order argument: a writer commits to H2 first and journals afterwards, so every record in a segment belongs
 * to a commit made before that segment was closed; the checkpoint after closing it therefore covers it.
 */
final class Journal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    private static final String PREFIX = "journal-";

    /** Runs the database's own durable checkpoint. */
    @FunctionalInterface
    interface DatabaseCheckpoint {
        void run();
    }

    private final Path dir;
    private final JournalSeal seal;
    private final long checkpointBytes;
    private final long checkpointNanos;
    /** Spaces the syncs of {@link #awaitDurable} under load; used by the thread running the sync. */
    private final SyncPacer pacer;
    private final Object lock = new Object();
    private final ReentrantLock forceLock = new ReentrantLock();
    /** One checkpoint or database replacement at a time (the checkpoint thread, compaction, close). */
    private final ReentrantLock checkpointLock = new ReentrantLock();
    private final Object syncMonitor = new Object();
    // guarded by lock: bytes appended over the journal's life (across segments)
    private long appended;
    // guarded by syncMonitor
    private long durable;
    private boolean syncing;
    private long syncs;
    // guarded by lock
    private FileChannel current;
    private long segment;
    private long segmentBytes;
    private long segmentOpenedNanos;
    /** The last segment closed by the previous checkpoint (deleted at the next one); guarded by checkpointLock. */
    private long previousCheckpoint;

    private Journal(Path dir, JournalSeal seal, long firstSegment, long checkpointBytes, long checkpointNanos,
                    SyncPacer pacer) {
        this.dir = dir;
        this.pacer = pacer;
        this.seal = seal;
        this.checkpointBytes = checkpointBytes;
        this.checkpointNanos = checkpointNanos;
        this.segment = firstSegment;
        this.current = openSegment(firstSegment);
        this.segmentOpenedNanos = System.nanoTime();
    }

    /**
     * Opens a new journal in {@code dir} whose segments follow any left there; the caller has re-applied and
     * {@link #deleteAll deleted} those first.
     */
    static Journal open(Path dir, JournalSeal seal, long checkpointBytes, java.time.Duration checkpointInterval) {
        return open(dir, seal, checkpointBytes, checkpointInterval, SyncPacer.none());
    }

    /** As above, the syncs of {@link #awaitDurable} spaced by {@code pacer}. */
    static Journal open(Path dir, JournalSeal seal, long checkpointBytes, java.time.Duration checkpointInterval,
                        SyncPacer pacer) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException("cannot create the journal directory", e);
        }
        long next = segments(dir).stream().mapToLong(Journal::number).max().orElse(0) + 1;
        return new Journal(dir, seal, next, checkpointBytes, checkpointInterval.toNanos(), pacer);
    }

    /** Appends the records and returns once they are on disk. */
    void write(List<? extends JournalRecord> records) {
        awaitDurable(append(records));
    }

    /**
     * Returns once the journal is on disk up to {@code position} (as returned by {@link #append}). The first waiter
     * forces the file, under load after the {@link SyncPacer}'s gap; everyone whose records were appended before that
     * force started is answered by it.
     */
    void awaitDurable(long position) {
        while (true) {
            synchronized (syncMonitor) {
                while (syncing && durable < position) {
                    try {
                        syncMonitor.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new StoreException("interrupted while waiting for the journal");
                    }
                }
                if (durable >= position) {
                    return;
                }
                syncing = true;
            }
            long covered = 0;
            try {
                pacer.beforeSync();
                covered = forceCurrent();
            } finally {
                synchronized (syncMonitor) {
                    pacer.afterSync();
                    syncs++;
                    durable = Math.max(durable, covered);
                    syncing = false;
                    syncMonitor.notifyAll();
                }
            }
        }
    }

    /**
     * Appends the records without waiting for the disk; returns the position to {@link #awaitDurable} for. Records
     * are on disk in the order they were appended, so an fsync always covers a prefix of the journal.
     */
    long append(List<? extends JournalRecord> records) {
        if (records.isEmpty()) {
            synchronized (lock) {
                return appended;
            }
        }
        ByteBuffer frames = frame(records);
        synchronized (lock) {
            try {
                while (frames.hasRemaining()) {
                    current.write(frames);
                }
            } catch (IOException e) {
                throw new StoreException("cannot write the journal", e);
            }
            segmentBytes += frames.limit();
            appended += frames.limit();
            return appended;
        }
    }

    /** How many syncs {@link #awaitDurable} ran (each covering everything appended before it started). */
    long syncs() {
        synchronized (syncMonitor) {
            return syncs;
        }
    }

    /** Whether the current segment is big or old enough for {@link #checkpoint}. */
    boolean checkpointDue() {
        synchronized (lock) {
            return segmentBytes > 0 && (segmentBytes >= checkpointBytes
                    || System.nanoTime() - segmentOpenedNanos >= checkpointNanos);
        }
    }

    /**
     * Closes the current segment, has the database write everything to disk, then deletes the closed segments
     * (their records are all in the database file now).
     */
    void checkpoint(DatabaseCheckpoint database) {
        checkpointLock.lock();
        try {
            long closed = closeSegment();
            if (closed < 0) {
                return;
            }
            database.run();
            // Segments are deleted one checkpoint late: only once a second database sync, started after the one
            // that should have covered them, has completed. H2 may still be writing an earlier chunk when it is
            // asked to sync, and a segment is cheap to keep for another interval; replay is idempotent.
            long deletable = previousCheckpoint;
            previousCheckpoint = closed;
            deleteThrough(deletable);
        } finally {
            checkpointLock.unlock();
        }
    }

    /**
     * For a compaction: closes the current segment, runs {@code replacement} (which replaces the database file by
     * one that holds everything committed so far, durably), then deletes every closed segment at once. Their
     * records were committed before they were appended, so before the replacement started; none is needed any
     * more, and records of content purged since no longer stay on disk in a segment waiting for a later
     * checkpoint. Records appended meanwhile go to the new segment, which stays. If {@code replacement} throws,
     * every segment stays (the next start replays them).
     *
     * @return how many segments were deleted
     */
    int aroundReplacement(Runnable replacement) {
        checkpointLock.lock();
        try {
            long closed = closeSegment();
            if (closed < 0) {
                synchronized (lock) {
                    closed = segment - 1;
                }
            }
            replacement.run();
            previousCheckpoint = closed;
            return deleteThrough(closed);
        } finally {
            checkpointLock.unlock();
        }
    }

    /** Moves appends to a new segment and closes the old one; returns its number, or -1 if it was empty. */
    private long closeSegment() {
        forceLock.lock();
        try {
            FileChannel old;
            long closed;
            synchronized (lock) {
                if (segmentBytes == 0) {
                    return -1;
                }
                old = current;
                closed = segment;
                segment++;
                current = openSegment(segment);
                segmentBytes = 0;
                segmentOpenedNanos = System.nanoTime();
            }
            old.force(false);
            old.close();
            return closed;
        } catch (IOException e) {
            throw new StoreException("cannot close a journal segment", e);
        } finally {
            forceLock.unlock();
        }
    }

    private int deleteThrough(long last) {
        int deleted = 0;
        for (Path path : segments(dir)) {
            if (number(path) <= last) {
                delete(path);
                deleted++;
            }
        }
        return deleted;
    }

    /** Every record the journal directory holds, oldest first; stops per segment at an incomplete frame. */
    static List<JournalRecord> readAll(Path dir, JournalSeal seal) {
        List<JournalRecord> records = new ArrayList<>();
        for (Path path : segments(dir)) {
            readSegment(path, seal, records);
        }
        return records;
    }

    /** Deletes every segment (after their records were re-applied and the database synced). */
    static void deleteAll(Path dir) {
        for (Path path : segments(dir)) {
            delete(path);
        }
    }

    @Override
    public void close() {
        checkpointLock.lock();
        forceLock.lock();
        try {
            synchronized (lock) {
                current.force(false);
                current.close();
            }
        } catch (IOException e) {
            LOG.warn("could not close the journal: {}", e.getClass().getName());
        } finally {
            forceLock.unlock();
            checkpointLock.unlock();
        }
    }

    /** Forces the current segment; returns the position it covers (everything appended before it started). */
    private long forceCurrent() {
        forceLock.lock();
        try {
            FileChannel channel;
            long covers;
            synchronized (lock) {
                channel = current;
                covers = appended;
            }
            channel.force(false);
            return covers;
        } catch (IOException e) {
            throw new StoreException("journal fsync failed", e);
        } finally {
            forceLock.unlock();
        }
    }

    private ByteBuffer frame(List<? extends JournalRecord> records) {
        List<byte[]> encoded = new ArrayList<>(records.size());
        int size = 0;
        JournalSeal.Batch sealer = seal.batch();
        for (JournalRecord record : records) {
            byte[] bytes = sealer.seal(record.encode());
            encoded.add(bytes);
            size += 8 + bytes.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        CRC32C crc = new CRC32C();
        for (byte[] bytes : encoded) {
            crc.reset();
            crc.update(bytes);
            buffer.putInt(bytes.length).putInt((int) crc.getValue()).put(bytes);
        }
        return buffer.flip();
    }

    private static void readSegment(Path path, JournalSeal seal, List<JournalRecord> into) {
        String suffix = suffix(path);
        javax.crypto.Cipher cipher = JournalSeal.CLEAR_SUFFIX.equals(suffix) ? null : JournalSeal.newCipher();
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(path)))) {
            CRC32C crc = new CRC32C();
            while (true) {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException end) {
                    return;
                }
                int checksum = in.readInt();
                if (length <= 0 || length > 16 * 1024 * 1024) {
                    LOG.warn("journal segment {} ends in an incomplete record; the rest is ignored", path.getFileName());
                    return;
                }
                byte[] bytes = new byte[length];
                in.readFully(bytes);
                crc.reset();
                crc.update(bytes);
                if ((int) crc.getValue() != checksum) {
                    LOG.warn("journal segment {} ends in a corrupt record; the rest is ignored", path.getFileName());
                    return;
                }
                byte[] record = seal.open(bytes, suffix, cipher);
                into.add(JournalRecord.decode(new DataInputStream(new ByteArrayInputStream(record))));
            }
        } catch (EOFException torn) {
            LOG.warn("journal segment {} ends in an incomplete record; the rest is ignored", path.getFileName());
        } catch (IOException e) {
            throw new StoreException("cannot read the journal", e);
        }
    }

    /** A new segment, with its directory entry fsync'd so the file itself survives a crash. */
    private FileChannel openSegment(long number) {
        try {
            FileChannel channel = FileChannel.open(dir.resolve(PREFIX + String.format("%016d", number) + seal.suffix()),
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
                directory.force(true);
            }
            return channel;
        } catch (IOException e) {
            throw new StoreException("cannot open a journal segment", e);
        }
    }

    private static List<Path> segments(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(PREFIX) && suffix(p) != null)
                    .sorted(java.util.Comparator.comparingLong(Journal::number))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long number(Path path) {
        String name = path.getFileName().toString();
        return Long.parseLong(name.substring(PREFIX.length(), name.length() - suffix(path).length()));
    }

    /** A segment's suffix ({@link JournalSeal#CLEAR_SUFFIX} or {@link JournalSeal#SEALED_SUFFIX}), or null. */
    private static String suffix(Path path) {
        String name = path.getFileName().toString();
        if (name.endsWith(JournalSeal.CLEAR_SUFFIX)) {
            return JournalSeal.CLEAR_SUFFIX;
        }
        return name.endsWith(JournalSeal.SEALED_SUFFIX) ? JournalSeal.SEALED_SUFFIX : null;
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("could not delete journal segment {}: {}", path.getFileName(), e.getClass().getName());
        }
    }
}
