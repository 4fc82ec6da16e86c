package nl.spreekuur.server.store;

import java.util.List;
import java.util.Optional;

public interface Organisations {

    record Organisation(String id, String slug, String name) {
    }

    /** @throws ConflictException if the slug is taken */
    Organisation create(String slug, String name);

    Optional<Organisation> byId(String id);

    Optional<Organisation> bySlug(String slug);

    List<Organisation> all();
}
