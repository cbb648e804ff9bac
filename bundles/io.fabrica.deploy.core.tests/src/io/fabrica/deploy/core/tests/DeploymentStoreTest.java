package io.fabrica.deploy.core.tests;

import static io.fabrica.deploy.core.tests.KeysTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.deploy.core.DeploymentPackage;
import io.fabrica.deploy.core.DeploymentStore;
import io.fabrica.deploy.core.DeploymentStore.Deployment;
import io.fabrica.deploy.core.DeploymentStore.State;
import io.fabrica.deploy.core.PackageBuilder;
import io.fabrica.deploy.core.PackageException;
import io.fabrica.pipeline.resource.PipelineFiles;

/**
 * The runtime's deployment store: install, redeploy, rollback, remove, and crash safety: after a
 * simulated kill at every step of an install the reopened store holds the old or the new version in
 * full, never neither, and no leftovers.
 */
class DeploymentStoreTest {

    /** The install steps the store reports to its crash hook, in order. */
    private static final List<String> STEPS = List.of("extracted", "staged", "renamed", "state-written");

    /** Stands for kill -9: an Error the store does not clean up after. */
    private static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(String step) {
            super("simulated crash after " + step);
        }
    }

    @TempDir
    Path dir;

    private final List<DeploymentPackage> versions = new ArrayList<>();

    @BeforeEach
    void threeVersions() throws Exception {
        for (int v = 1; v <= 3; v++) {
            Path trained = Fixtures.trained(dir.resolve("project"), String.valueOf(v), ("onnx placeholder v" + v).getBytes());
            Path output = dir.resolve("packages/pdm-" + v + ".fpkg");
            PackageBuilder.build(trained, output, null, "edge", 100 * v);
            versions.add(DeploymentPackage.read(output, null));
        }
    }

    @AfterEach
    void noCrashes() {
        DeploymentStore.crashPoint = step -> {
        };
    }

    @Test
    void newDeploymentIsStoppedAndExtracted() throws Exception {
        DeploymentStore store = new DeploymentStore(dir.resolve("data"));
        Deployment d = store.install(versions.get(0));

        assertEquals(new Deployment(Fixtures.PDM_ID, "Spindle Bearing PdM", "1", null, State.STOPPED, versions.get(0).sha256(), null), d);
        assertEquals(List.of(d), store.list());
        assertEquals(Optional.of(d), store.get(Fixtures.PDM_ID));
        Path pipeline = store.pipelineFile(d);
        assertEquals(dir.resolve("data/deployments/" + Fixtures.PDM_ID + "/1-" + d.packageSha256().substring(0, 8) + "/pipeline/pdm.pipeline")
                .toAbsolutePath().normalize(), pipeline);
        assertEquals("1", PipelineFiles.load(pipeline).getVersion());
        assertEquals(d, new DeploymentStore(dir.resolve("data")).get(Fixtures.PDM_ID).orElseThrow(), "state survives reopening");
        assertIntact(dir.resolve("data"));
    }

    @Test
    void redeployKeepsStateAndTheVersionBefore() throws Exception {
        DeploymentStore store = new DeploymentStore(dir.resolve("data"));
        store.install(versions.get(0));
        store.setState(Fixtures.PDM_ID, State.RUNNING, null);

        Deployment d = store.install(versions.get(1));
        assertEquals("2", d.version());
        assertEquals("1", d.previousVersion());
        assertEquals(State.RUNNING, d.state());
        assertEquals(versions.get(1).sha256(), d.packageSha256());

        d = store.install(versions.get(2));
        assertEquals("3", d.version());
        assertEquals("2", d.previousVersion());
        assertEquals(2, folderCount(dir.resolve("data")), "version 1 is deleted");
        assertEquals(d, store.install(versions.get(2)), "installing the current package again changes nothing");
        assertIntact(dir.resolve("data"));
    }

    @Test
    void rollbackSwapsCurrentAndPrevious() throws Exception {
        DeploymentStore store = new DeploymentStore(dir.resolve("data"));
        store.install(versions.get(0));
        assertMessage(assertThrows(PackageException.class, () -> store.rollback(Fixtures.PDM_ID)), "has no previous version");
        store.install(versions.get(1));
        store.setState(Fixtures.PDM_ID, State.FAILED, "model does not load");

        Deployment d = store.rollback(Fixtures.PDM_ID);
        assertEquals("1", d.version());
        assertEquals("2", d.previousVersion());
        assertEquals(State.FAILED, d.state());
        assertEquals("model does not load", d.lastError());
        assertEquals("1", PipelineFiles.load(store.pipelineFile(d)).getVersion());
        assertEquals(versions.get(0).sha256(), DeploymentPackage.read(store.packageFile(d), null).sha256());
        assertEquals("2", store.rollback(Fixtures.PDM_ID).version(), "a second rollback undoes the first");
        assertEquals("2", new DeploymentStore(dir.resolve("data")).get(Fixtures.PDM_ID).orElseThrow().version());
    }

    @Test
    void removeDeletesDeploymentAndFiles() throws Exception {
        DeploymentStore store = new DeploymentStore(dir.resolve("data"));
        store.install(versions.get(0));
        store.install(versions.get(1));
        assertEquals("2", store.remove(Fixtures.PDM_ID).version());

        assertTrue(store.list().isEmpty());
        assertFalse(Files.exists(dir.resolve("data/deployments/" + Fixtures.PDM_ID)));
        assertTrue(new DeploymentStore(dir.resolve("data")).list().isEmpty());
        assertMessage(assertThrows(PackageException.class, () -> store.remove(Fixtures.PDM_ID)), "no deployment " + Fixtures.PDM_ID);
    }

    @Test
    void unreadableStateIsReportedNotForgotten() throws Exception {
        Path data = dir.resolve("data");
        new DeploymentStore(data).install(versions.get(0));
        Files.writeString(data.resolve("state.json"), "{ \"format\": 1, \"deployments\": [ {");
        assertMessage(assertThrows(PackageException.class, () -> new DeploymentStore(data)), data.resolve("state.json") + ": unreadable deployment state");
        assertTrue(Files.exists(data.resolve("deployments/" + Fixtures.PDM_ID)), "nothing is deleted");
    }

    @Test
    void crashDuringFirstInstallLeavesNothingOrTheDeployment() throws Exception {
        for (String step : STEPS) {
            Path data = dir.resolve("first-" + step);
            crashAt(step);
            assertThrows(SimulatedCrash.class, () -> new DeploymentStore(data).install(versions.get(0)));
            noCrashes();

            DeploymentStore reopened = new DeploymentStore(data);
            assertEquals(step.equals("state-written") ? 1 : 0, reopened.list().size(), step);
            assertIntact(data);
        }
    }

    @Test
    void crashAtEveryStepOfARedeployKeepsOldOrNewVersionInFull() throws Exception {
        for (String step : STEPS) {
            Path data = dir.resolve("redeploy-" + step);
            DeploymentStore store = new DeploymentStore(data);
            store.install(versions.get(0));
            store.install(versions.get(1));
            store.setState(Fixtures.PDM_ID, State.RUNNING, null);
            crashAt(step);
            assertThrows(SimulatedCrash.class, () -> store.install(versions.get(2)));
            noCrashes();

            Deployment d = new DeploymentStore(data).get(Fixtures.PDM_ID).orElseThrow();
            boolean committed = step.equals("state-written");
            assertEquals(committed ? "3" : "2", d.version(), step);
            assertEquals(committed ? "2" : "1", d.previousVersion(), step);
            assertEquals(State.RUNNING, d.state());
            assertIntact(data);
        }
    }

    @Test
    void twentyRandomCrashesNeverLoseTheDeployment() throws Exception {
        long seed = 20_251_122L;
        Random random = new Random(seed);
        Path data = dir.resolve("random");
        new DeploymentStore(data).install(versions.get(0));
        for (int round = 0; round < 20; round++) {
            DeploymentStore store = new DeploymentStore(data);
            Deployment before = store.get(Fixtures.PDM_ID).orElseThrow();
            List<DeploymentPackage> others = versions.stream().filter(p -> !p.sha256().equals(before.packageSha256())).toList();
            DeploymentPackage next = others.get(random.nextInt(others.size()));
            // reinstalling the previous version reuses its folder: only the state is written
            List<String> reachable = next.manifest().version().equals(before.previousVersion()) ? List.of("state-written") : STEPS;
            String step = reachable.get(random.nextInt(reachable.size()));
            String context = "seed " + seed + ", round " + round + ", install " + next.manifest().version() + " over " + before.version()
                    + ", crash after " + step;
            crashAt(step);
            assertThrows(SimulatedCrash.class, () -> store.install(next), context);
            noCrashes();

            Deployment after = new DeploymentStore(data).get(Fixtures.PDM_ID).orElseThrow(() -> new AssertionError(context + ": deployment lost"));
            boolean committed = step.equals("state-written");
            assertEquals(committed ? next.sha256() : before.packageSha256(), after.packageSha256(), context);
            assertIntact(data);
        }
    }

    private static void crashAt(String step) {
        DeploymentStore.crashPoint = reached -> {
            if (reached.equals(step)) {
                throw new SimulatedCrash(step);
            }
        };
    }

    /**
     * Every kept version is complete (each file of its package present with its hash, the package
     * itself intact), only referenced versions are kept, and no temporary file or folder is left.
     */
    private static void assertIntact(Path data) throws Exception {
        DeploymentStore store = new DeploymentStore(data);
        for (Deployment d : store.list()) {
            Path folder = store.versionFolder(d);
            DeploymentPackage pkg = DeploymentPackage.read(store.packageFile(d), null);
            assertEquals(d.packageSha256(), pkg.sha256());
            assertEquals(d.version(), pkg.manifest().version());
            for (Map.Entry<String, String> entry : pkg.manifest().entries().entrySet()) {
                assertEquals(entry.getValue(), PackageBuilderTest.sha256(Files.readAllBytes(folder.resolve(entry.getKey()))), entry.getKey());
            }
            assertEquals(d.version(), PipelineFiles.load(store.pipelineFile(d)).getVersion());
            long kept = folderCount(data);
            assertEquals(d.previousVersion() == null ? 1 : 2, kept, "only current and previous versions are kept");
            if (d.previousVersion() != null) {
                Deployment previous = store.rollback(d.id());
                assertEquals(d.previousVersion(), DeploymentPackage.read(store.packageFile(previous), null).manifest().version());
                store.rollback(d.id());
            }
        }
        try (Stream<Path> all = Files.walk(data)) {
            List<Path> leftovers = all.filter(p -> p.getFileName().toString().startsWith(".")).toList();
            assertEquals(List.of(), leftovers, "temporary files or folders left");
        }
    }

    private static long folderCount(Path data) throws Exception {
        Path deployments = data.resolve("deployments/" + Fixtures.PDM_ID);
        if (!Files.exists(deployments)) {
            return 0;
        }
        try (Stream<Path> folders = Files.list(deployments)) {
            return folders.count();
        }
    }
}
