package nl.spreekuur.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the web client's build step ({@code web-client/src/build/WebAssets.java}) wrote into {@code asset-manifest}:
 * the release {@code version} (a hash over every file), each file's ETag, and the modules {@code js/app.js}
 * imports statically (for {@code <link rel="modulepreload">}). A folder without one (a test's own static root)
 * is served unversioned, with ETags computed from the bytes.
 */
record AssetManifest(String version, Map<String, String> etags, List<String> preload) {
    static final String NAME = "asset-manifest";
    static final String ENTRY = "js/app.js";

    AssetManifest {
        etags = Map.copyOf(etags);
        preload = List.copyOf(preload);
    }

    static Optional<AssetManifest> load(ClassLoader loader, String root) {
        try (InputStream in = loader.getResourceAsStream(root + "/" + NAME)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the asset manifest", e);
        }
    }

    static AssetManifest parse(String text) {
        String version = null;
        Map<String, String> etags = new HashMap<>();
        List<String> preload = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] parts = line.trim().split(" ");
            switch (parts[0]) {
                case "version" -> version = parts[1];
                case "file" -> etags.put(parts[1], parts[2]);
                case "preload" -> preload.add(parts[1]);
                default -> {
                    // blank or unknown lines are skipped
                }
            }
        }
        if (version == null || !version.matches("[0-9a-f]{6,64}")) {
            throw new IllegalStateException("asset manifest without a version");
        }
        return new AssetManifest(version, etags, preload);
    }

    boolean contains(String file) {
        return etags.containsKey(file);
    }
}
