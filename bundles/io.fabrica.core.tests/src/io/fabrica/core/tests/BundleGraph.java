package io.fabrica.core.tests;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The dependencies between Fabrica's own bundles as their manifests declare them: every
 * {@code Require-Bundle} of an {@code io.fabrica} bundle, and every {@code Import-Package} of a package
 * an {@code io.fabrica} bundle exports, as an edge to that bundle. Test fragments are left out.
 */
final class BundleGraph {

    private final Map<String, Set<String>> dependencies = new TreeMap<>();

    private BundleGraph() {
    }

    /**
     * @param bundles the folder of bundle projects
     * @return the graph of the bundles in it
     * @throws IOException if a manifest cannot be read
     */
    static BundleGraph read(Path bundles) throws IOException {
        Map<String, Attributes> manifests = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(bundles)) {
            for (Path dir : dirs.filter(d -> Files.isRegularFile(d.resolve("META-INF/MANIFEST.MF"))).sorted().toList()) {
                Attributes main = manifest(dir.resolve("META-INF/MANIFEST.MF"));
                if (main.getValue("Fragment-Host") == null) {
                    manifests.put(name(main.getValue("Bundle-SymbolicName")), main);
                }
            }
        }
        Map<String, String> exporters = new TreeMap<>();
        manifests.forEach((bundle, main) -> names(main.getValue("Export-Package")).forEach(p -> exporters.put(p, bundle)));
        BundleGraph graph = new BundleGraph();
        manifests.forEach((bundle, main) -> {
            Set<String> deps = new TreeSet<>();
            names(main.getValue("Require-Bundle")).stream().filter(manifests::containsKey).forEach(deps::add);
            names(main.getValue("Import-Package")).stream().map(exporters::get).filter(e -> e != null && !e.equals(bundle))
                    .forEach(deps::add);
            graph.dependencies.put(bundle, deps);
        });
        return graph;
    }

    /** @return each bundle with the bundles it depends on, sorted by name */
    Map<String, Set<String>> dependencies() {
        return dependencies;
    }

    private static Attributes manifest(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new Manifest(in).getMainAttributes();
        }
    }

    private static String name(String clause) {
        return clause.split(";")[0].trim();
    }

    /** The names of a manifest header's clauses (commas inside quoted attributes do not split). */
    private static List<String> names(String header) {
        List<String> result = new ArrayList<>();
        if (header == null) {
            return result;
        }
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : (header + ",").toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                String n = name(current.toString());
                if (!n.isEmpty()) {
                    result.add(n);
                }
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        return result;
    }
}
