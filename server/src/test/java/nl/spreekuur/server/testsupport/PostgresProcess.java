package nl.spreekuur.server.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A private PostgreSQL cluster for the test JVM: initdb into a temporary directory, started on a free loopback
 * port, stopped by a shutdown hook. One instance per JVM ({@link #shared()}); each test class takes its own
 * database ({@link #newDatabase()}).
 *
 * <p>PostgreSQL refuses to run as root. When the JVM runs as root (as in CI containers), the cluster is created
 * and run as the {@code postgres} system user through {@code runuser}.
 */
public final class PostgresProcess implements AutoCloseable {

    private static final Path POSTGRES_VERSIONS = Path.of("/usr/lib/postgresql");
    private static final String SUPERUSER = "postgres";
    private static final long START_TIMEOUT_SECONDS = 60;

    private static PostgresProcess shared;

    private final Path bin;
    private final Path baseDir;
    private final Path dataDir;
    private final boolean asPostgresUser;
    private final AtomicInteger databases = new AtomicInteger();
    private int port;

    private PostgresProcess(Path bin, Path baseDir, boolean asPostgresUser) {
        this.bin = bin;
        this.baseDir = baseDir;
        this.dataDir = baseDir.resolve("data");
        this.asPostgresUser = asPostgresUser;
    }

    /** The JVM's cluster, started on first use. */
    public static synchronized PostgresProcess shared() {
        if (shared == null) {
            PostgresProcess process = create();
            process.start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::stop, "postgres-test-stop"));
            shared = process;
        }
        return shared;
    }

    /** A cluster of the test's own (which it may pause); close it after the test. */
    public static PostgresProcess startOwn() {
        PostgresProcess process = create();
        process.start();
        return process;
    }

    /** Stops the server at once (as a crash would), keeping its data and port: clients get connection errors. */
    public void pause() {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "immediate", "-w", "stop"),
                "pg_ctl stop");
    }

    /** Starts a paused server again on the same port (after recovery from its WAL). */
    public void resume() {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-l",
                baseDir.resolve("postgres.log").toString(), "-o", options(), "-w",
                "-t", String.valueOf(START_TIMEOUT_SECONDS), "start"), "pg_ctl start");
    }

    @Override
    public void close() {
        stop();
    }

    /** Creates an empty database and returns its JDBC URL (user {@link #user()}, no password). */
    public String newDatabase() {
        String name = "test_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return jdbcUrl(name);
    }

    public String user() {
        return SUPERUSER;
    }

    public String password() {
        return "";
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private static PostgresProcess create() {
        Path bin = newestBinaries();
        boolean asPostgresUser = "root".equals(System.getProperty("user.name"));
        try {
            Path baseDir = Files.createTempDirectory("spreekuur-pg-");
            if (asPostgresUser) {
                UserPrincipal postgres = baseDir.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(SUPERUSER);
                Files.setOwner(baseDir, postgres);
            }
            PostgresProcess process = new PostgresProcess(bin, baseDir, asPostgresUser);
            process.initdb();
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a PostgreSQL cluster", e);
        }
    }

    private static Path newestBinaries() {
        if (!Files.isDirectory(POSTGRES_VERSIONS)) {
            throw missingBinaries();
        }
        try (Stream<Path> versions = Files.list(POSTGRES_VERSIONS)) {
            return versions
                    .filter(dir -> Files.isExecutable(dir.resolve("bin/postgres")))
                    .max(Comparator.comparingInt(PostgresProcess::majorVersion))
                    .map(dir -> dir.resolve("bin"))
                    .orElseThrow(PostgresProcess::missingBinaries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int majorVersion(Path versionDir) {
        try {
            return Integer.parseInt(versionDir.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static IllegalStateException missingBinaries() {
        return new IllegalStateException("PostgreSQL server binaries not found under " + POSTGRES_VERSIONS
                + "/<version>/bin; install the 'postgresql' package (bin/test does this)");
    }

    private void initdb() {
        run(List.of(bin.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", SUPERUSER,
                "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"), "initdb");
    }

    private void start() {
        port = FreePorts.launchOnFreePort(free -> {
            port = free;
            // pg_ctl -w returns once the server accepts connections, so nobody has to poll for it.
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-l",
                    baseDir.resolve("postgres.log").toString(), "-o", options(), "-w",
                    "-t", String.valueOf(START_TIMEOUT_SECONDS), "start"), "pg_ctl start");
        });
    }

    private String options() {
        return "-c listen_addresses=127.0.0.1 -p " + port + " -k " + baseDir
                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
    }

    private void stop() {
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "immediate", "-w", "stop"),
                    "pg_ctl stop");
        } finally {
            deleteRecursively(baseDir);
        }
    }

    private void run(List<String> command, String what) {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", SUPERUSER, "--"));
        }
        full.addAll(command);
        try {
            Process process = new ProcessBuilder(full)
                    .directory(baseDir.toFile())
                    .redirectErrorStream(true)
                    .start();
            // pg_ctl's server keeps running after pg_ctl exits; its output goes to postgres.log, not to this pipe.
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(START_TIMEOUT_SECONDS * 2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(what + " did not finish");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(what + " failed (exit " + process.exitValue() + "):\n" + output
                        + serverLog());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + what, e);
        }
    }

    private String serverLog() {
        Path log = baseDir.resolve("postgres.log");
        try {
            return Files.exists(log) ? "\npostgres.log:\n" + Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: it is a temporary directory
        }
    }
}
