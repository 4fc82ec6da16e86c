package nl.spreekuur.server.testsupport;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.WeeklySlot;
import nl.spreekuur.protocol.v1.Weekday;
import nl.spreekuur.server.DemoSetup;
import nl.spreekuur.server.Services;
import nl.spreekuur.server.SpreekuurServer;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.officehours.OfficeHourDemo;
import nl.spreekuur.server.officehours.OfficeHourValidator;
import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.store.Organisations.Organisation;

/**
 * The whole product for browser tests: a real server with the production services ({@link Services}), the real
 * browser app (the web-client jar's "web" folder on the test classpath) and the demo data of {@code --demo},
 * plus two staff accounts with a known password:
 *
 * <ul>
 *   <li>{@link #professional()}: Anna, professional + supervisor + org-admin like the demo professional, on duty
 *       for the open office hour;</li>
 *   <li>{@link #colleague()}: Bram, professional for the open office hour, off duty.</li>
 * </ul>
 *
 * Office hours: the demo's always-open {@link #open()} ("inloop") and {@link #closed()} ("geldzorgen"), whose only
 * weekly slot is three days from now, so it is closed whenever the test runs. Quick exit goes to
 * {@code /neutral.html}.
 *
 * <p>The server clock is a {@link TestClock} set to the real time at start (the browser uses the real time for
 * token expiry and "waiting for" texts) that does not move on its own, so no grace period or closing time can run
 * out during a test.
 */
public final class WebTestServer implements AutoCloseable {
    public static final String ORGANISATION = DemoSetup.ORGANISATION;
    public static final String ORGANISATION_NAME = DemoSetup.ORGANISATION_NAME;
    public static final String EXIT_PATH = "/neutral.html";
    public static final String CLOSED_SLUG = "geldzorgen";

    /** A staff account and how to log in with it. */
    public record Staff(Account account, String username, String password) {
        public String id() {
            return account.id();
        }

        public String displayName() {
            return account.displayName();
        }
    }

    private final TestServer server;
    private final Staff professional;
    private final Staff colleague;
    private final OfficeHour open;
    private final OfficeHour closed;
    private final String roomInvite;

    private WebTestServer(TestServer server, Staff professional, Staff colleague, OfficeHour open,
                          OfficeHour closed, String roomInvite) {
        this.server = server;
        this.professional = professional;
        this.colleague = colleague;
        this.open = open;
        this.closed = closed;
        this.roomInvite = roomInvite;
    }

    public static WebTestServer start() {
        return start(Map.of());
    }

    /** The same, with extra configuration (e.g. the calls' STUN and TURN settings of the video tests). */
    public static WebTestServer start(Map<String, String> settings) {
        TestServer.Builder builder = TestServer.builder()
                .application(SpreekuurServer.defaultApplicationFactory())
                .clock(new TestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS)))
                .set("web.exit-url", EXIT_PATH);
        settings.forEach(builder::set);
        TestServer server = builder.start();
        try {
            return seed(server);
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    private static WebTestServer seed(TestServer server) {
        Organisation org = server.store().organisations().create(ORGANISATION, ORGANISATION_NAME);
        Staff anna = staff(server, org, "anna", "Anna de Vries", Role.PROFESSIONAL, Role.SUPERVISOR, Role.ORG_ADMIN);
        Staff bram = staff(server, org, "bram", "Bram Jansen", Role.PROFESSIONAL);
        String roomInvite = Services.seedDemo(server.context(), org, anna.account()).stream()
                .filter(line -> line.contains("}g/")).map(line -> line.replaceAll(".*}g/(\\S+).*", "$1"))
                .findFirst().orElseThrow();
        OfficeHour inloop = server.store().officeHours().bySlug(org.id(), OfficeHourDemo.OPEN_SLUG).orElseThrow();
        inloop = server.store().officeHours().save(inloop.toBuilder().addProfessionalIds(bram.id()).build());
        OfficeHour closed = server.store().officeHours().save(closedOfficeHour(org, anna, server.clock().instant()));
        return new WebTestServer(server, anna, bram, inloop, closed, roomInvite);
    }

    private static Staff staff(TestServer server, Organisation org, String username, String name, Role... roles) {
        String password = "wachtwoord-van-" + username;
        Account account = server.store().accounts().create(org.id(), username, name,
                server.context().passwords().hash(password.toCharArray()), Set.of(roles));
        return new Staff(account, username, password);
    }

    private static OfficeHour closedOfficeHour(Organisation org, Staff professional, Instant now) {
        ZoneId zone = ZoneId.of("Europe/Amsterdam");
        DayOfWeek day = LocalDate.ofInstant(now, zone).plusDays(3).getDayOfWeek();
        OfficeHour definition = OfficeHour.newBuilder()
                .setOrganisationId(org.id())
                .setSlug(CLOSED_SLUG)
                .setName("Spreekuur Geldzorgen")
                .setDescription("Heb je vragen over geld of schulden? Chat met een schuldhulpverlener.")
                .setTimeZone(zone.getId())
                .addSlots(WeeklySlot.newBuilder().setDay(Weekday.forNumber(day.getValue()))
                        .setStart("10:00").setEnd("12:00"))
                .addProfessionalIds(professional.id())
                .build();
        return OfficeHourValidator.requireValid(OfficeHourValidator.withDefaults(definition));
    }

    /** The demo group room's ("Mantelzorgers Noord", moderated by {@link #professional()}) multi-use invite code. */
    public String roomInvite() {
        return roomInvite;
    }

    public TestServer server() {
        return server;
    }

    public Staff professional() {
        return professional;
    }

    public Staff colleague() {
        return colleague;
    }

    public OfficeHour open() {
        return open;
    }

    public OfficeHour closed() {
        return closed;
    }

    /** http://127.0.0.1:port + path. */
    public String url(String path) {
        return server.http(path).toString();
    }

    /** The stable link of an office hour: /s/demo/slug. */
    public String clientUrl(OfficeHour officeHour) {
        return url("/s/" + ORGANISATION + "/" + officeHour.getSlug());
    }

    @Override
    public void close() {
        server.close();
    }
}
