package io.fabrica.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Enforces "headless core, UI at the edge" on every bundle of the source tree, and shows that
 * the check does catch a headless bundle that imports UI.
 */
class HeadlessLayeringTest {

    @TempDir
    Path tmp;

    @Test
    void noHeadlessBundleDependsOnUi() throws IOException {
        Path bundles = sourceRoot().resolve("bundles");
        List<String> violations = new ArrayList<>();
        int headless = 0;
        try (Stream<Path> dirs = Files.list(bundles)) {
            for (Path dir : dirs.filter(d -> Files.isRegularFile(d.resolve("META-INF/MANIFEST.MF"))).sorted().toList()) {
                if (!HeadlessLayering.isUiBundle(dir.getFileName().toString())) {
                    headless++;
                }
                violations.addAll(HeadlessLayering.violations(dir));
            }
        }
        assertTrue(headless >= 3, "expected to check the headless bundles under " + bundles + ", found " + headless);
        assertEquals(List.of(), violations, "headless bundles must not use SWT/JFace/workbench/E4 UI; move that code to a .ui bundle");
    }

    @Test
    void headlessBundleRequiringTheWorkbenchIsReported() throws IOException {
        Path bundle = fakeBundle("io.fabrica.devices.core", "Require-Bundle: org.eclipse.core.runtime,\n org.eclipse.ui;bundle-version=\"3.200.0\"\n",
                "import org.eclipse.core.runtime.IProgressMonitor;\n");
        assertEquals(List.of("io.fabrica.devices.core: MANIFEST.MF Require-Bundle names UI 'org.eclipse.ui'"),
                HeadlessLayering.violations(bundle));
    }

    @Test
    void headlessSourceImportingSwtIsReported() throws IOException {
        Path bundle = fakeBundle("io.fabrica.model", "Import-Package: org.eclipse.emf.ecore\n",
                "import org.eclipse.swt.widgets.Display;\nimport static org.eclipse.jface.dialogs.MessageDialog.openError;\n");
        List<String> found = HeadlessLayering.violations(bundle);
        assertEquals(2, found.size(), found.toString());
        assertTrue(found.get(0).contains("org.eclipse.swt.widgets.Display"), found.toString());
    }

    @Test
    void uiBundlesMayUseUiAndLookalikeNamesAreNotUi() throws IOException {
        Path ui = fakeBundle("io.fabrica.devices.ui", "Require-Bundle: org.eclipse.ui, org.eclipse.swt\n",
                "import org.eclipse.jface.viewers.TreeViewer;\n");
        assertEquals(List.of(), HeadlessLayering.violations(ui));
        Path lookalike = fakeBundle("io.fabrica.uicore", "Import-Package: org.eclipse.uifake.x, org.eclipse.core.runtime\n", "");
        assertEquals(List.of(), HeadlessLayering.violations(lookalike));
    }

    private Path fakeBundle(String name, String dependencies, String imports) throws IOException {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir.resolve("META-INF"));
        Files.writeString(dir.resolve("META-INF/MANIFEST.MF"), "Manifest-Version: 1.0\nBundle-SymbolicName: " + name
                + ";singleton:=true\n" + dependencies);
        Path src = dir.resolve("src/p");
        Files.createDirectories(src);
        Files.writeString(src.resolve("A.java"), "package p;\n" + imports + "class A {}\n");
        return dir;
    }

    /** The repository root: given by the build (-Dfabrica.source.root), else found above the working folder. */
    static Path sourceRoot() {
        String configured = System.getProperty("fabrica.source.root");
        if (configured != null && Files.isDirectory(Path.of(configured, "bundles"))) {
            return Path.of(configured);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("bundles")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("Cannot find the Fabrica source tree (set -Dfabrica.source.root)");
    }
}
