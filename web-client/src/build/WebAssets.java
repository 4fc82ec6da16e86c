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
 *   <li>writes {@code i18n/<lang>.<subset>.json} next to every {@code i18n/<lang>.json} for every list file given
 *       ({@code src/build/<subset>-texts.txt}): the keys its prefixes cover, in the source's order. The source stays
 *       one file per language. {@code start}: the texts of the client's start pages, which {@code js/i18n.js} loads
 *       first; {@code client}: what the client's office-hour page adds once there is a session (waiting, chat, the
 *       end of a chat, a video call), loaded with that code; other pages load the full file;</li>
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

    static final String TEXTS = "i18n";
    /** A texts list is named {@code <subset>-texts.txt} and gives {@code i18n/<lang>.<subset>.json}. */
    private static final Pattern LIST_NAME = Pattern.compile("([a-z]+)-texts\\.txt");
    /** A language's full catalog: {@code i18n/nl.json}, {@code i18n/en.json}. */
    private static final Pattern CATALOG = Pattern.compile("[a-z]{2}\\.json");

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: java WebAssets.java <web folder> <name>-texts.txt...");
        }
        Path root = Path.of(args[0]);
        for (int i = 1; i < args.length; i++) {
            Path list = Path.of(args[i]);
            writeSubsets(root.resolve(TEXTS), subsetName(list), prefixes(list));
        }
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

    /** The prefixes of the list file: one a line; blank lines and lines starting with # are left out. */
    static List<String> prefixes(Path list) throws IOException {
        List<String> prefixes = Files.readAllLines(list, StandardCharsets.UTF_8).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        if (prefixes.isEmpty()) {
            throw new IllegalArgumentException("no prefixes in " + list);
        }
        return prefixes;
    }

    /** A key is in a subset when it is one of its prefixes or starts with one and a dot. */
    static boolean isInSubset(String key, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (key.equals(prefix) || key.startsWith(prefix + ".")) {
                return true;
            }
        }
        return false;
    }

    /** {@code start} for {@code start-texts.txt}. */
    static String subsetName(Path list) {
        Matcher name = LIST_NAME.matcher(list.getFileName().toString());
        if (!name.matches()) {
            throw new IllegalArgumentException("a texts list is named <subset>-texts.txt: " + list);
        }
        return name.group(1);
    }

    /** Writes {@code <lang>.<subset>.json} next to every language's full file. */
    static void writeSubsets(Path folder, String subset, List<String> prefixes) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> list = Files.list(folder)) {
            for (Path catalog : list.filter(p -> CATALOG.matcher(p.getFileName().toString()).matches()).toList()) {
                String name = catalog.getFileName().toString();
                Path target = folder.resolve(name.substring(0, name.length() - ".json".length()) + "." + subset
                        + ".json");
                Files.writeString(target, subset(Files.readString(catalog, StandardCharsets.UTF_8), prefixes),
                        StandardCharsets.UTF_8);
            }
        }
    }

    /**
     * The entries of a flat JSON object of strings whose key is in the subset, as a JSON object (each key and value
     * copied as written in the source, escapes and all).
     */
    static String subset(String json, List<String> prefixes) {
        FlatJson in = new FlatJson(json);
        StringBuilder out = new StringBuilder("{\n");
        boolean first = true;
        in.expect('{');
        if (!in.peekIs('}')) {
            do {
                String rawKey = in.string();
                in.expect(':');
                String rawValue = in.string();
                if (isInSubset(FlatJson.unescape(rawKey), prefixes)) {
                    out.append(first ? "" : ",\n").append("  ").append(rawKey).append(": ").append(rawValue);
                    first = false;
                }
            } while (in.comma());
        }
        in.expect('}');
        in.end();
        return out.append("\n}\n").toString();
    }

    /** Just enough JSON for the texts files: one object whose values are all strings. */
    private static final class FlatJson {
        private final String text;
        private int at;

        FlatJson(String text) {
            this.text = text;
        }

        void expect(char c) {
            skipSpace();
            if (at >= text.length() || text.charAt(at) != c) {
                throw error("'" + c + "' expected");
            }
            at++;
        }

        boolean peekIs(char c) {
            skipSpace();
            return at < text.length() && text.charAt(at) == c;
        }

        boolean comma() {
            if (peekIs(',')) {
                at++;
                return true;
            }
            return false;
        }

        void end() {
            skipSpace();
            if (at != text.length()) {
                throw error("end of file expected");
            }
        }

        /** The next string as written, quotes included. */
        String string() {
            skipSpace();
            int start = at;
            if (at >= text.length() || text.charAt(at) != '"') {
                throw error("a string expected (the texts are a flat object of strings)");
            }
            at++;
            while (at < text.length() && text.charAt(at) != '"') {
                at += text.charAt(at) == '\\' ? 2 : 1;
            }
            if (at >= text.length()) {
                throw error("unterminated string");
            }
            at++;
            return text.substring(start, at);
        }

        static String unescape(String raw) {
            StringBuilder s = new StringBuilder();
            for (int i = 1; i < raw.length() - 1; i++) {
                char c = raw.charAt(i);
                if (c != '\\') {
                    s.append(c);
                    continue;
                }
                char e = raw.charAt(++i);
                switch (e) {
                    case 'n' -> s.append('\n');
                    case 't' -> s.append('\t');
                    case 'r' -> s.append('\r');
                    case 'b' -> s.append('\b');
                    case 'f' -> s.append('\f');
                    case 'u' -> {
                        s.append((char) Integer.parseInt(raw.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> s.append(e);
                }
            }
            return s.toString();
        }

        private void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("texts file, offset " + at + ": " + what);
        }
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
