package nl.spreekuur.server.store.jdbc;

/** The few statements whose syntax differs between H2 and PostgreSQL; everything else is shared SQL. */
enum Dialect {
    H2("SELECT last_seq FROM FINAL TABLE (UPDATE conversations SET last_seq = last_seq + ?"
            + " WHERE id = ? AND ended_at IS NULL)"),
    POSTGRES("UPDATE conversations SET last_seq = last_seq + ? WHERE id = ? AND ended_at IS NULL RETURNING last_seq");

    private final String advanceSeq;

    Dialect(String advanceSeq) {
        this.advanceSeq = advanceSeq;
    }

    /**
     * Reserves seqs for an open conversation in one statement (row-locked until commit) and returns its new
     * last_seq; no row when the conversation is ended or unknown. Parameters: count, conversation id.
     */
    String advanceSeq() {
        return advanceSeq;
    }
}
