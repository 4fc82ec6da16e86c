package nl.spreekuur.server.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Merges the configuration sources. Precedence, highest first: command-line flags, environment variables
 * ({@link ConfigKey#environmentVariable()}), the config file (Java properties, keys as in {@link ConfigKey}),
 * defaults.
 */
public final class ConfigLoader {

    /** Environment variable naming a config file when no {@code --config} flag is given. */
    public static final String CONFIG_FILE_VARIABLE = "SPREEKUUR_CONFIG";

    private ConfigLoader() {
    }

    /**
     * @param flags       values given on the command line, keyed by config key (absent = not given)
     * @param environment the process environment (usually {@code System.getenv()})
     * @param configFile  a properties file, or null; when null {@value #CONFIG_FILE_VARIABLE} is consulted
     */
    public static ServerConfig load(Map<String, String> flags, Map<String, String> environment, Path configFile) {
        Map<String, String> merged = new HashMap<>();
        Path file = configFile;
        if (file == null && environment.containsKey(CONFIG_FILE_VARIABLE)) {
            file = Path.of(environment.get(CONFIG_FILE_VARIABLE));
        }
        if (file != null) {
            merged.putAll(readFile(file));
        }
        for (ConfigKey key : ConfigKey.values()) {
            String value = environment.get(key.environmentVariable());
            if (value != null) {
                merged.put(key.key(), value);
            }
        }
        merged.putAll(flags);
        return ServerConfig.fromValues(merged);
    }

    static Map<String, String> readFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config file " + file, e);
        }
        Map<String, String> values = new HashMap<>();
        for (String name : properties.stringPropertyNames()) {
            values.put(name, properties.getProperty(name));
        }
        return values;
    }
}
