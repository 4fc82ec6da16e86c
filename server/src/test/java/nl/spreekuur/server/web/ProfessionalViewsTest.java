package nl.spreekuur.server.web;

import static nl.spreekuur.server.web.MessageList.literal;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import nl.spreekuur.server.testsupport.WebTestServer;
import nl.spreekuur.server.testsupport.browser.Browser;
import nl.spreekuur.server.testsupport.browser.Viewport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The professional's other screens, driven through the UI against the real server: offline messages (left by an
 * inwoner while the office hour is closed, handled by a professional, counted in the statistics), reading along
 * and stopping, transferring a chat to a colleague with an internal note, and office hour management.
 */
class ProfessionalViewsTest {
    @AutoClose
    private static final WebTestServer server = WebTestServer.start();

    @Test
    void offlineMessageIsLeftWhileClosedThenHandledAndCounted() {
        String closedName = server.closed().getName();
        try (Browser clientBrowser = Browser.start(Viewport.PHONE);
             Browser proBrowser = Browser.start(Viewport.DESKTOP)) {
            ClientPage client = new ClientPage(clientBrowser).open(server.clientUrl(server.closed()));
            assertThat(clientBrowser.text(By.cssSelector(".badge"))).isEqualTo("Nu dicht");
            clientBrowser.waitForText(By.cssSelector(".status__next"), "Het spreekuur is weer open");
            assertThat(clientBrowser.driver().findElements(By.cssSelector("input[name=nickname][maxlength='40']")))
                    .as("only the offline form, no join form").hasSize(1);
            clientBrowser.type(By.cssSelector("input[name=nickname]"), "Fatima");
            clientBrowser.type(By.cssSelector("textarea[name=text]"), "Ik heb een brief van de belasting gekregen.");
            clientBrowser.type(By.cssSelector("input[name=contact]"), "06-12345678");
            client.click(By.xpath("//button[.='Bericht versturen']"));
            clientBrowser.waitForText(By.cssSelector(".notice--success"), "Dank je. Je bericht is verstuurd.");
            clientBrowser.screenshot("offline-client-sent");

            ProPage professional = ProPage.logIn(proBrowser, server, server.professional());
            professional.goTo("Offline berichten", "Offline berichten");
            new Select(proBrowser.waitFor(By.cssSelector("select[name=officeHour]"))).selectByVisibleText(closedName);
            By message = By.xpath("//ul[contains(@class,'offline-list')]/li[.//p[.="
                    + literal("Ik heb een brief van de belasting gekregen.") + "]]");
            WebElement item = proBrowser.waitFor(message);
            assertThat(item.getText()).contains("Fatima", "Contact: 06-12345678");
            proBrowser.screenshot("offline-pro-list");

            proBrowser.click(By.xpath("//ul[contains(@class,'offline-list')]/li[.//p[.="
                    + literal("Ik heb een brief van de belasting gekregen.") + "]]//button[.='Markeren als afgehandeld']"));
            proBrowser.waitForText(By.xpath("//section[contains(@class,'card')]/p[@role='status']"), "Er zijn geen berichten.");
            proBrowser.click(By.cssSelector("label[for=include-handled]"));
            proBrowser.waitForText(message, "Afgehandeld door jou op");

            professional.goTo("Statistiek", "Statistiek");
            new Select(proBrowser.waitFor(By.cssSelector("select[name=officeHour]"))).selectByVisibleText(closedName);
            // The office hour counts in its own time zone, which may be a day ahead of the browser's.
            proBrowser.executeScript("document.querySelector('input[name=to]').value = arguments[0];",
                    LocalDate.now().plusDays(1).toString());
            proBrowser.click(By.xpath("//form//button[.='Tonen']"));
            proBrowser.waitForText(By.cssSelector("table caption"), "Statistiek per dag voor " + closedName);
            assertThat(columnTotal(proBrowser, "Offline berichten")).isEqualTo("1");
            assertThat(columnTotal(proBrowser, "Aangemeld")).isEqualTo("0");
            proBrowser.screenshot("statistics-desktop");
        }
    }

