package nl.spreekuur.server.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Layers import only downwards (see "Layers" in docs/architecture.md). Reads the compiled main classes with ArchUnit
 * and fails on every dependency from a package to one in a higher layer, and on a package that has no layer yet.
 */
class ArchitectureLayersTest {
    static final String ROOT = "nl.spreekuur.server";

    /** Bottom to top; a package may use its own layer and the ones before it. Subpackages share their parent's. */
    static final List<Set<String>> LAYERS = List.of(
            Set.of("logging", "config"),
            Set.of("store", "redis"),
            Set.of("auth", "audit", "broker", "presence", "ratelimit", "metrics"),
            Set.of("session", "schedule"),
            Set.of("http", "transport"),
            Set.of("conversation"),
            Set.of("officehours", "rooms", "accounts", "retention", "effects", "calls", "cannedresponses",
                    "privacy"),
            Set.of(""));

    private static final Map<String, Integer> RANK = IntStream.range(0, LAYERS.size()).boxed()
            .flatMap(i -> LAYERS.get(i).stream().map(p -> Map.entry(p, i)))
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void everyPackageHasALayer() {
        Set<String> unplaced = new TreeSet<>();
        for (JavaClass c : classes) {
            if (!RANK.containsKey(capability(c.getPackageName()))) {
                unplaced.add(c.getPackageName());
            }
        }
        assertThat(unplaced).as("packages missing from LAYERS (and docs/architecture.md)").isEmpty();
        assertThat(classes).as("the main classes were found").hasSizeGreaterThan(100);
    }

    @Test
    void noPackageImportsAPackageAboveIt() {
        List<String> violations = new ArrayList<>();
        for (JavaClass c : classes) {
            Integer from = RANK.get(capability(c.getPackageName()));
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String target = d.getTargetClass().getPackageName();
                if (!isOurs(target)) {
                    continue;
                }
                Integer to = RANK.get(capability(target));
                if (from != null && to != null && to > from) {
                    violations.add(c.getName() + " -> " + d.getTargetClass().getName());
                }
            }
        }
        assertThat(new TreeSet<>(violations)).as("dependencies on a higher layer").isEmpty();
    }

    @Test
    void theRuleSeesUpwardDependencies() {
        assertThat(RANK.get(capability(ROOT + ".store.jdbc"))).isLessThan(RANK.get(capability(ROOT + ".auth")));
        assertThat(RANK.get(capability(ROOT + ".officehours.queue")))
                .isGreaterThan(RANK.get(capability(ROOT + ".conversation")));
        assertThat(RANK.get(capability(ROOT + ".schedule")))
                .isLessThan(RANK.get(capability(ROOT + ".rooms")));
        assertThat(capability(ROOT)).isEmpty();
        assertThat(isOurs("nl.spreekuur.protocol.v1")).isFalse();
    }

    /** "nl.spreekuur.server.store.jdbc" → "store"; the root package → "". */
    static String capability(String packageName) {
        if (packageName.equals(ROOT)) {
            return "";
        }
        String rest = packageName.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static boolean isOurs(String packageName) {
        return packageName.equals(ROOT) || packageName.startsWith(ROOT + ".");
    }
}
