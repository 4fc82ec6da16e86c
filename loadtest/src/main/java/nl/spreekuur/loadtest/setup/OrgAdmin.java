package nl.spreekuur.loadtest.setup;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import nl.spreekuur.loadtest.client.Connection;
import nl.spreekuur.loadtest.client.Connector;
import nl.spreekuur.loadtest.client.ProtocolException;
import nl.spreekuur.protocol.v1.Account;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.DeleteOfficeHour;
import nl.spreekuur.protocol.v1.HelloOk;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.Role;
import nl.spreekuur.protocol.v1.SaveAccount;
import nl.spreekuur.protocol.v1.SaveOfficeHour;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.WeeklySlot;
import nl.spreekuur.protocol.v1.Weekday;

/**
 * Sets a run up through the public protocol, as the org-admin (or professional) whose credentials the operator
 * gave: professional accounts {@code lt-<run>-p<i>} and an always-open office hour {@code lt-<run>}; afterwards
 * it deletes the office hour and disables the accounts (accounts cannot be deleted over the protocol).
 * Against the baseline server nothing is created: it accepts any login.
 */
public final class OrgAdmin implements AutoCloseable {
    /** The {@code server_version} the baseline server announces in HelloOk. */
    public static final String BASELINE_VERSION = "spreekuur-baseline";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Connector connector;
    private final Connection admin;
    private final HelloOk hello;
    private final String organisation;
    private final List<Account> created = new ArrayList<>();
    private String createdOfficeHourId;

    private OrgAdmin(Connector connector, Connection admin, HelloOk hello, String organisation) {
        this.connector = connector;
        this.admin = admin;
        this.hello = hello;
        this.organisation = organisation;
    }

    public static OrgAdmin login(Connector connector, String organisation, String user, String password) {
        String token = connector.login(0, organisation, user, password);
        Connection admin = await(connector.connect(0));
        HelloOk hello = await(admin.hello(token));
        return new OrgAdmin(connector, admin, hello, organisation);
    }

    public boolean isBaseline() {
        return hello.getServerVersion().startsWith(BASELINE_VERSION);
    }

    private boolean isOrgAdmin() {
        return hello.getRolesList().contains(Role.ROLE_ORG_ADMIN);
    }

    /**
     * Prepares what a scenario needs: {@code professionals} accounts that may each hold {@code maxChats} chats,
     * in an office hour (an existing one when {@code officeHour} is given, else a new always-open one).
     */
    public Fixture prepare(List<java.net.URI> urls, int professionals, int maxChats, String officeHour,
                           String user, String password) {
        if (isBaseline()) {
            List<Fixture.Professional> pros = new ArrayList<>();
            for (int i = 0; i < professionals; i++) {
                pros.add(new Fixture.Professional("baseline-p" + i, "baseline"));
            }
            return new Fixture(urls, organisation, "baseline", pros, maxChats, true);
        }
        if (!isOrgAdmin()) {
            if (officeHour == null || professionals > 1) {
                throw new ProtocolException("SETUP", "the user is not an org-admin: give --office-hour it serves and"
                        + " use numbers that need one professional, or log in as an org-admin");
            }
            return new Fixture(urls, organisation, officeHour, List.of(new Fixture.Professional(user, password)),
                    maxChats, false);
        }
        String run = Long.toString(Math.abs(RANDOM.nextLong()), 36).substring(0, 6);
        List<Fixture.Professional> pros = new ArrayList<>();
        for (int i = 0; i < professionals; i++) {
            String username = "lt-" + run + "-p" + i;
            String secret = newPassword();
            ServerMessage answer = call(ClientMessage.newBuilder().setSaveAccount(SaveAccount.newBuilder()
                    .setAccount(Account.newBuilder().setUsername(username).setDisplayName("Load test " + i)
                            .addRoles(Role.ROLE_PROFESSIONAL)).setPassword(secret)));
            created.add(answer.getAccount());
            pros.add(new Fixture.Professional(username, secret));
        }
        String officeHourId = officeHour;
        if (officeHourId == null) {
            OfficeHour.Builder definition = OfficeHour.newBuilder().setSlug("lt-" + run)
                    .setName("Load test " + run).setDescription("Made by spreekuur-loadtest; deleted at the end.")
                    .setMaxChatsPerProfessional(maxChats).setReconnectGraceSeconds(900).setAverageChatMinutes(1);
            for (Weekday day : Weekday.values()) {
                if (day != Weekday.WEEKDAY_UNSPECIFIED && day != Weekday.UNRECOGNIZED) {
                    // two touching slots make one opening that never closes (a slot cannot run 00:00-00:00)
                    definition.addSlots(WeeklySlot.newBuilder().setDay(day).setStart("00:00").setEnd("12:00"));
                    definition.addSlots(WeeklySlot.newBuilder().setDay(day).setStart("12:00").setEnd("00:00"));
                }
            }
            created.forEach(account -> definition.addProfessionalIds(account.getId()));
            ServerMessage answer = call(ClientMessage.newBuilder()
                    .setSaveOfficeHour(SaveOfficeHour.newBuilder().setOfficeHour(definition)));
            officeHourId = answer.getOfficeHour().getId();
            createdOfficeHourId = officeHourId;
        }
        return new Fixture(urls, organisation, officeHourId, pros, maxChats, false);
    }

    /** Deletes the office hour the run made and disables the accounts it made. Returns what went wrong. */
    public List<String> cleanUp() {
        List<String> problems = new ArrayList<>();
        if (createdOfficeHourId != null) {
            ServerMessage answer = null;
            for (int attempt = 0; attempt < 20; attempt++) {
                answer = await(admin.request(ClientMessage.newBuilder()
                        .setDeleteOfficeHour(DeleteOfficeHour.newBuilder().setOfficeHourId(createdOfficeHourId))));
                if (!answer.hasError()) {
                    break;
                }
                sleepQuietly(500); // clients still leaving: the office hour refuses deletion until they are gone
            }
            if (answer != null && answer.hasError()) {
                problems.add("office hour " + createdOfficeHourId + " not deleted: " + answer.getError().getCode());
            }
        }
        for (Account account : created) {
            ServerMessage answer = await(admin.request(ClientMessage.newBuilder().setSaveAccount(SaveAccount
                    .newBuilder().setAccount(account.toBuilder().setDisabled(true)))));
            if (answer.hasError()) {
                problems.add("account " + account.getUsername() + " not disabled: " + answer.getError().getCode());
            }
        }
        return problems;
    }

    private ServerMessage call(ClientMessage.Builder request) {
        ServerMessage answer = await(admin.request(request));
        if (answer.hasError()) {
            throw new ProtocolException(answer.getError().getCode().name(),
                    "setup " + request.getBodyCase() + " refused: " + answer.getError().getMessage());
        }
        return answer;
    }

    private static String newPassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProtocolException("INTERRUPTED", "setup interrupted");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new ProtocolException(ProtocolException.codeOf(e), "setup failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
