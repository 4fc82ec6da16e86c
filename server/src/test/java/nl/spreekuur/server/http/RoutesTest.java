package nl.spreekuur.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.Test;

class RoutesTest {
    private final RouteHandler list = call -> HttpReply.text(200, "list");
    private final RouteHandler one = call -> HttpReply.text(200, "one");
    private final Routes routes = new Routes()
            .get("/api/public/organisations/{org}/office-hours", list)
            .get("/api/public/organisations/{org}/office-hours/{slug}", one)
            .post("/api/login", call -> HttpReply.noContent());

    @Test
    void matchesLiteralAndParameterSegments() {
        Routes.Resolution r = routes.resolve(HttpMethod.GET, "/api/public/organisations/demo/office-hours/inloop");
        assertThat(r.handler()).isSameAs(one);
        assertThat(r.params()).containsEntry("org", "demo").containsEntry("slug", "inloop");
        assertThat(routes.resolve(HttpMethod.GET, "/api/public/organisations/demo/office-hours").handler())
                .isSameAs(list);
    }

    @Test
    void trailingSlashIsTheSameRoute() {
        assertThat(routes.resolve(HttpMethod.POST, "/api/login/").found()).isTrue();
    }

    @Test
    void headIsAnsweredByGet() {
        assertThat(routes.resolve(HttpMethod.HEAD, "/api/public/organisations/x/office-hours").handler())
                .isSameAs(list);
    }

    @Test
    void otherMethodReportsWhatIsAllowed() {
        Routes.Resolution r = routes.resolve(HttpMethod.DELETE, "/api/login");
        assertThat(r.found()).isFalse();
        assertThat(r.allowedMethods()).containsExactly("POST");
        assertThat(routes.resolve(HttpMethod.POST, "/api/public/organisations/x/office-hours").allowedMethods())
                .containsExactly("GET", "HEAD");
    }

    @Test
    void noMatchAtAll() {
        Routes.Resolution r = routes.resolve(HttpMethod.GET, "/api/public/organisations//office-hours");
        assertThat(r.found()).isFalse();
        assertThat(r.allowedMethods()).isEmpty();
        assertThat(routes.resolve(HttpMethod.GET, "/api/public/organisations/demo").found()).isFalse();
    }

    @Test
    void registeringTheSameRouteTwiceFails() {
        assertThatThrownBy(() -> routes.get("/api/public/organisations/{other}/office-hours", list))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> routes.get("relative", list)).isInstanceOf(IllegalArgumentException.class);
    }
}
