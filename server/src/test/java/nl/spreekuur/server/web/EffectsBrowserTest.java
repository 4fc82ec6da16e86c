package nl.spreekuur.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import nl.spreekuur.server.effects.EffectsJob;
import nl.spreekuur.server.store.Effects;
import nl.spreekuur.server.store.Effects.Channel;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.testsupport.WebTestServer;
import nl.spreekuur.server.testsupport.browser.AxeCheck;
import nl.spreekuur.server.testsupport.browser.Browser;
import nl.spreekuur.server.testsupport.browser.Viewport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Effect measurement in the browser: the professional records a follow-up when ending a chat, the inwoner sees it in
 * the end-of-chat block, fetches the calendar file and answers "did this help?"; the org-admin's effect report and
 * benchmark pages show their charts (server-rendered SVG) with tables, hold nothing of the chat, and pass axe, on a
 * phone and a desktop.
 */
class EffectsBrowserTest {
    private static final String NICK = "Merel-Geheim";
    private static final String SECRET = "GEHEIMTEKST-8812 over mijn schulden";
    private static final String PLACE = "Buurthuis De Linde, Kerkstraat 1";

    @AutoClose
    private static final WebTestServer server = WebTestServer.start();

    @Test
    void theClientSeesTheFollowUpFetchesTheCalendarFileAndAnswersWhetherItHelped() {
        for (Viewport clientViewport : List.of(Viewport.PHONE, Viewport.DESKTOP)) {
            String nickname = NICK + "-" + clientViewport.name().charAt(0);
            String shot = "effects-followup-" + clientViewport.name().toLowerCase() + "-";
            try (Browser clientBrowser = Browser.start(clientViewport);
                 Browser proBrowser = Browser.start(Viewport.DESKTOP)) {
                ClientPage client = new ClientPage(clientBrowser).open(server.clientUrl(server.open()));
                client.join(nickname, SECRET);
                ProPage professional = ProPage.logIn(proBrowser, server, server.professional());
                professional.claim(nickname);
                client.waitForHeading("Je chat nu met " + server.professional().displayName());

                professional.clickChatAction(nickname, "Gesprek beëindigen");
                WebElement dialog = proBrowser.waitFor(By.cssSelector("dialog[open]"));
                new Select(dialog.findElement(By.cssSelector("select[name=followUpKind]")))
                        .selectByVisibleText("persoonlijk gesprek");
                String when = LocalDate.now(ZoneId.of("Europe/Amsterdam")).plusDays(7) + "T10:30";
                proBrowser.executeScript("const i = document.querySelector('input[name=followUpWhen]');"
                        + "i.value = arguments[0]; i.dispatchEvent(new Event('input'));", when);
                proBrowser.type(By.cssSelector("input[name=followUpPlace]"), PLACE);
                proBrowser.screenshot("effects-end-dialog-desktop");
                AxeCheck.assertNoSeriousViolations(proBrowser, "end chat with follow-up");
                professional.confirmDialog("Gesprek beëindigen");

                client.waitForHeading("Het gesprek is afgelopen");
                clientBrowser.waitForText(By.cssSelector(".ended__followup"), "Jullie spraken af om elkaar te zien");
                assertThat(clientBrowser.text(By.cssSelector(".followup__details"))).contains(PLACE, "Wanneer");
                clientBrowser.screenshot(shot + "ended");
                AxeCheck.assertNoSeriousViolations(clientBrowser, "end of chat with follow-up");

                // The calendar file: fetched with the client's token and handed to the browser as a download.
                clientBrowser.executeScript("window.__blobs = []; const original = URL.createObjectURL;"
                        + "URL.createObjectURL = (b) => { window.__blobs.push(b); return original.call(URL, b); };");
                client.click(By.cssSelector("button[data-action=calendar]"));
                clientBrowser.waitForText(By.cssSelector(".ended__followup [role=status]"), "De afspraak is opgeslagen");
                String ics = (String) clientBrowser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + "window.__blobs[window.__blobs.length - 1].text().then(done);");
                try {
                    Calendar calendar = new CalendarBuilder().build(new StringReader(ics));
                    VEvent event = calendar.<VEvent>getComponents("VEVENT").get(0);
                    assertThat(event.getProperty(Property.LOCATION).orElseThrow().getValue()).isEqualTo(PLACE);
                    assertThat(event.getProperty(Property.SUMMARY).orElseThrow().getValue())
                            .startsWith("Afspraak (persoonlijk gesprek)");
                } catch (java.io.IOException | net.fortuna.ical4j.data.ParserException e) {
                    throw new AssertionError("calendar file does not parse: " + ics, e);
                }
                assertThat(ics).doesNotContain(nickname).doesNotContain("GEHEIMTEKST");

                client.click(By.cssSelector(".ended__helped button[data-answer=yes]"));
                clientBrowser.waitForText(By.cssSelector(".ended__helped [role=status]"), "Dank je wel voor je antwoord.");
                clientBrowser.screenshot(shot + "helped");
            }
        }
    }

    @Test
    void aKwaliteitsmedewerkerStartsOnTheReportAndSeesNoWorkQueue() {
        Organisation demo = server.server().store().organisations().bySlug(WebTestServer.ORGANISATION).orElseThrow();
        String password = "wachtwoord-van-kim";
        var account = server.server().store().accounts().create(demo.id(), "kim", "Kim Kwaliteit",
                server.server().context().passwords().hash(password.toCharArray()), java.util.Set.of(
                        nl.spreekuur.server.store.Role.QUALITY));
        try (Browser browser = Browser.start(Viewport.DESKTOP)) {
            browser.open(server.url("/pro/"));
            ProPage.attach(browser).fillLogin(new WebTestServer.Staff(account, "kim", password));
            browser.waitForText(ProPage.HEADING, "Effecten");
            browser.waitFor(By.cssSelector(".effects__figure svg"));
            assertThat(browser.driver().findElements(By.xpath("//nav//a[starts-with(normalize-space(.), 'Werk')]")))
                    .isEmpty();
            browser.screenshot("effects-quality-desktop");
            AxeCheck.assertNoSeriousViolations(browser, "effect report for a kwaliteitsmedewerker");
            browser.click(By.xpath("//a[.='Vergelijking']"));
            browser.waitFor(By.cssSelector(".effects__participation p"));
            assertThat(browser.driver().findElements(By.cssSelector("button[data-action=participation]")))
                    .as("only an org-admin changes the participation").isEmpty();
        }
    }

    @Test
    void theReportAndBenchmarkPagesShowChartsAndTablesAndNothingOfTheChats() {
        Organisation demo = server.server().store().organisations().bySlug(WebTestServer.ORGANISATION).orElseThrow();
        // Peers that take part, with monthly totals: this month and the one before. The page's default range ends
        // at the browser's today, and the test browser keeps UTC: in the first hours of a month in Amsterdam it is
        // still the last day of the month before there.
        LocalDate month = LocalDate.now(ZoneId.of("Europe/Amsterdam")).withDayOfMonth(1);
        for (String peer : List.of("peer-a", "peer-b")) {
            Organisation org = server.server().store().organisations().create(peer + "-" + System.nanoTime(), peer);
            for (LocalDate peerMonth : List.of(month.minusMonths(1), month)) {
                server.server().store().effects().replacePeriod(new Effects.Period(org.id(),
                        Effects.PeriodKind.MONTH, peerMonth, server.server().clock().instant(), List.of(
                                new Effects.Figure(Channel.OFFICE_HOUR_CHAT, Effects.ALL, "served", 12),
                                new Effects.Figure(Channel.OFFICE_HOUR_CHAT, Effects.ALL, "clients_reached", 20))));
            }
            server.server().store().effects().setBenchmarkOptIn(org.id(), true, server.server().clock().instant());
        }
        new EffectsJob(server.server().store(), server.server().clock(), 3).aggregate(demo.id(), month,
                LocalDate.now(ZoneId.of("Europe/Amsterdam")));
        // Earlier months of the demo organisation, as the job would have left them (so the charts have bars).
        for (int back = 1; back <= 6; back++) {
            long n = 4L + 3 * back;
            List<Effects.Figure> figures = new java.util.ArrayList<>();
            for (String figure : List.of("clients_reached", "joined", "served", "offline_messages", "abandoned",
                    "quick_exits", "follow_up_face_to_face", "follow_up_phone", "helped_yes", "chats", "waits")) {
                figures.add(new Effects.Figure(Channel.OFFICE_HOUR_CHAT, Effects.ALL, figure,
                        figure.startsWith("follow") || figure.equals("quick_exits") ? n / 2 : n * 2));
            }
            figures.add(new Effects.Figure(Channel.OFFICE_HOUR_CHAT, Effects.ALL, "wait_p50_seconds", 60 * back));
            figures.add(new Effects.Figure(Channel.OFFICE_HOUR_CHAT, Effects.ALL, "wait_p90_seconds", 150 * back));
            server.server().store().effects().replacePeriod(new Effects.Period(demo.id(), Effects.PeriodKind.MONTH,
                    month.minusMonths(back), server.server().clock().instant(), figures));
        }

        for (Viewport viewport : List.of(Viewport.PHONE, Viewport.DESKTOP)) {
            String shot = "effects-" + viewport.name().toLowerCase() + "-";
            try (Browser browser = Browser.start(viewport)) {
                ProPage pro = ProPage.logIn(browser, server, server.professional());
                if (viewport == Viewport.DESKTOP) {
                    pro.goTo("Effecten", "Effecten");
                } else {
                    browser.open(server.url("/pro/effects"));
                    browser.waitForText(ProPage.HEADING, "Effecten");
                }
                browser.waitFor(By.cssSelector(".effects__chart svg rect, .effects__chart svg text"));
                List<WebElement> charts = browser.driver().findElements(By.cssSelector(".effects__figure svg"));
                assertThat(charts).isNotEmpty().allSatisfy(svg -> assertThat(svg.isDisplayed()).isTrue());
                assertThat(charts.get(0).getSize().getWidth()).isGreaterThan(200);
                assertThat(browser.driver().findElements(By.cssSelector(".effects__table"))).hasSizeGreaterThan(
                        charts.size());
                assertThat(browser.text(By.cssSelector(".effects__result"))).contains("Bereik", "Geholpen");
                String page = (String) browser.executeScript("return document.documentElement.outerHTML;");
                assertThat(page).doesNotContain(NICK).doesNotContain("GEHEIMTEKST").doesNotContain(PLACE);
                browser.executeScript("document.querySelector('.effects__chart').scrollIntoView({block: 'start'});");
                browser.screenshot(shot + "report");
                AxeCheck.assertNoSeriousViolations(browser, "effect report " + viewport);

                browser.click(By.xpath("//a[.='Vergelijking']"));
                browser.waitForText(ProPage.HEADING, "Vergelijking met andere organisaties");
                if (!browser.driver().findElements(By.cssSelector("button[data-action=participation]")).isEmpty()
                        && browser.text(By.cssSelector(".effects__participation")).contains("niet mee")) {
                    browser.click(By.cssSelector("button[data-action=participation]"));
                }
                browser.waitFor(By.cssSelector(".effects__chart svg"));
                assertThat(browser.driver().findElement(By.cssSelector(".effects__chart svg")).isDisplayed()).isTrue();
                browser.waitForText(By.cssSelector(".effects__result"), "Mediaan");
                String benchmark = (String) browser.executeScript("return document.documentElement.outerHTML;");
                assertThat(benchmark).doesNotContain("peer-a").doesNotContain("peer-b").doesNotContain(NICK);
                browser.executeScript("document.querySelector('.effects__chart').scrollIntoView({block: 'start'});");
                browser.screenshot(shot + "benchmark");
                AxeCheck.assertNoSeriousViolations(browser, "benchmark " + viewport);
            }
        }
    }
}
