package nl.spreekuur.server.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.h2.engine.SessionLocal;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.tx.Transaction;
import org.h2.mvstore.tx.TransactionStore;

/**
 * Reads an H2 database that a killed process left behind without seeing its <em>leftovers</em> (see
 * {@link H2Rebuild}): rows of transactions that never committed and whose undo log did not reach the file.
 *
 * <p>H2 2.5 decides visibility by transaction id: a row version written by transaction {@code n} and not committed
 * is visible to the transaction with id {@code n} only. After a reopen the ids start again from the lowest free one,
 * so the first reader is likely to get the id of a killed writer (seen in {@code H2RebuildTest}: the export then held
 * a few rows of the killed, uncommitted transaction). Ids are handed out lowest first and end at H2's maximum
 * (255 by default); the killed process never had that many transactions open (the pool is far smaller), so its
 * leftovers all carry lower ids. This class takes every id with an empty transaction of its own until H2 has none
 * left, gives back the last (the highest), so the reader's transaction gets it, checks that it did, does the work
 * in it, and then gives all ids back.
 */
final class H2Leftovers {

    private H2Leftovers() {
    }

    /** Runs {@code work} in one transaction of {@code connection} (an embedded H2 one) with the highest id. */
    static <T> T readPast(Connection connection, SqlWork<T> work) throws SQLException {
        SessionLocal session = H2Sync.session(connection);
        TransactionStore transactions = session.getDatabase().getStore().getTransactionStore();
        boolean autoCommit = connection.getAutoCommit();
        List<Transaction> held = new ArrayList<>();
        try {
            connection.setAutoCommit(false);
            while (true) {
                try {
                    held.add(transactions.begin());
                } catch (MVStoreException full) {
                    if (full.getErrorCode() != DataUtils.ERROR_TOO_MANY_OPEN_TRANSACTIONS || held.isEmpty()) {
                        throw full;
                    }
                    break;
                }
            }
            Transaction last = held.remove(held.size() - 1);
            int highest = last.getId();
            last.rollback();
            int own = session.getTransaction().getId();
            if (own != highest) {
                throw new SQLException("the reading transaction got id " + own + ", not the highest (" + highest
                        + "): it could see a killed writer's leftovers");
            }
            T result = work.run(connection);
            connection.commit();
            return result;
        } finally {
            held.forEach(Transaction::rollback);
            connection.setAutoCommit(autoCommit);
        }
    }
}
