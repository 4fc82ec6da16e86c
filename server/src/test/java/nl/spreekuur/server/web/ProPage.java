package nl.spreekuur.server.web;

import static nl.spreekuur.server.web.MessageList.literal;

import java.util.List;
import nl.spreekuur.server.testsupport.WebTestServer;
import nl.spreekuur.server.testsupport.browser.Browser;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * What a professional does in /pro/, through the UI only (login form, buttons, chat box), in the words the page
 * shows (Dutch). Chats are found by the client's nickname, the title of their chat panel.
 */
final class ProPage {
    static final By HEADING = By.cssSelector("#main h1");
    static final String WORK_TITLE = "Spreekuren en wachtrij";

    private final Browser browser;

    private ProPage(Browser browser) {
        this.browser = browser;
    }

    Browser browser() {
        return browser;
    }

    /** A page in a browser that is already logged in. */
    static ProPage attach(Browser browser) {
        return new ProPage(browser);
    }

    /** Opens /pro/, logs in through the form and waits for the workspace with its office hours. */
    static ProPage logIn(Browser browser, WebTestServer server, WebTestServer.Staff staff) {
        browser.open(server.url("/pro/"));
        ProPage page = new ProPage(browser);
        page.fillLogin(staff);
        browser.waitForText(HEADING, WORK_TITLE);
        browser.waitFor(By.cssSelector(".oh-card"));
        return page;
    }

    void fillLogin(WebTestServer.Staff staff) {
        browser.waitForText(HEADING, "Inloggen voor hulpverleners");
        browser.type(By.cssSelector("input[name=organisation]"), WebTestServer.ORGANISATION);
        browser.type(By.cssSelector("input[name=username]"), staff.username());
        browser.type(By.cssSelector("input[name=password]"), staff.password());
        browser.click(By.cssSelector("form button[type=submit]"));
    }

    /** The card of an office hour on the work page. */
    static By officeHourCard(String name) {
        return By.xpath("//section[contains(@class,'oh-card')][.//h2[.=" + literal(name) + "]]");
    }

    /** Clicks "Dienst starten" on an office hour's card and waits until it says we are on duty. */
    void startDuty(String officeHourName) {
        browser.click(By.xpath("//section[contains(@class,'oh-card')][.//h2[.=" + literal(officeHourName)
                + "]]//button[.='Dienst starten']"));
        browser.waitForText(officeHourCard(officeHourName), "Je bent in dienst");
    }

    /** Waits until the queue shows this client. */
    void waitForWaiting(String nickname) {
        showQueue();
        browser.waitFor(claimButton(nickname));
    }

    private static By claimButton(String nickname) {
        return By.xpath("//button[.=" + literal(nickname + " oppakken") + "]");
    }

    /** Picks up this client from the queue and waits for their chat panel. */
    void claim(String nickname) {
        waitForWaiting(nickname);
        browser.click(claimButton(nickname));
        browser.waitFor(chatPanel(nickname));
    }

    /** On a phone the queue and each chat are tabs; on a desktop everything is visible anyway. */
    void showQueue() {
        By tab = By.id("tab-queue");
        if (browser.driver().findElement(tab).isDisplayed()) {
            browser.click(tab);
        }
    }

    /**
     * Shows the chat's tab on a phone (no-op on a desktop, where the tabs are hidden). The tab is found again on
     * every try: the workspace may re-render between finding it and clicking it.
     */
    void showChat(String nickname) {
        By tab = By.xpath("//div[@role='tablist']/button[@role='tab'][starts-with(normalize-space(.), "
                + literal(nickname) + ")]");
        browser.waitUntil("the chat with " + nickname + " shown", d -> {
            List<WebElement> tabs = d.findElements(tab);
            if (!tabs.isEmpty() && tabs.get(0).isDisplayed()
                    && !"true".equals(tabs.get(0).getAttribute("aria-selected"))) {
                tabs.get(0).click();
            }
            WebElement panel = d.findElement(chatPanel(nickname));
            return panel.isDisplayed() ? panel : null;
        });
    }

    static By chatPanel(String nickname) {
        return By.xpath("//section[contains(@class,'chat-panel')][.//h2[starts-with(., " + literal(nickname) + ")]]");
    }

    private static By inPanel(String nickname, String relativeXpath) {
        return By.xpath("//section[contains(@class,'chat-panel')][.//h2[starts-with(., " + literal(nickname)
                + ")]]" + relativeXpath);
    }

    /** CSS selector of the chat panel (its id is panel-conversationId), for scoped reads. */
    String panelSelector(String nickname) {
        return "#" + browser.waitFor(chatPanel(nickname)).getAttribute("id");
    }

    void typeInChat(String nickname, String text) {
        showChat(nickname);
        browser.type(inPanel(nickname, "//textarea[contains(@class,'chat__input')]"), text);
    }

    void clickSend(String nickname) {
        browser.click(inPanel(nickname, "//button[contains(@class,'chat__send')]"));
    }

    void send(String nickname, String text) {
        typeInChat(nickname, text);
        clickSend(nickname);
    }

    List<String> messageTexts(String nickname) {
        return MessageList.texts(browser, panelSelector(nickname));
    }

    void waitForMessage(String nickname, String text) {
        showChat(nickname);
        browser.waitFor(inPanel(nickname, "//p[contains(@class,'msg__text')][.=" + literal(text) + "]"));
    }

    void waitForStatusOfMine(String nickname, String text, String status) {
        showChat(nickname);
        browser.waitFor(inPanel(nickname, "//li[contains(@class,'msg--mine')][p[contains(@class,'msg__text')][.="
                + literal(text) + "]]/p[contains(@class,'msg__status')][.=" + literal(status) + "]"));
    }

    void waitForSystemLine(String nickname, String text) {
        showChat(nickname);
        browser.waitFor(inPanel(nickname, "//li[contains(@class,'msg--system')][contains(., " + literal(text)
                + ")]"));
    }

    void waitForPanelText(String nickname, String text) {
        showChat(nickname);
        browser.waitForText(chatPanel(nickname), text);
    }

    /** Clicks an action button in the chat panel's head ("Overdragen", "Gesprek beëindigen", "Sluiten", ...). */
    void clickChatAction(String nickname, String label) {
        showChat(nickname);
        browser.click(inPanel(nickname, "//div[contains(@class,'chat-panel__actions')]/button[.=" + literal(label)
                + "]"));
    }

    /** Confirms the open dialog with the button labelled {@code label}. */
    void confirmDialog(String label) {
        DialogHelper.press(browser, label);
    }

    /** Follows a link in the main menu ("Werk", "Offline berichten", "Statistiek", "Beheer"). */
    void goTo(String menuItem, String heading) {
        browser.click(By.xpath("//nav//a[starts-with(normalize-space(.), " + literal(menuItem) + ")]"));
        browser.waitForText(HEADING, heading);
    }
}