    /** The value in the "Totaal" row under the column with this heading. */
    private static String columnTotal(Browser browser, String heading) {
        return (String) browser.executeScript(
                "const headings = [...document.querySelectorAll('table thead th')].map(th => th.textContent);"
                        + "const i = headings.indexOf(arguments[0]);"
                        + "return i < 0 ? null : document.querySelectorAll('table tfoot tr > *')[i].textContent;",
                heading);
    }

    @Test
    void supervisorReadsAlongAndStopsThenTheChatIsTransferredWithANote() {
        String anna = server.professional().displayName();
        String bram = server.colleague().displayName();
        String openName = server.open().getName();
        try (Browser clientBrowser = Browser.start(Viewport.PHONE);
             Browser bramBrowser = Browser.start(Viewport.PHONE);
             Browser annaBrowser = Browser.start(Viewport.DESKTOP)) {
            ProPage colleague = ProPage.logIn(bramBrowser, server, server.colleague());
            colleague.startDuty(openName);

            ClientPage client = new ClientPage(clientBrowser).open(server.clientUrl(server.open()));
            client.join("Jesse", "Ik word gepest op school.");
            colleague.claim("Jesse");
            colleague.send("Jesse", "Hoi Jesse, ik ben Bram.");
            client.waitForMessage("Hoi Jesse, ik ben Bram.");

            // Anna (supervisor) reads along: read-only for her, announced to the inwoner.
            ProPage supervisor = ProPage.logIn(annaBrowser, server, server.professional());
            By readAlong = By.xpath("//ul[contains(@class,'active-chats')]/li[contains(., "
                    + literal("Jesse met " + bram) + ")]/button[.='Meelezen']");
            annaBrowser.click(readAlong);
            annaBrowser.waitFor(ProPage.chatPanel("Jesse (meelezen)"));
            supervisor.waitForMessage("Jesse", "Hoi Jesse, ik ben Bram.");
            annaBrowser.waitForText(ProPage.chatPanel("Jesse"), "Je leest mee. Je kunt hier niet schrijven.");
            assertThat(annaBrowser.driver().findElements(By.cssSelector(".chat-panel textarea.chat__input")))
                    .allMatch(input -> !input.isDisplayed());
            client.waitForSystemLine("Een collega leest nu mee.");
            clientBrowser.waitForText(By.cssSelector(".chat__supervised"), "Een collega leest mee.");
            colleague.waitForSystemLine("Jesse", anna + " leest nu mee.");
            annaBrowser.screenshot("supervise-desktop");
            clientBrowser.screenshot("supervised-client-phone");

            supervisor.clickChatAction("Jesse", "Stoppen met meelezen");
            annaBrowser.waitUntilGone(ProPage.chatPanel("Jesse"));
            client.waitForSystemLine("De collega leest niet meer mee.");
            clientBrowser.waitUntilGone(By.cssSelector(".chat__supervised"));
            colleague.waitForSystemLine("Jesse", anna + " leest niet meer mee.");

            // Bram hands the chat to Anna with a note the inwoner never sees.
            colleague.clickChatAction("Jesse", "Overdragen");
            bramBrowser.waitFor(DialogHelper.OPEN_DIALOG);
            bramBrowser.click(By.xpath("//dialog[@open]//label[starts-with(., " + literal(anna) + ")]"));
            bramBrowser.type(By.id("transfer-note"), "Jesse wordt gepest. Graag rustig aan.");
            bramBrowser.screenshot("transfer-dialog-phone");
            DialogHelper.press(bramBrowser, "Overdragen");
            bramBrowser.waitUntilGone(ProPage.chatPanel("Jesse"));

            annaBrowser.waitFor(ProPage.chatPanel("Jesse"));
            supervisor.waitForPanelText("Jesse", "Notities voor collega's (1)");
            supervisor.waitForPanelText("Jesse", "Jesse wordt gepest. Graag rustig aan.");
            annaBrowser.waitForText(By.cssSelector(".chat-notes__list li"), bram);
            supervisor.waitForPanelText("Jesse", "overgedragen");
            client.waitForSystemLine("Je gesprek gaat verder met " + anna + ".");
            assertThat(clientBrowser.driver().getPageSource()).doesNotContain("Graag rustig aan");
            supervisor.send("Jesse", "Hoi Jesse, ik ben Anna. Ik help je verder.");
            client.waitForMessage("Hoi Jesse, ik ben Anna. Ik help je verder.");
            client.waitForHeading("Je chat nu met " + anna);
            annaBrowser.screenshot("transferred-pro-desktop");

            supervisor.clickChatAction("Jesse", "Gesprek beëindigen");
            supervisor.confirmDialog("Gesprek beëindigen");
            client.waitForHeading("Het gesprek is afgelopen");
        }
    }

