package nl.spreekuur.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reading transaction gets H2's highest transaction id, and every id is free again afterwards. */
class H2LeftoversTest {
    @TempDir
    Path dir;

    @Test
    void theWorkRunsInTheHighestTransactionIdAndGivesEveryIdBack() throws SQLException {
        String url = "jdbc:h2:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE";
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
             Connection other = DriverManager.getConnection(url, "sa", "")) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE t (id INT PRIMARY KEY)");
                statement.execute("INSERT INTO t VALUES (1)");
            }
            List<Integer> ids = new ArrayList<>();
            long rows = H2Leftovers.readPast(connection, c -> {
                ids.add(transactionId(c));
                try (Statement statement = c.createStatement();
                     var result = statement.executeQuery("SELECT COUNT(*) FROM t")) {
                    result.next();
                    return result.getLong(1);
                }
            });
            assertThat(rows).isEqualTo(1);
            assertThat(ids).singleElement().satisfies(id -> assertThat(id).as("H2's highest id").isEqualTo(255));
            assertThat(connection.getAutoCommit()).as("as it was").isTrue();

            other.setAutoCommit(false);
            try (Statement statement = other.createStatement()) {
                statement.execute("INSERT INTO t VALUES (2)");
            }
            assertThat(transactionId(other)).as("the lowest ids are free again").isLessThan(4);
            other.rollback();
        }
    }

    private static int transactionId(Connection connection) throws SQLException {
        return H2Sync.session(connection).getTransaction().getId();
    }
}
