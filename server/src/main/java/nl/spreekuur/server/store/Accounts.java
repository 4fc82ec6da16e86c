package nl.spreekuur.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Staff accounts. Usernames are unique per organisation (case-insensitive, stored lower-case). */
public interface Accounts {

    /**
     * @param organisationId null only for deployment-level OPERATOR accounts
     * @param passwordHash   Argon2id encoded hash; never a plain password
     */
    record Account(String id, String organisationId, String username, String displayName, String passwordHash,
                   Set<Role> roles, boolean disabled, Instant createdAt) {
        public Account {
            roles = Set.copyOf(roles);
        }
    }

    /** Creates the account (id and createdAt are assigned). @throws ConflictException if the username is taken */
    Account create(String organisationId, String username, String displayName, String passwordHash, Set<Role> roles);

    Optional<Account> byId(String id);

    Optional<Account> byUsername(String organisationId, String username);

    List<Account> byOrganisation(String organisationId);

    /** Updates display name, roles and disabled flag. */
    void update(String id, String displayName, Set<Role> roles, boolean disabled);

    void setPasswordHash(String id, String passwordHash);
}
