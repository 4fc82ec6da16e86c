package nl.spreekuur.server.accounts;

import java.util.EnumSet;
import java.util.Set;
import nl.spreekuur.protocol.v1.Account;
import nl.spreekuur.protocol.v1.AccountList;
import nl.spreekuur.protocol.v1.ClientMessage.BodyCase;
import nl.spreekuur.protocol.v1.SaveAccount;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.audit.Auditor;
import nl.spreekuur.server.auth.PasswordChecks;
import nl.spreekuur.server.auth.PasswordHasher;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.session.RequestRouter;
import nl.spreekuur.server.store.Accounts;
import nl.spreekuur.server.store.ConflictException;
import nl.spreekuur.server.session.SessionRevocations;

/**
 * Account management by an organisation's org-admins: list, create, change roles and display name, disable.
 * Disabling ends every session of the account at once. The OPERATOR role is never granted here (CLI only).
 */
public final class AccountRequests {
    private static final int MAX_USERNAME = 60;
    private static final int MAX_DISPLAY_NAME = 80;

    private final Accounts accounts;
    private final PasswordChecks passwords;
    private final SessionRevocations revocations;
    private final Auditor auditor;

    public AccountRequests(Accounts accounts, PasswordChecks passwords, SessionRevocations revocations,
                           Auditor auditor) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.revocations = revocations;
        this.auditor = auditor;
    }

    public void register(RequestRouter router) {
        router.on(BodyCase.LIST_ACCOUNTS, (s, r) -> s.send(ServerMessage.newBuilder().setRequestId(r.getRequestId())
                        .setAccountList(list(s.principal())).build()))
                .on(BodyCase.SAVE_ACCOUNT, (s, r) -> s.send(ServerMessage.newBuilder().setRequestId(r.getRequestId())
                        .setAccount(save(s.principal(), r.getSaveAccount())).build()));
    }

    AccountList list(Principal principal) {
        requireAdmin(principal);
        AccountList.Builder list = AccountList.newBuilder();
        // a deleted account stays as a nameless pseudonym (DeleteAccount); it is not listed
        accounts.byOrganisation(principal.organisationId()).stream().filter(a -> !a.displayName().isEmpty())
                .forEach(a -> list.addAccounts(toProto(a)));
        return list.build();
    }

    Account save(Principal principal, SaveAccount request) {
        requireAdmin(principal);
        Account wanted = request.getAccount();
        Set<Role> roles = roles(wanted);
        String displayName = wanted.getDisplayName().strip();
        if (displayName.isEmpty() || displayName.length() > MAX_DISPLAY_NAME) {
            throw RequestException.invalid("display_name must be 1.." + MAX_DISPLAY_NAME + " characters");
        }
        if (wanted.getId().isEmpty()) {
            String username = wanted.getUsername().strip().toLowerCase();
            if (!username.matches("[a-z0-9._-]{2," + MAX_USERNAME + "}")) {
                throw RequestException.invalid("username must be 2.." + MAX_USERNAME + " of a-z 0-9 . _ -");
            }
            char[] password = acceptablePassword(request.getPassword());
            Accounts.Account created;
            try {
                created = accounts.create(principal.organisationId(), username, displayName, hash(password),
                        roles);
            } catch (ConflictException e) {
                throw RequestException.conflict("username already exists in this organisation");
            }
            auditor.record(principal, "account.create", "account", created.id(), null);
            return toProto(created);
        }
        Accounts.Account existing = accounts.byId(wanted.getId())
                .filter(a -> principal.organisationId().equals(a.organisationId()))
                .orElseThrow(() -> RequestException.notFound("account"));
        if (existing.id().equals(principal.id()) && (wanted.getDisabled() || !roles.contains(Role.ORG_ADMIN))) {
            throw RequestException.conflict("you cannot disable yourself or drop your own org-admin role");
        }
        // Checked before anything is changed, so a refused request leaves the account as it was.
        char[] newPassword = request.getPassword().isEmpty() ? null : acceptablePassword(request.getPassword());
        accounts.update(existing.id(), displayName, roles, wanted.getDisabled());
        if (newPassword != null) {
            accounts.setPasswordHash(existing.id(), hash(newPassword));
        }
        if (wanted.getDisabled() && !existing.disabled()) {
            revocations.revokeAllOfAccount(existing.id());
        }
        auditor.record(principal, "account.update", "account", existing.id(), null);
        return toProto(accounts.byId(existing.id()).orElseThrow());
    }

    /** Argon2 runs on the password threads; this worker waits for it (a rare, admin-only request). */
    private String hash(char[] password) {
        try {
            return passwords.hash(password);
        } catch (PasswordChecks.BusyException busy) {
            throw new RequestException(nl.spreekuur.protocol.v1.ErrorCode.RATE_LIMITED,
                    "the server is busy checking passwords; try again shortly");
        }
    }

    private static char[] acceptablePassword(String password) {
        char[] chars = password.toCharArray();
        try {
            PasswordHasher.requireAcceptable(chars);
        } catch (IllegalArgumentException e) {
            throw RequestException.invalid("password must be " + PasswordHasher.MIN_LENGTH + ".."
                    + PasswordHasher.MAX_LENGTH + " characters");
        }
        return chars;
    }

    static Set<Role> roles(Account wanted) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (nl.spreekuur.protocol.v1.Role role : wanted.getRolesList()) {
            switch (role) {
                case ROLE_PROFESSIONAL -> roles.add(Role.PROFESSIONAL);
                case ROLE_SUPERVISOR -> roles.add(Role.SUPERVISOR);
                case ROLE_ORG_ADMIN -> roles.add(Role.ORG_ADMIN);
                case ROLE_QUALITY -> roles.add(Role.QUALITY);
                default -> throw RequestException.invalid("role " + role + " cannot be granted here");
            }
        }
        if (roles.isEmpty()) {
            throw RequestException.invalid("at least one role is required");
        }
        return roles;
    }

    private static void requireAdmin(Principal principal) {
        if (!principal.has(Role.ORG_ADMIN)) {
            throw RequestException.forbidden("requires the org-admin role");
        }
    }

    static Account toProto(Accounts.Account a) {
        Account.Builder b = Account.newBuilder().setId(a.id()).setOrganisationId(a.organisationId())
                .setUsername(a.username()).setDisplayName(a.displayName()).setDisabled(a.disabled());
        a.roles().stream().sorted().forEach(r -> b.addRoles(toProto(r)));
        return b.build();
    }

    static nl.spreekuur.protocol.v1.Role toProto(Role r) {
        return switch (r) {
            case PROFESSIONAL -> nl.spreekuur.protocol.v1.Role.ROLE_PROFESSIONAL;
            case SUPERVISOR -> nl.spreekuur.protocol.v1.Role.ROLE_SUPERVISOR;
            case ORG_ADMIN -> nl.spreekuur.protocol.v1.Role.ROLE_ORG_ADMIN;
            case OPERATOR -> nl.spreekuur.protocol.v1.Role.ROLE_OPERATOR;
            case QUALITY -> nl.spreekuur.protocol.v1.Role.ROLE_QUALITY;
        };
    }
}
