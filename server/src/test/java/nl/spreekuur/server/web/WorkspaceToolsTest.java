package nl.spreekuur.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nl.spreekuur.server.testsupport.WebTestServer;
import nl.spreekuur.server.testsupport.browser.AxeCheck;
import nl.spreekuur.server.testsupport.browser.AxeViolation;
import nl.spreekuur.server.testsupport.browser.Browser;
import nl.spreekuur.server.testsupport.browser.Viewport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;

/**
 * The professional's workspace tools of office hours' second round, through the UI against the real server, at
 * 375×667 and 1280×800 with axe (no serious or critical violations) and screenshots ({@code tools-*}): canned
 * responses (managed on their page, inserted with "/code" + Enter and with the picker), private notes during a
 * chat (never on the client's page).
 */
class WorkspaceToolsTest {
    @AutoClose
    private static final WebTestServer server = WebTestServer.start();

    @Test
    void cannedResponsesAreManagedThenInsertedByCodeAndPickerAndNotesStayWithColleagues() {
        try (Browser clientBrowser = Browser.start(Viewport.PHONE);
             Browser phoneBrowser = Browser.start(Viewport.PHONE);
             Browser annaBrowser = Browser.start(Viewport.DESKTOP)) {
            // Bram (professional) keeps his own response, on a phone.
            ProPage bram = ProPage.logIn(phoneBrowser, server, server.colleague());
            bram.goTo("Standaardantwoorden", "Standaardantwoorden");
            fill(phoneBrowser, "Code", "Bram!");
            fill(phoneBrowser, "Naam", "Mijn groet");
            fill(phoneBrowser, "Tekst", "Hoi, ik ben Bram.");
            phoneBrowser.click(By.xpath("//form[contains(@class,'canned-form')]//button[.='Opslaan']"));
            phoneBrowser.waitForText(By.cssSelector(".canned-form .field__error"),
                    "Gebruik alleen kleine letters, cijfers en -, hoogstens 30 tekens.");
            assertThat(phoneBrowser.driver().findElements(By.xpath("//label[.='Voor de hele organisatie']")))
                    .as("only org-admins see the shared choice").isEmpty();
            check(phoneBrowser, "canned-manage-errors", Viewport.PHONE);
            fieldInput(phoneBrowser, "Code").clear();
            fill(phoneBrowser, "Code", "groet");
            phoneBrowser.click(By.xpath("//form[contains(@class,'canned-form')]//button[.='Opslaan']"));
            phoneBrowser.waitForText(By.cssSelector(".canned-manage"), "Hoi, ik ben Bram.");

            // Anna (org-admin) adds one for the whole organisation.
            ProPage anna = ProPage.logIn(annaBrowser, server, server.professional());
            anna.goTo("Standaardantwoorden", "Standaardantwoorden");
            fill(annaBrowser, "Code", "welkom");
            fill(annaBrowser, "Naam", "Welkom");
            fill(annaBrowser, "Tekst", "Welkom bij de chat. Fijn dat je er bent.");
            annaBrowser.click(By.xpath("//label[.='Voor de hele organisatie']"));
            annaBrowser.click(By.xpath("//form[contains(@class,'canned-form')]//button[.='Opslaan']"));
            annaBrowser.waitForText(By.xpath("//h2[.='Antwoorden van de organisatie']/following-sibling::div[1]"),
                    "Welkom bij de chat.");
            assertThat(annaBrowser.text(By.xpath("//h2[.='Jouw antwoorden']/following-sibling::div[1]")))
                    .doesNotContain("Hoi, ik ben Bram.");
            check(annaBrowser, "canned-manage", Viewport.DESKTOP);

            // In a chat: "/welkom" + Enter puts the text in the composer (not sent yet); the picker inserts too.
            anna.goTo("Werk", ProPage.WORK_TITLE);
            // the demo seeds Anna on duty
            annaBrowser.waitForText(ProPage.officeHourCard(server.open().getName()), "Je bent in dienst");
            ClientPage client = new ClientPage(clientBrowser).open(server.clientUrl(server.open()));
            client.join("Noor", "Ik heb een vraag over mijn huur.");
            anna.claim("Noor");
            By composer = By.cssSelector(anna.panelSelector("Noor") + " textarea.chat__input");
            annaBrowser.type(composer, "/welkom", Keys.ENTER);
            annaBrowser.waitUntil("the code replaced by its text", d ->
                    d.findElement(composer).getDomProperty("value").equals("Welkom bij de chat. Fijn dat je er bent."));
            annaBrowser.type(composer, " ");
            annaBrowser.click(By.xpath("//section[contains(@class,'chat-panel')]//button[.='Standaardantwoord']"));
            annaBrowser.waitFor(DialogHelper.OPEN_DIALOG);
            annaBrowser.type(By.cssSelector("dialog[open] input[type=search]"), "welk");
            check(annaBrowser, "canned-picker", Viewport.DESKTOP);
            annaBrowser.click(By.cssSelector("dialog[open] button[data-code=welkom]"));
            annaBrowser.waitUntilGone(DialogHelper.OPEN_DIALOG);
            assertThat(annaBrowser.driver().switchTo().activeElement().getAttribute("class")).contains("chat__input");
            anna.clickSend("Noor");
            client.waitForMessage("Welkom bij de chat. Fijn dat je er bent. Welkom bij de chat. Fijn dat je er bent.");

            // A private note: listed for professionals, never on the client's page.
            annaBrowser.click(By.cssSelector(anna.panelSelector("Noor") + " .chat-notes summary"));
            annaBrowser.type(By.cssSelector(anna.panelSelector("Noor") + " .chat-notes__input"),
                    "Noor heeft huurachterstand, vraag naar de brief.");
            annaBrowser.click(By.xpath("//section[contains(@class,'chat-panel')]//button[.='Notitie opslaan']"));
            annaBrowser.waitForText(By.cssSelector(anna.panelSelector("Noor") + " .chat-notes__list"),
                    "Noor heeft huurachterstand, vraag naar de brief.");
            anna.waitForPanelText("Noor", "Notities voor collega's (1)");
            check(annaBrowser, "chat-notes", Viewport.DESKTOP);
            assertThat(clientBrowser.driver().getPageSource()).doesNotContain("huurachterstand");

            anna.clickChatAction("Noor", "Gesprek beëindigen");
            anna.confirmDialog("Gesprek beëindigen");
            client.waitForHeading("Het gesprek is afgelopen");
        }
    }

