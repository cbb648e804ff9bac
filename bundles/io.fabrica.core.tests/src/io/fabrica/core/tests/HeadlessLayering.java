package io.fabrica.core.tests;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The rule "headless core, UI at the edge": a bundle without {@code .ui} in its symbolic name
 * must not depend on SWT, JFace, the Eclipse workbench or E4 UI — neither in its manifest
 * (Import-Package, Require-Bundle, Fragment-Host) nor in its Java sources.
 */
final class HeadlessLayering {

    /** Package and bundle name prefixes that only UI bundles may use. */
    static final Pattern UI_NAME = Pattern.compile("org\\.eclipse\\.(swt|jface|ui|e4\\.ui)(\\..*)?");

    private static final Pattern JAVA_IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)", Pattern.MULTILINE);
    private static final String[] DEPENDENCY_HEADERS = {"Import-Package", "Require-Bundle", "Fragment-Host",
            "DynamicImport-Package"};

    private HeadlessLayering() {
    }

    /** @return whether the bundle in this folder may use UI (its name has a {@code .ui} segment) */
    static boolean isUiBundle(String symbolicName) {
        return ("." + symbolicName + ".").contains(".ui.");
    }

    /**
     * @param bundleDir a bundle project folder (META-INF/MANIFEST.MF plus sources)
     * @return one line per violation naming the file and the UI dependency; empty if the bundle
     *         is a UI bundle or clean
     * @throws IOException if the manifest or a source cannot be read
     */
    static List<String> violations(Path bundleDir) throws IOException {
        Manifest manifest;
        try (InputStream in = Files.newInputStream(bundleDir.resolve("META-INF/MANIFEST.MF"))) {
            manifest = new Manifest(in);
        }
        Attributes main = manifest.getMainAttributes();
        String name = main.getValue("Bundle-SymbolicName").split(";")[0].trim();
        List<String> found = new ArrayList<>();
        if (isUiBundle(name)) {
            return found;
        }
        for (String header : DEPENDENCY_HEADERS) {
            String value = main.getValue(header);
            if (value != null) {
                for (String clause : clauses(value)) {
                    String target = clause.split(";")[0].trim();
                    if (UI_NAME.matcher(target).matches()) {
                        found.add(name + ": MANIFEST.MF " + header + " names UI '" + target + "'");
                    }
                }
            }
        }
        found.addAll(sourceViolations(name, bundleDir));
        return found;
    }

    private static List<String> sourceViolations(String name, Path bundleDir) throws IOException {
        List<String> found = new ArrayList<>();
        for (String folder : new String[] {"src", "src-gen"}) {
            Path root = bundleDir.resolve(folder);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path java : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher m = JAVA_IMPORT.matcher(Files.readString(java));
                    while (m.find()) {
                        if (UI_NAME.matcher(m.group(2)).matches()) {
                            found.add(name + ": " + bundleDir.relativize(java) + " imports UI '" + m.group(2) + "'");
                        }
                    }
                }
            }
        }
        return found;
    }

    /** Splits a manifest header at commas that are not inside quotes. */
    private static List<String> clauses(String header) {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : header.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                result.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        result.add(current.toString());
        return result;
    }
}
