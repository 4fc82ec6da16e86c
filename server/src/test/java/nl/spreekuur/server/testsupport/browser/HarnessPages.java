package nl.spreekuur.server.testsupport.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Serves the pages in {@code src/test/resources/browser-harness/} on a free loopback port. */
final class HarnessPages implements AutoCloseable {

    private static final String RESOURCES = "/browser-harness/";

    private final HttpServer server;

    private HarnessPages(HttpServer server) {
        this.server = server;
    }

    static HarnessPages start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", HarnessPages::serve);
            server.start();
            return new HarnessPages(server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test page server", e);
        }
    }

    String url(String page) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + page;
    }

    private static void serve(HttpExchange exchange) throws IOException {
        String name = exchange.getRequestURI().getPath().substring(1);
        try (exchange; InputStream page = name.matches("[a-z-]+\\.html")
                ? HarnessPages.class.getResourceAsStream(RESOURCES + name) : null) {
            if (page == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = page.readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
