package nl.spreekuur.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import nl.spreekuur.server.auth.PasswordHasher;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.store.StoreOpener;
import nl.spreekuur.server.config.ConfigKey;
import nl.spreekuur.server.config.ConfigLoader;
import nl.spreekuur.server.config.ServerConfig;
import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.store.ConflictException;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.store.Store;
import nl.spreekuur.server.transport.ServerVersion;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/**
 * The command line. Without a subcommand it runs the server; {@code org add}, {@code user add} and
 * {@code operator add} manage the store of the same configuration. Configuration precedence: these flags, then
 * environment variables ({@code SPREEKUUR_PORT}, ...), then {@code --config} file, then defaults.
 */
@Command(name = "spreekuur", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Runs the Spreekuur server (HTTP, WebSocket and the browser app on one port).",
        subcommands = {Main.OrgCommand.class, Main.UserCommand.class, Main.OperatorCommand.class,
                Main.StoreCommand.class})
public final class Main implements Callable<Integer> {

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Java properties file with configuration keys (see docs/operations.md).")
    Path configFile;

    @Option(names = "--port", scope = ScopeType.INHERIT, description = "TCP port (default 8080; 0 = any free port).")
    Integer port;

    @Option(names = "--bind", scope = ScopeType.INHERIT, description = "Address to listen on (default 0.0.0.0).")
    String bind;

    @Option(names = "--data-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Directory of the embedded database (default ./data).")
    Path dataDir;

    @Option(names = "--store-url", scope = ScopeType.INHERIT, paramLabel = "JDBC_URL",
            description = "External database, e.g. jdbc:postgresql://db/spreekuur (password via environment or file).")
    String storeUrl;

    @Option(names = "--store-user", scope = ScopeType.INHERIT, description = "Database user.")
    String storeUser;

    @Option(names = "--broker", scope = ScopeType.INHERIT, description = "memory (one node) or redis.")
    String broker;

    @Option(names = "--redis-url", scope = ScopeType.INHERIT, description = "Redis URL when --broker=redis.")
    String redisUrl;

    @Option(names = "--public-url", scope = ScopeType.INHERIT, description = "URL users reach this server at.")
    String publicUrl;

    @Option(names = {"-s", "--set"}, scope = ScopeType.INHERIT, paramLabel = "KEY=VALUE",
            description = "Any configuration key, e.g. --set ws.heartbeat-seconds=10.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--demo", description = "Create the demo organisation and professional (new password printed "
            + "once) and print the links to open.")
    boolean demo;

    private final InputStream stdin;
    private final PrintStream out;
    private final Map<String, String> environment;

    Main(InputStream stdin, PrintStream out, Map<String, String> environment) {
        this.stdin = stdin;
        this.out = out;
        this.environment = environment;
    }

    public static void main(String[] args) {
        nl.spreekuur.server.logging.NettyLogLevel.pin();
        int exit = run(args, System.in, System.out, System.err, System.getenv());
        System.exit(exit);
    }

