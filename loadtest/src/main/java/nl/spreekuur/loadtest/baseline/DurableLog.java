package nl.spreekuur.loadtest.baseline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The durable baseline's store: the least a server must do to acknowledge a message only once it is on disk. Each
 * record is appended to one file (a length and the bytes), and one thread writes whatever waits, forces the file and
 * then runs the records' callbacks in the order they were appended (group commit). The syncs are spaced like the
 * server's journal (a sync that would start less than {@link #SYNC_GAP_NANOS} after the previous one ended waits for
 * the rest, and covers what arrives meanwhile). No index, no database, no reading back: the bound a real store is
 * measured against, not a store.
 *
 * <p>At most {@link #CAPACITY} records wait; beyond that {@link #append} blocks the calling event loop, which stops
 * it reading, so an overload waits in the clients' sockets.
 */
final class DurableLog implements AutoCloseable {
    static final long SYNC_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    static final int CAPACITY = 65_536;

    private record Pending(byte[] bytes, Runnable done) {
    }

    private final FileChannel file;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Thread writer;
    private volatile boolean closing;
    private volatile boolean failed;
    private long lastSyncEnded = System.nanoTime() - SYNC_GAP_NANOS;
    private volatile long syncs;
    private volatile long records;

    DurableLog(Path path) throws IOException {
        this.file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        this.writer = new Thread(this::run, "baseline-log");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Appends the record; {@code done} runs on the log's thread once it is on disk. */
    void append(byte[] bytes, Runnable done) {
        if (failed) {
            throw new IllegalStateException("the baseline's log failed");
        }
        try {
            queue.put(new Pending(bytes, done));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the log was full", e);
        }
    }

    /** Forces of the file so far. */
    long syncs() {
        return syncs;
    }

    /** Records on disk so far. */
    long records() {
        return records;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (!closing || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long wait = lastSyncEnded + SYNC_GAP_NANOS - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                queue.drainTo(batch);
                write(batch);
                batch.forEach(p -> p.done().run());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (UncheckedIOException e) {
                failed = true;
                System.err.println("baseline log failed: " + e.getCause());
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending> batch) {
        int size = 0;
        for (Pending p : batch) {
            size += Integer.BYTES + p.bytes().length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        for (Pending p : batch) {
            buffer.putInt(p.bytes().length).put(p.bytes());
        }
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                file.write(buffer);
            }
            file.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("the baseline's log failed", e);
        }
        lastSyncEnded = System.nanoTime();
        records += batch.size();
        syncs++;
    }

    @Override
    public void close() throws IOException {
        closing = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        file.close();
    }
}
