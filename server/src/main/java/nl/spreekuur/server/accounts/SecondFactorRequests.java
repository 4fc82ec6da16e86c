package nl.spreekuur.server.accounts;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nl.spreekuur.protocol.v1.ClientMessage.BodyCase;
import nl.spreekuur.protocol.v1.ConfirmTotpEnrolment;
import nl.spreekuur.protocol.v1.RecoveryCodes;
import nl.spreekuur.protocol.v1.ResetSecondFactor;
import nl.spreekuur.protocol.v1.SecondFactorStatus;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.SetSecondFactorPolicy;
import nl.spreekuur.protocol.v1.TotpEnrolment;
import nl.spreekuur.server.audit.Auditor;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.auth.SecondFactor;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.session.RequestRouter;
import nl.spreekuur.server.session.SessionRevocations;
import nl.spreekuur.server.store.Accounts;
import nl.spreekuur.server.store.Organisations;
import nl.spreekuur.server.store.Role;

/**
 * A staff member's own second factor (status, enrol, confirm, remove) and, for org-admins, the organisation's policy
 * of which roles must use one and resetting a colleague's factor (lost phone). Every change is audit-logged
 * ({@code second_factor.enrolment_started}, {@code second_factor.enabled}, {@code second_factor.removed},
 * {@code second_factor.reset}, {@code second_factor.policy}). Codes and secrets are never logged.
 */
public final class SecondFactorRequests {
    private final Accounts accounts;
    private final Organisations organisations;
    private final SecondFactor secondFactor;
    private final SessionRevocations revocations;
    private final Auditor auditor;

    public SecondFactorRequests(Accounts accounts, Organisations organisations, SecondFactor secondFactor,
                                SessionRevocations revocations, Auditor auditor) {
        this.accounts = accounts;
        this.organisations = organisations;
        this.secondFactor = secondFactor;
        this.revocations = revocations;
        this.auditor = auditor;
    }

    public void register(RequestRouter router) {
        router.on(BodyCase.GET_SECOND_FACTOR, (s, r) -> s.send(ServerMessage.newBuilder()
                        .setRequestId(r.getRequestId()).setSecondFactorStatus(status(s.principal())).build()))
                .on(BodyCase.START_TOTP_ENROLMENT, (s, r) -> s.send(ServerMessage.newBuilder()
                        .setRequestId(r.getRequestId()).setTotpEnrolment(start(s.principal())).build()))
                .on(BodyCase.CONFIRM_TOTP_ENROLMENT, (s, r) -> s.send(ServerMessage.newBuilder()
                        .setRequestId(r.getRequestId())
                        .setRecoveryCodes(confirm(s.principal(), r.getConfirmTotpEnrolment())).build()))
                .on(BodyCase.RESET_SECOND_FACTOR, (s, r) -> s.send(ServerMessage.newBuilder()
                        .setRequestId(r.getRequestId())
                        .setSecondFactorStatus(reset(s.principal(), r.getResetSecondFactor())).build()))
                .on(BodyCase.SET_SECOND_FACTOR_POLICY, (s, r) -> s.send(ServerMessage.newBuilder()
                        .setRequestId(r.getRequestId())
                        .setSecondFactorStatus(policy(s.principal(), r.getSetSecondFactorPolicy())).build()));
    }

    SecondFactorStatus status(Principal principal) {
        Accounts.Account account = self(principal);
        SecondFactorStatus.Builder status = SecondFactorStatus.newBuilder()
                .setEnabled(secondFactor.enabled(account.id()))
                .setRequired(account.organisationId() != null && secondFactor.required(account))
                .setRecoveryCodesLeft(secondFactor.recoveryCodesLeft(account.id()));
        if (account.organisationId() != null) {
            secondFactor.requiredRoles(account.organisationId()).stream().sorted()
                    .forEach(role -> status.addRequiredRoles(AccountRequests.toProto(role)));
            if (principal.has(Role.ORG_ADMIN)) {
                secondFactor.enabledAccounts(account.organisationId()).stream().sorted()
                        .forEach(status::addEnabledAccountIds);
            }
        }
        return status.build();
    }

    TotpEnrolment start(Principal principal) {
        Accounts.Account account = self(principal);
        String label = account.username() + Optional.ofNullable(account.organisationId())
                .flatMap(organisations::byId).map(org -> "@" + org.slug()).orElse("");
        SecondFactor.Enrolment enrolment = secondFactor.start(account, label);
        auditor.record(principal, "second_factor.enrolment_started", "account", account.id(), null);
        return TotpEnrolment.newBuilder().setManualKey(enrolment.manualKey()).setKeyUri(enrolment.keyUri())
                .setQrPath(enrolment.qr().path()).setQrSize(enrolment.qr().size()).build();
    }

    RecoveryCodes confirm(Principal principal, ConfirmTotpEnrolment request) {
        Accounts.Account account = self(principal);
        List<String> codes = secondFactor.confirm(account.id(), request.getCode())
                .orElseThrow(() -> RequestException.invalid("the code is wrong, or no enrolment was started"));
        auditor.record(principal, "second_factor.enabled", "account", account.id(), null);
        return RecoveryCodes.newBuilder().addAllCodes(codes).build();
    }

    SecondFactorStatus reset(Principal principal, ResetSecondFactor request) {
        Accounts.Account self = self(principal);
        if (request.getAccountId().isEmpty() || request.getAccountId().equals(self.id())) {
            if (secondFactor.required(self)) {
                throw RequestException.conflict("your organisation requires a second factor of your role");
            }
            if (secondFactor.verify(self.id(), request.getCode()).isEmpty()) {
                throw RequestException.invalid("the code is wrong or was used already");
            }
            secondFactor.remove(self.id());
            auditor.record(principal, "second_factor.removed", "account", self.id(), null);
            return status(principal);
        }
        if (!principal.has(Role.ORG_ADMIN)) {
            throw RequestException.forbidden("requires the org-admin role");
        }
        Accounts.Account other = accounts.byId(request.getAccountId())
                .filter(a -> principal.organisationId() != null
                        && principal.organisationId().equals(a.organisationId()))
                .orElseThrow(() -> RequestException.notFound("account"));
        secondFactor.remove(other.id());
        revocations.revokeAllOfAccount(other.id());
        auditor.record(principal, "second_factor.reset", "account", other.id(), null);
        return status(principal);
    }

    SecondFactorStatus policy(Principal principal, SetSecondFactorPolicy request) {
        if (!principal.has(Role.ORG_ADMIN) || principal.organisationId() == null) {
            throw RequestException.forbidden("requires the org-admin role");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (nl.spreekuur.protocol.v1.Role role : request.getRolesList()) {
            switch (role) {
                case ROLE_PROFESSIONAL -> roles.add(Role.PROFESSIONAL);
                case ROLE_SUPERVISOR -> roles.add(Role.SUPERVISOR);
                case ROLE_ORG_ADMIN -> roles.add(Role.ORG_ADMIN);
                case ROLE_QUALITY -> roles.add(Role.QUALITY);
                default -> throw RequestException.invalid("role " + role + " has no second-factor policy here");
            }
        }
        secondFactor.setRequiredRoles(principal.organisationId(), roles);
        auditor.record(principal, "second_factor.policy", "organisation", principal.organisationId(), null,
                roles.stream().map(Role::name).sorted().reduce((a, b) -> a + "," + b).orElse("none"));
        return status(principal);
    }

    private Accounts.Account self(Principal principal) {
        if (!principal.isStaff()) {
            throw RequestException.forbidden("staff accounts only");
        }
        return accounts.byId(principal.id()).orElseThrow(() -> RequestException.notFound("account"));
    }
}