    @Test
    void aDesktopNotificationSaysWhenSomeoneWaitsLongerThanTheChosenTime() {
        try (Browser clientBrowser = Browser.start(Viewport.PHONE);
             Browser bramBrowser = Browser.start(Viewport.DESKTOP)) {
            ProPage bram = ProPage.logIn(bramBrowser, server, server.colleague());
            By status = By.xpath("//select[@name='waitAlert']/following-sibling::p[1]");
            bramBrowser.waitForText(status, "Je krijgt geen melding over lang wachten.");
            // The browser's own permission, granted as a person would with the button; the page's calls recorded.
            bramBrowser.cdp("Browser.grantPermissions", Map.of("permissions", List.of("notifications"),
                    "origin", server.url("/").replaceAll("/$", "")));
            bramBrowser.executeScript("window.__shown = [];"
                    + "const Real = window.Notification;"
                    + "window.Notification = class extends Real {"
                    + "  constructor(title, options) { super(title, options); window.__shown.push(title); } };");
            new Select(bramBrowser.waitFor(By.cssSelector("select[name=waitAlert]"))).selectByVisibleText("2 minuten");
            bramBrowser.waitForText(status, "Je krijgt een melding op je bureaublad.");
            check(bramBrowser, "wait-alert-setting", Viewport.DESKTOP);
            onDuty(bram, bramBrowser);

            // The client joined (at least) three minutes ago.
            var clock = server.server().clock();
            java.time.Instant now = clock.instant();
            clock.set(now.minus(java.time.Duration.ofMinutes(3)));
            try {
                new ClientPage(clientBrowser).open(server.clientUrl(server.open())).join("Lotte", "");
            } finally {
                clock.set(now);
            }
            bram.waitForWaiting("Lotte");
            Object shown = bramBrowser.waitUntil("a desktop notification", d -> {
                Object titles = bramBrowser.executeScript("return window.__shown.length ? window.__shown : null;");
                return titles;
            });
            // the test server's clock stands still, so the wait is at least three minutes by the browser's clock
            assertThat((List<?>) shown).singleElement().asString().matches("Lotte wacht al \\d+ min\\. in de wachtrij");
            bram.claim("Lotte");
            bram.clickChatAction("Lotte", "Gesprek beëindigen");
            bram.confirmDialog("Gesprek beëindigen");
        }
    }

