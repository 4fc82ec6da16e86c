package nl.spreekuur.server.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * A child process for {@link H2RebuildTest}: marks the database open (as the server does), then inserts rows in
 * transactions of 50 as fast as it can and prints the highest committed key, until it is killed. The database is
 * tuned as the server's ({@link H2Tuning}), and a second connection makes it durable every 20 ms the way the server
 * does ({@link H2Sync}), so chunks are written while a transaction is half-way. (It used {@code CHECKPOINT SYNC},
 * which the server no longer uses because it can fsync before H2's background chunk is in the file and leave the
 * header naming an older chunk: a killed file then sometimes referred to a chunk that was never written, and even
 * the rebuild's export could not read it.)
 */
public final class H2KilledWriter {

    private H2KilledWriter() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection connection = DriverManager.getConnection(args[0], "sa", "")) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS store_state (id INT PRIMARY KEY, generation BIGINT NOT NULL,"
                        + " open_since TIMESTAMP WITH TIME ZONE)");
                statement.execute("MERGE INTO store_state KEY (id) VALUES (1, 0, CURRENT_TIMESTAMP)");
                statement.execute("CREATE TABLE IF NOT EXISTS rows_written (id BIGINT PRIMARY KEY, pad VARCHAR(100))");
                H2Tuning.apply(connection);
                H2Sync.sync(connection);
            }
            Thread syncs = new Thread(() -> syncEvery20Ms(args[0]), "syncs");
            syncs.setDaemon(true);
            syncs.start();
            connection.setAutoCommit(false);
            long id = 0;
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO rows_written VALUES (?, ?)")) {
                while (true) {
                    for (int i = 0; i < 50; i++) {
                        insert.setLong(1, ++id);
                        insert.setString(2, "row " + id + " of a writer that is about to be killed");
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    connection.commit();
                    System.out.println(id);
                    System.out.flush();
                }
            }
        }
    }

    private static void syncEvery20Ms(String url) {
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            while (true) {
                H2Sync.sync(connection);
                Thread.sleep(20);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
