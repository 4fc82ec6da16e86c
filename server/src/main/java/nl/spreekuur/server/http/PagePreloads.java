package nl.spreekuur.server.http;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a client page fetches first besides the start modules every page preloads, so that {@code index.html} can
 * start fetching it together with the page's own files instead of after the app's modules have loaded and run: on
 * a slow phone each is a round trip less before the page is usable.
 *
 * <ul>
 *   <li>{@code /s/<organisation>/<office hour>} (the link websites give): the office hour's public status,
 *       {@code GET /api/public/organisations/<organisation>/office-hours/<office hour>};</li>
 *   <li>{@code /s/<organisation>}: the organisation's office hours,
 *       {@code GET /api/public/organisations/<organisation>/office-hours}, and the list's module;</li>
 *   <li>{@code /}: the landing page's module.</li>
 * </ul>
 *
 * <p>Only slugs of letters, digits, {@code -} and {@code _} are preloaded (every slug the server makes is one), so
 * nothing from the request needs escaping in the page. The web client's {@code js/api.js} asks for these with the
 * same request kind as the preload ({@code <link rel="preload" as="fetch" crossorigin>}), so the browser hands the
 * preloaded answer over instead of asking twice; {@code js/app.js} imports these modules when it shows the page.
 */
final class PagePreloads {
    static final String LANDING_MODULE = "js/views/landing.js";
    static final String LIST_MODULE = "js/views/client/listView.js";
    private static final Pattern OFFICE_HOUR = Pattern.compile("/s/([A-Za-z0-9_-]{1,100})/([A-Za-z0-9_-]{1,100})/?");
    private static final Pattern ORGANISATION = Pattern.compile("/s/([A-Za-z0-9_-]{1,100})/?");

    /** A page's first fetches: an API path (or null) and a module of the web folder (or null). */
    record Page(String data, String module) {
    }

    private PagePreloads() {
    }

    /** What the page at {@code path} (decoded) fetches first, if it is one of the pages above. */
    static Optional<Page> of(String path) {
        if (path == null) {
            return Optional.empty();
        }
        if (path.equals("/") || path.equals("/index.html")) {
            return Optional.of(new Page(null, LANDING_MODULE));
        }
        Matcher hour = OFFICE_HOUR.matcher(path);
        if (hour.matches()) {
            return Optional.of(new Page(
                    "/api/public/organisations/" + hour.group(1) + "/office-hours/" + hour.group(2), null));
        }
        Matcher organisation = ORGANISATION.matcher(path);
        if (organisation.matches()) {
            return Optional.of(new Page("/api/public/organisations/" + organisation.group(1) + "/office-hours",
                    LIST_MODULE));
        }
        return Optional.empty();
    }

    /**
     * {@code html} with the page's preloads as the first links of the head; {@code moduleHref} is where the page's
     * module is served (its versioned URL), or null to leave the module to the import.
     */
    static String into(String html, Page page, String moduleHref) {
        StringBuilder links = new StringBuilder();
        if (page.data() != null) {
            links.append("<link rel=\"preload\" as=\"fetch\" crossorigin href=\"").append(page.data())
                    .append("\">\n  ");
        }
        if (moduleHref != null) {
            links.append("<link rel=\"modulepreload\" href=\"").append(moduleHref).append("\">\n  ");
        }
        int at = html.indexOf("<link");
        return at < 0 || links.isEmpty() ? html : html.substring(0, at) + links + html.substring(at);
    }
}
