package nl.spreekuur.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ConfirmTotpEnrolment;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.GetSecondFactor;
import nl.spreekuur.protocol.v1.ResetSecondFactor;
import nl.spreekuur.protocol.v1.Role;
import nl.spreekuur.protocol.v1.SecondFactorStatus;
import nl.spreekuur.protocol.v1.SetSecondFactorPolicy;
import nl.spreekuur.protocol.v1.StartTotpEnrolment;
import nl.spreekuur.protocol.v1.TotpEnrolment;
import nl.spreekuur.server.auth.TotpCodes;
import nl.spreekuur.server.auth.TotpSecrets;
import nl.spreekuur.server.http.Json;
import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.store.AuditLog;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.testsupport.Base32;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.ServicesTestServer.HttpAnswer;
import nl.spreekuur.server.testsupport.TestWsClient;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The staff second factor end to end: enrolling in the workspace (key, QR, confirmation, recovery codes), logging in
 * with a code over the real {@code /api/login}, a code working once, recovery codes working once, wrong codes
 * counting in the account's back-off, the organisation's policy forcing enrolment at login, an admin resetting a
 * colleague's factor, and the secret never stored in the clear.
 */
class SecondFactorLoginTest {
    private static final String PASSWORD = ServicesTestServer.PASSWORD;

    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start(Map.of("login.free-failures", "3"));
    private final TotpCodes codes = new TotpCodes();
    private Organisation org;
    private Account anna;

    @BeforeEach
    void setUp() {
        org = server.organisation("demo");
        server.staff(org, "ada", "Ada Admin", nl.spreekuur.server.store.Role.ORG_ADMIN);
        anna = server.staff(org, "anna", "Anna de Vries", nl.spreekuur.server.store.Role.PROFESSIONAL);
    }

    @Test
    void enrolledAccountLogsInWithACodeOnceAndWithARecoveryCodeOnce() throws Exception {
        byte[] secret;
        List<String> recovery;
        try (WsPeer annaWs = server.connect(TestWsClient.JSON, server.login(org, "anna"))) {
            TotpEnrolment enrolment = annaWs.call(request().setStartTotpEnrolment(StartTotpEnrolment.getDefaultInstance()))
                    .getTotpEnrolment();
            assertThat(enrolment.getKeyUri()).startsWith("otpauth://totp/Spreekuur:anna%40demo?secret="
                    + enrolment.getManualKey() + "&issuer=Spreekuur&algorithm=SHA1&digits=6&period=30");
            assertThat(enrolment.getQrSize()).isGreaterThan(21);
            assertThat(enrolment.getQrPath()).startsWith("M4 4h1v1h-1z");
            secret = Base32.decode(enrolment.getManualKey());
            assertThat(secret).hasSize(20);

            assertThat(annaWs.callForError(request().setConfirmTotpEnrolment(ConfirmTotpEnrolment.newBuilder()
                    .setCode(wrong(codeNow(secret)))))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            recovery = annaWs.call(request().setConfirmTotpEnrolment(ConfirmTotpEnrolment.newBuilder()
                    .setCode(codeNow(secret)))).getRecoveryCodes().getCodesList();
            assertThat(recovery).hasSize(10).allMatch(c -> c.matches("[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}"));
            SecondFactorStatus status = annaWs.call(request().setGetSecondFactor(GetSecondFactor.getDefaultInstance()))
                    .getSecondFactorStatus();
            assertThat(status.getEnabled()).isTrue();
            assertThat(status.getRecoveryCodesLeft()).isEqualTo(10);
            assertThat(status.getEnabledAccountIdsList()).isEmpty();
        }
        // stored sealed only: neither the Base32 key nor the raw bytes, and it opens for anna's row only
        String sealed = server.server().store().secondFactors().byAccount(anna.id()).orElseThrow().secretSealed();
        assertThat(sealed).doesNotContain(TotpSecrets.base32(secret))
                .doesNotContain(java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(secret));

        assertThat(error(login("anna", ""))).isEqualTo("SECOND_FACTOR_REQUIRED");
        // the code that confirmed the enrolment was used: it does not log in again
        assertThat(error(login("anna", codeNow(secret)))).isEqualTo("SECOND_FACTOR_INVALID");
        server.clock().advance(Duration.ofSeconds(30));
        HttpAnswer ok = login("anna", codeNow(secret));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json()).containsKey("token").doesNotContainKey("recoveryCodes");
        assertThat(error(login("anna", codeNow(secret)))).as("the same code twice").isEqualTo("SECOND_FACTOR_INVALID");

        HttpAnswer withRecovery = login("anna", recovery.get(3).toUpperCase().replace("-", " "));
        assertThat(withRecovery.status()).isEqualTo(200);
        assertThat(((Number) withRecovery.json().get("recoveryCodesLeft")).intValue()).isEqualTo(9);
        // two wrong codes so far and a free allowance of 3 failures: one more wrong code, then the back-off holds
        assertThat(error(login("anna", recovery.get(3)))).isEqualTo("SECOND_FACTOR_INVALID");
        assertThat(login("anna", recovery.get(4)).status()).isEqualTo(200);

        List<AuditLog.Entry> audit = server.server().store().audit().list(org.id(), Instant.EPOCH,
                server.clock().instant().plusSeconds(1));
        assertThat(audit).extracting(AuditLog.Entry::action).contains("second_factor.enrolment_started",
                "second_factor.enabled");
        assertThat(audit).filteredOn(e -> e.action().equals("login.failed")).extracting(AuditLog.Entry::detail)
                .containsOnly("wrong-second-factor");
        assertThat(audit).filteredOn(e -> e.action().equals("login")).extracting(AuditLog.Entry::detail)
                .contains("totp", "recovery-code");
        assertThat(audit.toString()).doesNotContain(recovery.get(3)).doesNotContain(TotpSecrets.base32(secret));
    }

