package nl.spreekuur.server.store.jdbc;

import java.time.Instant;
import java.util.Optional;
import nl.spreekuur.server.store.WhatNowTexts;

final class JdbcWhatNowTexts implements WhatNowTexts {
    private final Database db;

    JdbcWhatNowTexts(Database db) {
        this.db = db;
    }

    @Override
    public Optional<WhatNow> of(String organisationId) {
        return db.run(c -> Sql.one(c, "SELECT body, phone, website FROM organisation_what_now"
                        + " WHERE organisation_id = ?",
                row -> new WhatNow(row.getString("body"), row.getString("phone"), row.getString("website")),
                organisationId));
    }

    @Override
    public void save(String organisationId, WhatNow whatNow, Instant now) {
        db.transaction(c -> {
            Sql.update(c, "DELETE FROM organisation_what_now WHERE organisation_id = ?", organisationId);
            if (!whatNow.isEmpty()) {
                Sql.update(c, "INSERT INTO organisation_what_now (organisation_id, body, phone, website, updated_at)"
                                + " VALUES (?, ?, ?, ?, ?)", organisationId, whatNow.text(), whatNow.phone(),
                        whatNow.website(), Times.truncate(now));
            }
            return null;
        });
    }
}
