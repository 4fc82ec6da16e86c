package nl.spreekuur.server.store.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.mvstore.DataUtils;
import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * A disk that can lose power, for H2 ({@code jdbc:h2:powercut:/path}): files are written through to the real
 * file, and every write since the file's last fsync is remembered with the bytes it replaced. {@link #cut} writes
 * what the disk could hold if the power failed now: the file as of its last fsync, plus any of the later writes,
 * each whole, torn after some of its 4 KiB blocks, or not at all. {@link #kill} writes what a killed process leaves:
 * every write.
 */
public final class PowerCutPath extends FilePathWrapper {
    static final String SCHEME = "powercut";
    private static final int BLOCK = 4096;
    /** Open files by their path on the real disk. */
    private static final ConcurrentHashMap<String, Disk> DISKS = new ConcurrentHashMap<>();

    static {
        FilePath.register(new PowerCutPath());
    }

    static String prefix() {
        return SCHEME + ":";
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        FileChannel base = super.open(mode);
        Disk disk = DISKS.computeIfAbsent(getBase().toString(), name -> new Disk());
        return disk.attach(base);
    }

    /** How often a write went into a part of the file that was there at the last fsync (space H2 reused). */
    static int overwrites(Path file) {
        Disk disk = DISKS.get(file.toString());
        return disk == null ? 0 : disk.overwrites.get();
    }

    /** Writes to {@code target} what the disk could hold of {@code file} if the power failed now. */
    static void cut(Path file, Path target, Random random) {
        image(file, target, random, false);
    }

    /** Writes to {@code target} what the disk holds of {@code file} if the process is killed now: every write. */
    static void kill(Path file, Path target) {
        image(file, target, null, true);
    }

    private static void image(Path file, Path target, Random random, boolean everyWrite) {
        Disk disk = DISKS.get(file.toString());
        if (disk == null) {
            throw new IllegalStateException("not open: " + file);
        }
        try {
            disk.image(target, random, everyWrite);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void forget(Path file) {
        DISKS.remove(file.toString());
    }

    /** A write since the last fsync: where, what it wrote, what was there before (null beyond the old end). */
    private record Pending(long position, byte[] written, byte[] replaced) {
    }

    /** One file on the simulated disk; every channel H2 opens on it shares it. */
    private static final class Disk {
        private final List<Pending> pending = new ArrayList<>();
        private final AtomicInteger overwrites = new AtomicInteger();
        private FileChannel channel;
        private long durableSize = -1;

        synchronized FileChannel attach(FileChannel base) throws IOException {
            channel = base;
            if (durableSize < 0) {
                durableSize = base.size();
            }
            return new Channel(this, base);
        }

        synchronized int write(FileChannel base, ByteBuffer src, long position) throws IOException {
            byte[] written = new byte[src.remaining()];
            src.duplicate().get(written);
            long size = base.size();
            byte[] replaced = null;
            if (position < size) {
                replaced = new byte[(int) Math.min(written.length, size - position)];
                DataUtils.readFully(base, position, ByteBuffer.wrap(replaced));
            }
            if (position < durableSize) {
                overwrites.incrementAndGet();
            }
            pending.add(new Pending(position, written, replaced));
            return base.write(src, position);
        }

        synchronized void force(FileChannel base, boolean metaData) throws IOException {
            base.force(metaData);
            pending.clear();
            durableSize = base.size();
        }

        synchronized void truncate(FileChannel base, long size) throws IOException {
            // Kept simple: a truncation counts as durable at once (the file only loses free space at its end).
            base.force(true);
            pending.clear();
            base.truncate(size);
            durableSize = base.size();
        }

        synchronized void image(Path target, Random random, boolean everyWrite) throws IOException {
            long size = channel.size();
            byte[] image = new byte[(int) Math.max(size, durableSize)];
            DataUtils.readFully(channel, 0, ByteBuffer.wrap(image, 0, (int) size));
            // Undo every write since the last fsync, newest first: the file as of that fsync.
            for (int i = pending.size() - 1; i >= 0; i--) {
                Pending write = pending.get(i);
                if (write.replaced() != null) {
                    System.arraycopy(write.replaced(), 0, image, (int) write.position(), write.replaced().length);
                }
            }
            byte[] disk = Arrays.copyOf(image, (int) durableSize);
            for (Pending write : pending) {
                if (!everyWrite && random.nextBoolean()) {
                    continue;
                }
                int blocks = (write.written().length + BLOCK - 1) / BLOCK;
                int kept = !everyWrite && random.nextInt(4) == 0 ? random.nextInt(blocks + 1) : blocks;
                int length = Math.min(write.written().length, kept * BLOCK);
                long end = write.position() + length;
                if (end > disk.length) {
                    disk = Arrays.copyOf(disk, (int) end);
                }
                System.arraycopy(write.written(), 0, disk, (int) write.position(), length);
            }
            Files.write(target, disk);
        }
    }

    /** The channel H2 gets: writes, fsyncs and truncations go through the disk. */
    private static final class Channel extends FileBase {
        private final Disk disk;
        private final FileChannel base;

        Channel(Disk disk, FileChannel base) {
            this.disk = disk;
            this.base = base;
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return disk.write(base, src, position);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            synchronized (disk) {
                long position = base.position();
                int written = disk.write(base, src, position);
                base.position(position + written);
                return written;
            }
        }

        @Override
        public void force(boolean metaData) throws IOException {
            disk.force(base, metaData);
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            disk.truncate(base, size);
            return this;
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return base.read(dst, position);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return base.read(dst);
        }

        @Override
        public long position() throws IOException {
            return base.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            base.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return base.size();
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return base.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            base.close();
        }
    }
}
