package nl.spreekuur.server.transport;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The server's version, from the Maven metadata packaged in the jar ("dev" when run from classes). */
public final class ServerVersion {
    private static final String VERSION = read();

    private ServerVersion() {
    }

    public static String current() {
        return VERSION;
    }

    private static String read() {
        String resource = "/META-INF/maven/nl.spreekuur/spreekuur-server/pom.properties";
        try (InputStream in = ServerVersion.class.getResourceAsStream(resource)) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("version", "dev");
            }
        } catch (IOException e) {
            return "dev";
        }
        return "dev";
    }
}