    @Test
    void anOrganisationAdminCreatesChangesAndSwitchesOffAnAccountWithPlainErrors() {
        try (Browser desktop = Browser.start(Viewport.DESKTOP);
             Browser phone = Browser.start(Viewport.PHONE)) {
            ProPage admin = ProPage.logIn(desktop, server, server.professional());
            admin.goTo("Medewerkers", "Medewerkers");
            desktop.waitForText(By.cssSelector(".account-list"), server.colleague().displayName());
            desktop.click(By.xpath("//button[.='Nieuwe medewerker']"));
            assertThat(desktop.driver().switchTo().activeElement().getAttribute("name")).isEqualTo("username");
            // by keyboard: the form is sent with Enter from a field
            fill(desktop, "Naam", "Carla Smit");
            fieldInput(desktop, "Gebruikersnaam").sendKeys("Carla Smit", Keys.ENTER);
            desktop.waitForText(By.cssSelector(".field:has(input[name=username]) .field__error"),
                    "Gebruik 2 tot 60 kleine letters, cijfers of . _ -.");
            desktop.waitForText(By.cssSelector(".field:has(input[name=password]) .field__error"),
                    "Het wachtwoord moet minstens 12 tekens hebben.");
            check(desktop, "accounts-errors", Viewport.DESKTOP);
            fieldInput(desktop, "Gebruikersnaam").clear();
            fill(desktop, "Gebruikersnaam", "bram");
            fill(desktop, "Wachtwoord", "carla-wachtwoord-2026");
            desktop.click(By.xpath("//form[contains(@class,'account-form')]//button[.='Opslaan']"));
            desktop.waitForText(By.cssSelector(".account-form [role=alert]"),
                    "Deze gebruikersnaam bestaat al. Kies een andere.");
            fieldInput(desktop, "Gebruikersnaam").clear();
            fill(desktop, "Gebruikersnaam", "carla");
            desktop.click(By.xpath("//label[.='Supervisor (meelezen)']"));
            desktop.click(By.xpath("//form[contains(@class,'account-form')]//button[.='Opslaan']"));
            desktop.waitFor(By.cssSelector(".account-list li[data-username=carla]"));
            var carla = server.server().store().accounts()
                    .byUsername(server.professional().account().organisationId(), "carla").orElseThrow();
            assertThat(carla.displayName()).isEqualTo("Carla Smit");
            assertThat(carla.roles()).containsExactlyInAnyOrder(nl.spreekuur.server.store.Role.PROFESSIONAL,
                    nl.spreekuur.server.store.Role.SUPERVISOR);

            // Carla logs in on her phone; she is switched off (AccountsWebSocketTest: her sockets close at once) and
            // given a new password.
            ProPage.logIn(phone, server, new WebTestServer.Staff(carla, "carla", "carla-wachtwoord-2026"));
            desktop.click(By.xpath("//button[@aria-label='Carla Smit aanpassen']"));
            desktop.click(By.xpath("//label[.='Account uitzetten']"));
            fill(desktop, "Nieuw wachtwoord", "nieuw-wachtwoord-2026");
            desktop.click(By.xpath("//form[contains(@class,'account-form')]//button[.='Opslaan']"));
            desktop.waitForText(By.cssSelector(".account-list li[data-username=carla]"), "uitgezet");
            var stored = server.server().store().accounts().byId(carla.id()).orElseThrow();
            assertThat(stored.disabled()).isTrue();
            assertThat(stored.passwordHash()).isNotEqualTo(carla.passwordHash());
            check(desktop, "accounts-list", Viewport.DESKTOP);

            phone.executeScript("sessionStorage.clear();"); // Carla's stale login
            ProPage phoneAdmin = ProPage.logIn(phone, server, server.professional());
            phoneAdmin.goTo("Medewerkers", "Medewerkers");
            phone.click(By.xpath("//button[@aria-label=" + MessageList.literal("Anna de Vries aanpassen") + "]"));
            phone.waitForText(By.cssSelector(".account-form"), "Je kunt je eigen account niet uitzetten.");
            check(phone, "accounts-form", Viewport.PHONE);
        }
    }