    @Test
    void wrongCodesCountInTheAccountsBackOff() throws Exception {
        byte[] secret = enrol("anna");
        server.clock().advance(Duration.ofSeconds(60));
        for (int i = 0; i < 3; i++) {
            assertThat(error(login("anna", wrong(codeNow(secret))))).isEqualTo("SECOND_FACTOR_INVALID");
        }
        HttpAnswer throttled = login("anna", codeNow(secret));
        assertThat(throttled.status()).as("even the right code waits out the back-off").isEqualTo(429);
        server.clock().advance(Duration.ofSeconds(2));
        assertThat(login("anna", codeNow(secret)).status()).isEqualTo(200);
    }

    @Test
    void policyForcesEnrolmentAtLoginAndAdminResetsALostFactor() throws Exception {
        try (WsPeer ada = server.connect(TestWsClient.PROTO, server.login(org, "ada"))) {
            try (WsPeer annaWs = server.connect(TestWsClient.PROTO, server.login(org, "anna"))) {
                assertThat(annaWs.callForError(request().setSetSecondFactorPolicy(SetSecondFactorPolicy.newBuilder()
                        .addRoles(Role.ROLE_PROFESSIONAL)))).isEqualTo(ErrorCode.FORBIDDEN);
            }
            SecondFactorStatus policy = ada.call(request().setSetSecondFactorPolicy(SetSecondFactorPolicy.newBuilder()
                    .addRoles(Role.ROLE_PROFESSIONAL))).getSecondFactorStatus();
            assertThat(policy.getRequiredRolesList()).containsExactly(Role.ROLE_PROFESSIONAL);
            assertThat(policy.getRequired()).as("ada is org-admin only").isFalse();

            HttpAnswer enrol = login("anna", "");
            assertThat(enrol.status()).isEqualTo(401);
            assertThat(error(enrol)).isEqualTo("SECOND_FACTOR_ENROLMENT_REQUIRED");
            @SuppressWarnings("unchecked")
            Map<String, Object> enrolment = (Map<String, Object>) enrol.json().get("enrolment");
            byte[] secret = Base32.decode((String) enrolment.get("manualKey"));
            assertThat((String) enrolment.get("qrPath")).isNotEmpty();
            assertThat(error(login("anna", wrong(codeNow(secret))))).isEqualTo("SECOND_FACTOR_INVALID");
            HttpAnswer enrolled = login("anna", codeNow(secret));
            assertThat(enrolled.status()).isEqualTo(200);
            assertThat((List<?>) enrolled.json().get("recoveryCodes")).hasSize(10);
            String token = (String) enrolled.json().get("token");

            try (WsPeer annaWs = server.connect(TestWsClient.PROTO, token)) {
                server.clock().advance(Duration.ofSeconds(30));
                assertThat(annaWs.callForError(request().setResetSecondFactor(ResetSecondFactor.newBuilder()
                        .setCode(codeNow(secret))))).as("the policy requires it").isEqualTo(ErrorCode.CONFLICT);
                assertThat(ada.call(request().setGetSecondFactor(GetSecondFactor.getDefaultInstance()))
                        .getSecondFactorStatus().getEnabledAccountIdsList()).containsExactly(anna.id());

                // anna lost her phone: the admin resets it, her sessions end, her next login enrols anew
                ada.call(request().setResetSecondFactor(ResetSecondFactor.newBuilder().setAccountId(anna.id())));
                assertThat(annaWs.awaitClose(Duration.ofSeconds(5)).code())
                        .isEqualTo(nl.spreekuur.server.session.CloseCodes.POLICY_VIOLATION);
            }
            assertThat(error(login("anna", ""))).isEqualTo("SECOND_FACTOR_ENROLMENT_REQUIRED");
            assertThat(ada.call(request().setGetSecondFactor(GetSecondFactor.getDefaultInstance()))
                    .getSecondFactorStatus().getEnabledAccountIdsList()).isEmpty();
        }
    }

