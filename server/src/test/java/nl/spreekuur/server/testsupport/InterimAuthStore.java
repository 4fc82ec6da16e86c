package nl.spreekuur.server.testsupport;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import nl.spreekuur.server.auth.Role;
import nl.spreekuur.server.store.Accounts;
import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.store.AuditLog;
import nl.spreekuur.server.store.ConflictException;
import nl.spreekuur.server.store.Conversations;
import nl.spreekuur.server.store.InternalNotes;
import nl.spreekuur.server.store.OfficeHours;
import nl.spreekuur.server.store.OfflineMessages;
import nl.spreekuur.server.store.Organisations;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.store.Queue;
import nl.spreekuur.server.store.Sessions;
import nl.spreekuur.server.store.Sessions.Kind;
import nl.spreekuur.server.store.Sessions.Session;
import nl.spreekuur.server.store.StatisticsLog;
import nl.spreekuur.server.store.Store;

/** Interim: organisations, accounts and sessions in memory until the JDBC store lands; then deleted. */
public final class InterimAuthStore implements Store {
    private final Map<String, Organisation> orgs = new ConcurrentHashMap<>();
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private volatile boolean open = true;

    private final Organisations organisations = new Orgs();
    private final Accounts accountsPart = new Accts();
    private final Sessions sessionsPart = new Sess();

    @Override public Organisations organisations() { return organisations; }
    @Override public Accounts accounts() { return accountsPart; }
    @Override public Sessions sessions() { return sessionsPart; }
    @Override public Conversations conversations() { throw new UnsupportedOperationException(); }
    @Override public OfficeHours officeHours() { throw new UnsupportedOperationException(); }
    @Override public Queue queue() { throw new UnsupportedOperationException(); }
    @Override public OfflineMessages offlineMessages() { throw new UnsupportedOperationException(); }
    @Override public InternalNotes internalNotes() { throw new UnsupportedOperationException(); }
    @Override public AuditLog audit() { throw new UnsupportedOperationException(); }
    @Override public StatisticsLog statistics() { throw new UnsupportedOperationException(); }
    @Override public boolean isHealthy() { return open; }
    @Override public void close() { open = false; }

    private final class Orgs implements Organisations {
    @Override
    public synchronized Organisation create(String slug, String name) {
        if (bySlug(slug).isPresent()) {
            throw new ConflictException("slug taken");
        }
        Organisation org = new Organisation(UUID.randomUUID().toString(), slug, name);
        orgs.put(org.id(), org);
        return org;
    }

    @Override public Optional<Organisation> byId(String id) { return Optional.ofNullable(orgs.get(id)); }

    @Override
    public Optional<Organisation> bySlug(String slug) {
        return orgs.values().stream().filter(o -> o.slug().equals(slug)).findFirst();
    }

    @Override public List<Organisation> all() { return new ArrayList<>(orgs.values()); }
    }

    private final class Accts implements Accounts {
    @Override public Optional<Account> byId(String id) { return Optional.ofNullable(accounts.get(id)); }

    @Override
    public synchronized Account create(String organisationId, String username, String displayName,
                                       String passwordHash, Set<Role> roles) {
        if (byUsername(organisationId, username).isPresent()) {
            throw new ConflictException("username taken");
        }
        Account a = new Account(UUID.randomUUID().toString(), organisationId, username.toLowerCase(), displayName,
                passwordHash, roles, false, Instant.now());
        accounts.put(a.id(), a);
        return a;
    }

    @Override
    public Optional<Account> byUsername(String organisationId, String username) {
        return accounts.values().stream().filter(a -> java.util.Objects.equals(a.organisationId(), organisationId)
                && a.username().equals(username.toLowerCase())).findFirst();
    }

    @Override
    public List<Account> byOrganisation(String organisationId) {
        return accounts.values().stream().filter(a -> organisationId.equals(a.organisationId())).toList();
    }

    @Override
    public void update(String id, String displayName, Set<Role> roles, boolean disabled) {
        accounts.computeIfPresent(id, (k, a) -> new Account(a.id(), a.organisationId(), a.username(), displayName,
                a.passwordHash(), roles, disabled, a.createdAt()));
    }

    @Override
    public void setPasswordHash(String id, String passwordHash) {
        accounts.computeIfPresent(id, (k, a) -> new Account(a.id(), a.organisationId(), a.username(),
                a.displayName(), passwordHash, a.roles(), a.disabled(), a.createdAt()));
    }

    }

    private final class Sess implements Sessions {
    @Override public Optional<Session> byId(String id) { return Optional.ofNullable(sessions.get(id)); }

    @Override
    public Session create(String tokenHash, Kind kind, String accountId, String organisationId, Instant createdAt,
                          Instant expiresAt) {
        Session s = new Session(UUID.randomUUID().toString(), tokenHash, kind, accountId, organisationId, createdAt,
                expiresAt, null);
        sessions.put(s.id(), s);
        return s;
    }

    @Override
    public Optional<Session> byTokenHash(String tokenHash) {
        return sessions.values().stream().filter(s -> s.tokenHash().equals(tokenHash)).findFirst();
    }

    @Override
    public synchronized boolean revoke(String sessionId, Instant at) {
        Session s = sessions.get(sessionId);
        if (s == null || s.revokedAt() != null) {
            return false;
        }
        sessions.put(sessionId, new Session(s.id(), s.tokenHash(), s.kind(), s.accountId(), s.organisationId(),
                s.createdAt(), s.expiresAt(), at));
        return true;
    }

    @Override
    public List<String> revokeAllOfAccount(String accountId, Instant at) {
        List<String> ids = new ArrayList<>();
        for (Session s : List.copyOf(sessions.values())) {
            if (accountId.equals(s.accountId()) && revoke(s.id(), at)) {
                ids.add(s.id());
            }
        }
        return ids;
    }

    @Override public int deleteEndedBefore(Instant cutoff) { return 0; }
    }
}
