import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Build step of the web client (run by Maven in process-resources on the copied files, as a Java source file:
 * no build step for the app's own source, which stays plain ES modules). For the folder given:
 *
 * <ul>
 *   <li>writes {@code <file>.gz} (gzip, best compression) next to every text file where it is smaller, so the
 *       server sends compressed bytes without compressing at run time;</li>
 *   <li>writes {@code asset-manifest} (not served: the server serves only known extensions): the release's
 *       {@code version} (a hash over every file), one {@code file <path> <etag>} line per file, and the
 *       {@code preload} list: every module {@code js/app.js} imports statically, directly or not, for
 *       {@code <link rel="modulepreload">} so the browser fetches them at once instead of in a waterfall.</li>
 * </ul>
 */
public final class WebAssets {
    static final String MANIFEST = "asset-manifest";
    static final String ENTRY = "js/app.js";
    private static final Set<String> COMPRESSIBLE = Set.of("html", "js", "mjs", "css", "json", "svg", "txt",
            "map", "webmanifest");
    /** Static imports and re-exports with a relative specifier; dynamic import() is left to load on demand. */
    private static final Pattern STATIC_IMPORT = Pattern.compile(
            "(?m)^\\s*(?:import|export)\\s(?:[^'\";]*?\\sfrom\\s*)?['\"](\\.{1,2}/[^'\"]+)['\"]");

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: java WebAssets.java <web folder>");
        }
        Path root = Path.of(args[0]);
        List<String> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(name -> !name.endsWith(".gz") && !name.endsWith(".br") && !name.equals(MANIFEST))
                    .sorted().forEach(files::add);
        }
        StringBuilder manifest = new StringBuilder();
        MessageDigest release = MessageDigest.getInstance("SHA-256");
        List<String> fileLines = new ArrayList<>();
        for (String name : files) {
            byte[] bytes = Files.readAllBytes(root.resolve(name));
            String etag = etag(bytes);
            release.update((name + "\n" + etag + "\n").getBytes(StandardCharsets.UTF_8));
            fileLines.add("file " + name + " " + etag);
            if (COMPRESSIBLE.contains(extension(name))) {
                byte[] gz = gzip(bytes);
                Path target = root.resolve(name + ".gz");
                if (gz.length < bytes.length) {
                    Files.write(target, gz);
                } else {
                    Files.deleteIfExists(target);
                }
            }
        }
        manifest.append("version ").append(HexFormat.of().formatHex(release.digest(), 0, 6)).append('\n');
        fileLines.forEach(line -> manifest.append(line).append('\n'));
        if (files.contains(ENTRY)) {
            for (String module : staticGraph(root, ENTRY, Set.copyOf(files))) {
                manifest.append("preload ").append(module).append('\n');
            }
        }
        Files.writeString(root.resolve(MANIFEST), manifest, StandardCharsets.UTF_8);
    }

    /** The entry and every module it imports statically, depth first in import order. */
    static List<String> staticGraph(Path root, String entry, Set<String> existing) throws IOException {
        Set<String> found = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(entry));
        while (!todo.isEmpty()) {
            String module = todo.pop();
            if (!found.add(module)) {
                continue;
            }
            String source = Files.readString(root.resolve(module), StandardCharsets.UTF_8);
            Matcher m = STATIC_IMPORT.matcher(source);
            List<String> imports = new ArrayList<>();
            while (m.find()) {
                String target = resolve(module, m.group(1));
                if (existing.contains(target)) {
                    imports.add(target);
                }
            }
            for (int i = imports.size() - 1; i >= 0; i--) {
                todo.push(imports.get(i));
            }
        }
        return List.copyOf(found);
    }

    static String resolve(String from, String specifier) {
        Deque<String> parts = new ArrayDeque<>(List.of(from.split("/")));
        parts.removeLast();
        for (String segment : specifier.split("/")) {
            if (segment.equals("..")) {
                parts.pollLast();
            } else if (!segment.equals(".") && !segment.isEmpty()) {
                parts.addLast(segment);
            }
        }
        return String.join("/", parts);
    }

    /** 16 characters of base64url SHA-256: the file's ETag (without quotes). */
    static String etag(byte[] bytes) throws NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 16);
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
