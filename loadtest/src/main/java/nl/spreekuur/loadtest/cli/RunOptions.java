package nl.spreekuur.loadtest.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every scenario shares: where, as whom, how, and where the report goes. */
public final class RunOptions {
    @Option(names = "--url", description = "Target, e.g. ws://localhost:8080 (repeat for a cluster; round robin).",
            defaultValue = "ws://localhost:8080")
    List<URI> urls = new ArrayList<>();

    @Option(names = "--professional-url", description = "Professionals connect here instead (clients keep --url):"
            + " with one node here and another as --url every chat crosses nodes, to measure cross-node latency.")
    URI professionalUrl;

    @Option(names = "--org", description = "Organisation slug (default: ${DEFAULT-VALUE}).", defaultValue = "demo")
    String organisation;

    @Option(names = "--user", description = "Org-admin (or professional) username that sets the run up.",
            defaultValue = "${env:SPREEKUUR_LOADTEST_USER}")
    String user;

    @Option(names = "--password", description = "Its password (default: $SPREEKUUR_LOADTEST_PASSWORD).",
            defaultValue = "${env:SPREEKUUR_LOADTEST_PASSWORD}", arity = "0..1", interactive = true)
    String password;

    @Option(names = "--office-hour", description = "Use this existing office hour (id or slug) instead of creating"
            + " one (needed when --user is a professional, not an org-admin).")
    String officeHour;

    @Option(names = "--json", description = "Speak the JSON subprotocol instead of protobuf.")
    boolean json;

    @Option(names = "--source-address", split = ",", description = "Local source addresses to spread the clients"
            + " over, e.g. 127.0.0.1,127.0.0.2 (each adds ~28,000 ports towards one target).")
    List<String> sources = new ArrayList<>();

    @Option(names = "--processes", description = "Worker processes (0 = as many as the sockets need, 18,000 per"
            + " process).", defaultValue = "0")
    int processes;

    @Option(names = "--server-pid", description = "PID of a server on this machine: its RSS is read from /proc.",
            defaultValue = "0")
    long serverPid;

    @Option(names = "--compare-baseline", description = "Also run the same scenario against the bare baseline relay"
            + " (started in this process on a free port) and state every figure as a ratio to it.")
    boolean compareBaseline;

    @Option(names = "--report", description = "Directory for report.html and report.json (default: ${DEFAULT-VALUE}).",
            defaultValue = "loadtest-report")
    Path report;

    @Option(names = "--quiet", description = "No progress line.")
    boolean quiet;
}
