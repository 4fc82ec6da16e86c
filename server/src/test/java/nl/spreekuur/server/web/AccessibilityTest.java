package nl.spreekuur.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nl.spreekuur.server.testsupport.WebTestServer;
import nl.spreekuur.server.testsupport.browser.AxeCheck;
import nl.spreekuur.server.testsupport.browser.Browser;
import nl.spreekuur.server.testsupport.browser.Viewport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * axe-core (WCAG 2.x A and AA) on every screen of the app, with real data from the real server, at phone and
 * desktop size: no serious or critical violations anywhere, and no "null" or "undefined" on screen. Also leaves
 * a screenshot of every screen in
 * target/screenshots ({@code a11y-<screen>-<viewport>.png}).
 */
class AccessibilityTest {
    @AutoClose
    private static final WebTestServer server = WebTestServer.start();

    /** Checks every screen and reports all problems at the end, so one run shows everything to fix. */
    private static final class Screens {
        private final Viewport viewport;
        private final List<String> problems = new ArrayList<>();
        private final List<String> checked = new ArrayList<>();

        Screens(Viewport viewport) {
            this.viewport = viewport;
        }

        void check(Browser browser, String screen) {
            String name = "a11y-" + screen + "-" + viewport.name().toLowerCase(Locale.ROOT);
            browser.screenshot(name);
            checked.add(screen);
            problems.addAll(AxeCheck.screenProblems(browser, screen));
        }
    }

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void everyScreenPassesAxe(Viewport viewport) {
        Screens screens = new Screens(viewport);
        String nickname = "Mo" + viewport.ordinal();
        try (Browser clientBrowser = Browser.start(viewport);
             Browser proBrowser = Browser.start(viewport)) {
            // --- the inwoner's screens
            clientBrowser.open(server.url("/"));
            clientBrowser.waitFor(By.cssSelector(".landing h1"));
            screens.check(clientBrowser, "landing");

            clientBrowser.open(server.url("/s/" + WebTestServer.ORGANISATION));
            clientBrowser.waitFor(By.cssSelector(".oh-list"));
            screens.check(clientBrowser, "office-hour-list");

            ClientPage client = new ClientPage(clientBrowser).open(server.clientUrl(server.closed()));
            clientBrowser.waitFor(By.cssSelector("textarea[name=text]"));
            screens.check(clientBrowser, "client-closed-offline-form");
            client.click(By.xpath("//button[.='Bericht versturen']"));
            clientBrowser.waitForText(By.cssSelector(".field__error:not([hidden])"), "Schrijf eerst een bericht.");
            screens.check(clientBrowser, "client-offline-form-error");
            clientBrowser.type(By.cssSelector("textarea[name=text]"), "Kunt u mij terugbellen over mijn huur?");
            client.click(By.xpath("//button[.='Bericht versturen']"));
            clientBrowser.waitFor(By.cssSelector(".notice--success"));
            screens.check(clientBrowser, "client-offline-sent");

            client.open(server.clientUrl(server.open()));
            clientBrowser.waitFor(By.id("join-title"));
            screens.check(clientBrowser, "client-open-join-form");
            client.click(By.xpath("//button[.='Ik wil chatten']"));
            clientBrowser.waitForText(By.cssSelector(".field__error:not([hidden])"), "Vul een naam in.");
            screens.check(clientBrowser, "client-join-error");
            client.join(nickname, "Ik kan mijn rekeningen niet meer betalen.");
            client.send("Hallo?");
            clientBrowser.waitFor(By.cssSelector(".waiting__position"));
            screens.check(clientBrowser, "client-queue");

            // --- the professional's screens, with that inwoner waiting
            ProPage professional = ProPage.attach(proBrowser);
            proBrowser.open(server.url("/pro/"));
            proBrowser.waitFor(By.cssSelector("input[name=organisation]"));
            screens.check(proBrowser, "pro-login");
            professional.fillLogin(new WebTestServer.Staff(server.professional().account(),
                    server.professional().username(), "niet-het-goede-wachtwoord"));
            proBrowser.waitForText(By.cssSelector(".login .notice--error"), "Inloggen lukt niet.");
            screens.check(proBrowser, "pro-login-error");
            proBrowser.driver().findElement(By.cssSelector("input[name=organisation]")).clear();
            proBrowser.driver().findElement(By.cssSelector("input[name=username]")).clear();
            professional.fillLogin(server.professional());
            proBrowser.waitForText(ProPage.HEADING, ProPage.WORK_TITLE);
            professional.waitForWaiting(nickname);
            screens.check(proBrowser, "pro-workspace-queue");

            professional.claim(nickname);
            professional.send(nickname, "Goedemiddag, ik ben Anna.");
            client.waitForMessage("Goedemiddag, ik ben Anna.");
            professional.typeInChat(nickname, "Ik lees je vraag");
            clientBrowser.waitForText(ClientPage.TYPING, "is aan het typen");
            client.send("Dank je.");
            professional.waitForMessage(nickname, "Dank je.");
            screens.check(clientBrowser, "client-chat");
            screens.check(proBrowser, "pro-chat");

            professional.clickChatAction(nickname, "Overdragen");
            proBrowser.waitFor(DialogHelper.OPEN_DIALOG);
            screens.check(proBrowser, "pro-transfer-dialog");
            DialogHelper.press(proBrowser, "Annuleren");

            professional.clickChatAction(nickname, "Gesprek beëindigen");
            proBrowser.waitFor(DialogHelper.OPEN_DIALOG);
            screens.check(proBrowser, "pro-end-dialog");
            professional.confirmDialog("Gesprek beëindigen");
            client.waitForHeading("Het gesprek is afgelopen");
            professional.waitForSystemLine(nickname, "Het gesprek is beëindigd door de hulpverlener.");
            screens.check(clientBrowser, "client-ended");
            screens.check(proBrowser, "pro-chat-ended");
            professional.clickChatAction(nickname, "Sluiten");

            professional.goTo("Offline berichten", "Offline berichten");
            new Select(proBrowser.waitFor(By.cssSelector("select[name=officeHour]")))
                    .selectByVisibleText(server.closed().getName());
            proBrowser.waitFor(By.cssSelector(".offline-list li"));
            screens.check(proBrowser, "pro-offline-messages");

            professional.goTo("Statistiek", "Statistiek");
            proBrowser.click(By.xpath("//form//button[.='Tonen']"));
            proBrowser.waitFor(By.cssSelector("table"));
            screens.check(proBrowser, "pro-statistics");

            professional.goTo("Beheer", "Spreekuren beheren");
            proBrowser.waitFor(By.cssSelector(".oh-list"));
            // with the organisation's group defaults (house rules, "Hulp nodig?")
            proBrowser.waitFor(By.cssSelector("section[aria-labelledby=org-safety-title] form"));
            screens.check(proBrowser, "pro-management");
            proBrowser.click(By.xpath("//ul[contains(@class,'oh-list')]//a[.=" + MessageList.literal(server.open().getName()) + "]"));
            proBrowser.waitFor(By.cssSelector("input[name=slug]"));
            screens.check(proBrowser, "pro-management-editor");
            proBrowser.click(By.xpath("//a[starts-with(., '←')]"));
            proBrowser.click(By.xpath("//a[.='Nieuw spreekuur']"));
            proBrowser.waitForText(ProPage.HEADING, "Nieuw spreekuur");
            screens.check(proBrowser, "pro-management-new");
        }
        assertThat(screens.checked).hasSize(22);
        assertThat(screens.problems).as("serious or critical axe violations at " + viewport).isEmpty();
    }
}