    @Test
    void theOrganisationsWhatNowIsSetByItsAdminAndShownToClientsWhenClosed() {
        try (Browser adminBrowser = Browser.start(Viewport.DESKTOP);
             Browser clientBrowser = Browser.start(Viewport.PHONE)) {
            ProPage admin = ProPage.logIn(adminBrowser, server, server.professional());
            admin.goTo("Beheer", "Spreekuren beheren");
            adminBrowser.waitFor(By.cssSelector("textarea[name=whatNowText]"));
            adminBrowser.type(By.name("whatNowText"), "Je kunt ook langskomen in het wijkcentrum, op werkdagen van 9 tot 17 uur.");
            adminBrowser.type(By.name("whatNowPhone"), "bel ons");
            adminBrowser.click(By.xpath("//button[.='Tekst opslaan']"));
            adminBrowser.waitForText(By.cssSelector(".field:has(input[name=whatNowPhone]) .field__error"),
                    "Gebruik alleen cijfers, spaties en + - ( ).");
            adminBrowser.waitFor(By.name("whatNowPhone")).clear();
            adminBrowser.type(By.name("whatNowPhone"), "020 123 45 67");
            adminBrowser.type(By.name("whatNowWebsite"), "https://wijkteam.example/contact");
            adminBrowser.click(By.xpath("//button[.='Tekst opslaan']"));
            adminBrowser.waitForText(By.cssSelector(".what-now-form [role=status]"), "Opgeslagen.");
            check(adminBrowser, "what-now-admin", Viewport.DESKTOP);

            new ClientPage(clientBrowser).open(server.clientUrl(server.closed()));
            clientBrowser.waitForText(By.cssSelector(".status .what-now"),
                    "Je kunt ook langskomen in het wijkcentrum, op werkdagen van 9 tot 17 uur.");
            assertThat(clientBrowser.waitFor(By.cssSelector(".status a[href='tel:0201234567']")).getText())
                    .isEqualTo("020 123 45 67");
            assertThat(clientBrowser.waitFor(By.cssSelector(".status a[href='https://wijkteam.example/contact']"))
                    .getText()).isEqualTo("Kijk op de website van " + WebTestServer.ORGANISATION_NAME);
            check(clientBrowser, "what-now-client-closed", Viewport.PHONE);
        }
    }

    @Test
    void officeHourCardsAreUpdatedInPlaceSoTheFocusStaysWhenTheQueueChanges() {
        try (Browser first = Browser.start(Viewport.PHONE);
             Browser second = Browser.start(Viewport.PHONE);
             Browser bramBrowser = Browser.start(Viewport.DESKTOP)) {
            ProPage bram = ProPage.logIn(bramBrowser, server, server.colleague());
            onDuty(bram, bramBrowser);
            new ClientPage(first).open(server.clientUrl(server.open())).join("Ravi", "");
            bram.waitForWaiting("Ravi");
            By card = ProPage.officeHourCard(server.open().getName());
            // Mark the card and the focused button as the very elements they are now.
            bramBrowser.executeScript("const card = arguments[0]; card.__marked = true;"
                    + "const b = [...card.querySelectorAll('button')].find(x => x.textContent === 'Urgent');"
                    + "b.__marked = true; b.focus();", bramBrowser.waitFor(card));
            new ClientPage(second).open(server.clientUrl(server.open())).join("Mila", "");
            bram.waitForWaiting("Mila");
            bramBrowser.waitForText(card, "Mila");
            assertThat(bramBrowser.executeScript("const a = document.activeElement;"
                    + "return [a.__marked === true, a.closest('section').__marked === true, a.textContent];"))
                    .isEqualTo(List.of(true, true, "Urgent"));
            // the button still acts on what holds now: Ravi is marked urgent
            bramBrowser.pressKeys(Keys.ENTER);
            bramBrowser.waitFor(By.cssSelector(".queue__item--urgent"));
            assertThat(bramBrowser.text(By.cssSelector(".queue__item--urgent"))).contains("Ravi");
            bram.claim("Ravi");
            bram.clickChatAction("Ravi", "Gesprek beëindigen");
            bram.confirmDialog("Gesprek beëindigen");
            bram.claim("Mila");
            bram.clickChatAction("Mila", "Gesprek beëindigen");
            bram.confirmDialog("Gesprek beëindigen");
        }
    }

    /** Duty outlives a closed browser (its grace), so an earlier test may have left Bram on duty. */
    private static void onDuty(ProPage page, Browser browser) {
        By card = ProPage.officeHourCard(server.open().getName());
        browser.waitForText(card, server.open().getName());
        if (!browser.text(card).contains("Je bent in dienst")) {
            page.startDuty(server.open().getName());
        }
    }

    private static org.openqa.selenium.WebElement fieldInput(Browser browser, String label) {
        return browser.waitFor(By.xpath("//label[normalize-space(.)=" + MessageList.literal(label)
                + "]/ancestor::div[contains(@class,'field')][1]//*[self::input or self::textarea]"));
    }

    private static void fill(Browser browser, String label, String text) {
        fieldInput(browser, label).sendKeys(text);
    }

    static void check(Browser browser, String screen, Viewport viewport) {
        browser.screenshot("tools-" + screen + "-" + viewport.name().toLowerCase(Locale.ROOT));
        List<String> serious = new ArrayList<>();
        for (AxeViolation violation : AxeCheck.run(browser)) {
            if (violation.isSerious()) {
                serious.add(violation.summary());
            }
        }
        assertThat(serious).as("serious or critical axe violations on " + screen).isEmpty();
    }
}