    @Test
    void anOrganisationAdminCreatesAnOfficeHourThatInwonersThenSee() {
        try (Browser adminBrowser = Browser.start(Viewport.DESKTOP)) {
            ProPage admin = ProPage.logIn(adminBrowser, server, server.professional());
            admin.goTo("Beheer", "Spreekuren beheren");
            adminBrowser.screenshot("management-list-desktop");
            adminBrowser.click(By.xpath("//a[.='Nieuw spreekuur']"));
            adminBrowser.waitForText(ProPage.HEADING, "Nieuw spreekuur");

            adminBrowser.type(By.cssSelector("input[name=name]"), "Jongerenspreekuur");
            adminBrowser.type(By.cssSelector("input[name=slug]"), "Jongeren!");
            adminBrowser.type(By.cssSelector("textarea[name=description]"), "Voor iedereen tot 23 jaar.");
            adminBrowser.click(By.xpath("//button[.='Tijdvak toevoegen']"));
            adminBrowser.driver().findElement(By.cssSelector("input[name=grace]")).clear();
            adminBrowser.type(By.cssSelector("input[name=grace]"), "5");
            adminBrowser.click(By.xpath("//form//button[.='Opslaan']"));
            adminBrowser.waitForText(By.cssSelector(".form [role=alert]"), "Niet alles is goed ingevuld.");
            adminBrowser.waitForText(By.cssSelector(".field:has(input[name=slug]) .field__error"),
                    "Gebruik 2 tot 60 kleine letters, cijfers of streepjes.");
            adminBrowser.waitForText(By.cssSelector(".field:has(input[name=grace]) .field__error"),
                    "Kies een getal van 30 tot en met 900.");
            adminBrowser.screenshot("management-editor-errors-desktop");

            adminBrowser.driver().findElement(By.cssSelector("input[name=slug]")).clear();
            adminBrowser.type(By.cssSelector("input[name=slug]"), "jongeren");
            adminBrowser.driver().findElement(By.cssSelector("input[name=grace]")).clear();
            adminBrowser.type(By.cssSelector("input[name=grace]"), "120");
            adminBrowser.click(By.cssSelector("label[for='prof-" + server.colleague().id() + "']"));
            adminBrowser.click(By.xpath("//form//button[.='Opslaan']"));
            adminBrowser.waitForText(ProPage.HEADING, "Spreekuren beheren");
            adminBrowser.waitFor(By.xpath("//ul[contains(@class,'oh-list')]//a[.='Jongerenspreekuur']"));

            var saved = server.server().store().officeHours()
                    .bySlug(server.open().getOrganisationId(), "jongeren").orElseThrow();
            assertThat(saved.getSlotsCount()).isEqualTo(1);
            assertThat(saved.getProfessionalIdsList()).containsExactly(server.colleague().id());
            assertThat(saved.getReconnectGraceSeconds()).isEqualTo(120);

            adminBrowser.open(server.url("/s/" + WebTestServer.ORGANISATION));
            adminBrowser.waitForText(By.cssSelector(".oh-list"), "Jongerenspreekuur");
            List<String> names = adminBrowser.driver().findElements(By.cssSelector(".oh-list__name")).stream()
                    .map(WebElement::getText).toList();
            assertThat(names).contains("Jongerenspreekuur", "Inloopspreekuur", server.closed().getName());
        }
    }
}