    /** Runs the command line with the given streams and environment (tests use this). */
    static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err, Map<String, String> env) {
        CommandLine commandLine = new CommandLine(new Main(stdin, out, env));
        commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("spreekuur: " + e.getMessage());
            return 1;
        });
        return commandLine.execute(args);
    }

    ServerConfig config() {
        Map<String, String> flags = new LinkedHashMap<>(settings);
        put(flags, ConfigKey.PORT, port == null ? null : port.toString());
        put(flags, ConfigKey.BIND, bind);
        put(flags, ConfigKey.DATA_DIR, dataDir == null ? null : dataDir.toString());
        put(flags, ConfigKey.STORE_URL, storeUrl);
        put(flags, ConfigKey.STORE_USER, storeUser);
        put(flags, ConfigKey.BROKER, broker);
        put(flags, ConfigKey.REDIS_URL, redisUrl);
        put(flags, ConfigKey.PUBLIC_URL, publicUrl);
        return ConfigLoader.load(flags, environment, configFile);
    }

    private static void put(Map<String, String> flags, ConfigKey key, String value) {
        if (value != null) {
            flags.put(key.key(), value);
        }
    }

    /** Runs the server until SIGTERM (or Ctrl-C). */
    @Override
    public Integer call() throws Exception {
        ServerConfig config = config();
        AtomicReference<DemoSetup.Result> demoResult = new AtomicReference<>();
        SpreekuurServer server = SpreekuurServer.builder(config)
                .applicationFactory(SpreekuurServer.defaultApplicationFactory())
                .beforeBind(context -> {
                    if (demo) {
                        // Before the port is bound: a script that waits for /healthz finds the password printed.
                        DemoSetup.Result result = DemoSetup.run(context, SpreekuurServer.defaultDemoSeeder());
                        demoResult.set(result);
                        out.println("Demo: log in as organisation '" + result.organisation().slug() + "', user '"
                                + result.professional().username() + "', password: " + result.password());
                        out.println("  (the password is shown only now; every start with --demo sets a new one)");
                        out.flush();
                    }
                })
                .build();
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "spreekuur-shutdown"));
        String url = server.publicUrl();
        out.println("Spreekuur " + ServerVersion.current() + " is running at " + url);
        DemoSetup.Result result = demoResult.get();
        if (result != null) {
            out.println();
            out.println("Demo:");
            out.println("  Client:        " + url);
            out.println("  Professional:  " + url + "pro/ (log in as above)");
            result.lines().forEach(line -> out.println("  " + line.replace(DemoSeeder.BASE_URL, url)));
        }
        out.flush();
        server.awaitStop();
        return 0;
    }

    static Store openStore(Main main) {
        return StoreOpener.fromConfig().open(main.config(), Clock.systemUTC());
    }

    /** How a new account gets its password: never a default one. */
    static final class PasswordSource {
        @Option(names = "--password-stdin", required = true,
                description = "Read the password (at least 12 characters) from standard input.")
        boolean fromStdin;

        @Option(names = "--generate-password", required = true,
                description = "Generate a random password and print it once.")
        boolean generate;
    }

    /** Reads or generates the password; returns it and whether it must be shown. */
    static String password(PasswordSource source, InputStream stdin) throws IOException {
        if (source.generate) {
            return PasswordHasher.generate(20);
        }
        BufferedReader reader = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        String line = reader.readLine();
        if (line == null) {
            throw new IllegalArgumentException("no password on standard input");
        }
        PasswordHasher.requireAcceptable(line.toCharArray());
        return line;
    }

    static Account addAccount(Main main, String orgSlug, String username, String displayName, Set<Role> roles,
                              PasswordSource source) throws IOException {
        String password = password(source, main.stdin);
        String hash = new PasswordHasher().hash(password.toCharArray());
        try (Store store = openStore(main)) {
            String organisationId = null;
            if (orgSlug != null) {
                organisationId = store.organisations().bySlug(orgSlug)
                        .orElseThrow(() -> new IllegalArgumentException("no organisation " + orgSlug))
                        .id();
            }
            Account account;
            try {
                account = store.accounts().create(organisationId, username, displayName, hash, roles);
            } catch (ConflictException e) {
                throw new IllegalArgumentException("username " + username + " is already taken", e);
            }
            main.out.println("Account " + account.username() + " created"
                    + (orgSlug == null ? " (operator)" : " in " + orgSlug) + " with roles " + roleNames(roles));
            if (source.generate) {
                main.out.println("Password (shown only now): " + password);
            }
            return account;
        }
    }

    private static String roleNames(Set<Role> roles) {
        return String.join(",", roles.stream().sorted().map(r -> r.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .toList());
    }

    @Command(name = "org", description = "Manage organisations.", subcommands = OrgCommand.Add.class,
            mixinStandardHelpOptions = true)
    static final class OrgCommand {
        @ParentCommand
        Main main;

        private static final Pattern SLUG = Pattern.compile("[a-z0-9-]{2,60}");

        @Command(name = "add", description = "Add an organisation.", mixinStandardHelpOptions = true)
        static final class Add implements Callable<Integer> {
            @ParentCommand
            OrgCommand parent;

            @Option(names = "--slug", required = true, description = "Stable link part, [a-z0-9-]{2,60}.")
            String slug;

            @Option(names = "--name", required = true, description = "Display name.")
            String name;

            @Override
            public Integer call() {
                if (!SLUG.matcher(slug).matches()) {
                    throw new IllegalArgumentException("slug must match [a-z0-9-]{2,60}");
                }
                try (Store store = openStore(parent.main)) {
                    Organisation org = store.organisations().create(slug, name);
                    parent.main.out.println("Organisation " + org.slug() + " created (" + org.id() + ")");
                    return 0;
                } catch (ConflictException e) {
                    throw new IllegalArgumentException("organisation " + slug + " already exists", e);
                }
            }
        }
    }

    @Command(name = "user", description = "Manage staff accounts of an organisation.",
            subcommands = UserCommand.Add.class, mixinStandardHelpOptions = true)
    static final class UserCommand {
        @ParentCommand
        Main main;

        @Command(name = "add", description = "Add a staff account.", mixinStandardHelpOptions = true)
        static final class Add implements Callable<Integer> {
            @ParentCommand
            UserCommand parent;

            @Option(names = "--org", required = true, description = "Organisation slug.")
            String org;

            @Option(names = "--username", required = true)
            String username;

            @Option(names = "--display-name", description = "Name shown to colleagues and clients "
                    + "(default: the username).")
            String displayName;

            @Option(names = "--role", required = true, split = ",", paramLabel = "ROLE",
                    description = "professional, supervisor, org-admin, quality (comma-separated).")
            List<String> roles;

            @ArgGroup(exclusive = true, multiplicity = "1")
            PasswordSource password;

            @Override
            public Integer call() throws IOException {
                Set<Role> parsed = EnumSet.noneOf(Role.class);
                for (String role : roles) {
                    Role r = parseRole(role);
                    if (r == Role.OPERATOR) {
                        throw new IllegalArgumentException("operators are added with 'operator add'");
                    }
                    parsed.add(r);
                }
                addAccount(parent.main, org, username, displayName == null ? username : displayName, parsed,
                        password);
                return 0;
            }
        }
    }

    @Command(name = "operator", description = "Manage deployment-level operator accounts (no organisation).",
            subcommands = OperatorCommand.Add.class, mixinStandardHelpOptions = true)
    static final class OperatorCommand {
        @ParentCommand
        Main main;

        @Command(name = "add", description = "Add an operator account.", mixinStandardHelpOptions = true)
        static final class Add implements Callable<Integer> {
            @ParentCommand
            OperatorCommand parent;

            @Option(names = "--username", required = true)
            String username;

            @Option(names = "--display-name", description = "Default: the username.")
            String displayName;

            @ArgGroup(exclusive = true, multiplicity = "1")
            PasswordSource password;

            @Override
            public Integer call() throws IOException {
                addAccount(parent.main, null, username, displayName == null ? username : displayName,
                        EnumSet.of(Role.OPERATOR), password);
                return 0;
            }
        }
    }

    @Command(name = "store", description = "Store maintenance.", subcommands = StoreCommand.NewGeneration.class,
            mixinStandardHelpOptions = true)
    static final class StoreCommand {
        @ParentCommand
        Main main;

        @Command(name = "new-generation", mixinStandardHelpOptions = true,
                description = "Start a new store generation after restoring a backup (run before starting the"
                        + " server): every conversation epoch changes, so resuming clients reload their history.")
        static final class NewGeneration implements Callable<Integer> {
            @ParentCommand
            StoreCommand parent;

            @Override
            public Integer call() {
                try (Store store = openStore(parent.main)) {
                    parent.main.out.println("Store generation " + store.startNewGeneration() + " started");
                    return 0;
                }
            }
        }
    }

    static Role parseRole(String text) {
        String normalised = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return Role.valueOf(normalised);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown role " + text + " (professional, supervisor, org-admin, quality)");
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"spreekuur " + ServerVersion.current()};
        }
    }
}