    @Test
    void ownFactorIsRemovedOnlyWithACurrentCode() throws Exception {
        byte[] secret = enrol("anna");
        server.clock().advance(Duration.ofSeconds(30));
        try (WsPeer annaWs = server.connect(TestWsClient.JSON, loginToken("anna", codeNow(secret)))) {
            server.clock().advance(Duration.ofSeconds(30));
            assertThat(annaWs.callForError(request().setResetSecondFactor(ResetSecondFactor.newBuilder()
                    .setCode(wrong(codeNow(secret)))))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            SecondFactorStatus off = annaWs.call(request().setResetSecondFactor(ResetSecondFactor.newBuilder()
                    .setCode(codeNow(secret)))).getSecondFactorStatus();
            assertThat(off.getEnabled()).isFalse();
        }
        assertThat(login("anna", "").status()).isEqualTo(200);
    }

    private byte[] enrol(String username) throws Exception {
        try (WsPeer ws = server.connect(TestWsClient.PROTO, server.login(org, username))) {
            byte[] secret = Base32.decode(ws.call(request().setStartTotpEnrolment(StartTotpEnrolment.getDefaultInstance()))
                    .getTotpEnrolment().getManualKey());
            ws.call(request().setConfirmTotpEnrolment(ConfirmTotpEnrolment.newBuilder().setCode(codeNow(secret))));
            return secret;
        }
    }

    private String loginToken(String username, String code) throws Exception {
        HttpAnswer answer = login(username, code);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return (String) answer.json().get("token");
    }

    private HttpAnswer login(String username, String code) throws Exception {
        return server.post("/api/login", Json.write(Map.of("organisation", org.slug(), "username", username,
                "password", PASSWORD, "code", code)));
    }

    private static String error(HttpAnswer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(401);
        return (String) answer.json().get("error");
    }

    private String codeNow(byte[] secret) {
        return codes.codeAt(secret, TotpCodes.stepOf(server.clock().instant()));
    }

    /** Another 6-digit code (never a neighbouring step's: those are checked against the real secret). */
    private static String wrong(String code) {
        char last = code.charAt(5);
        return code.substring(0, 5) + (char) ('0' + (last - '0' + 5) % 10);
    }

    private static ClientMessage.Builder request() {
        return ClientMessage.newBuilder();
    }
}
