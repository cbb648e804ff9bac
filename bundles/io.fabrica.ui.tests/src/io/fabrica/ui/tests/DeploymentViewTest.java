package io.fabrica.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.deploy.api.DeploymentTarget;
import io.fabrica.deploy.core.Keys;
import io.fabrica.deploy.core.PackageBuilder;
import io.fabrica.deploy.core.TrustStore;
import io.fabrica.deploy.runtime.RuntimeServer;
import io.fabrica.devices.api.DeviceDriver;
import io.fabrica.devices.core.DeviceDrivers;
import io.fabrica.devices.sim.SimulatedPlant;
import io.fabrica.examples.Examples;
import io.fabrica.model.plant.DeviceConnection;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.resource.PlantFiles;
import io.fabrica.pipeline.DecisionStage;
import io.fabrica.pipeline.ModelStage;
import io.fabrica.pipeline.NormalizeStage;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.api.InferenceEngine;
import io.fabrica.pipeline.djl.onnx.OnnxGraphBuilder;
import io.fabrica.pipeline.engine.PipelineEngine;
import io.fabrica.pipeline.resource.PipelineFiles;
import io.fabrica.ui.FabricaPreferences;
import io.fabrica.ui.FabricaUi;
import io.fabrica.ui.Services;
import io.fabrica.ui.deploy.internal.AuditEntry;
import io.fabrica.ui.deploy.internal.DeployDialog;
import io.fabrica.ui.deploy.internal.DeploymentRow;
import io.fabrica.ui.deploy.internal.DeploymentView;
import io.fabrica.ui.deploy.internal.Reachability;
import io.fabrica.ui.deploy.internal.RuntimeEntry;

/**
 * The Deployment view against a real runtime on loopback (an in-process {@link RuntimeServer} with an
 * engineer and a trusted signing key, fed by the simulated demo plant): add the runtime, trust its
 * certificate, deploy a signed package, see the deployment's live row, start and stop it, and see an
 * unsigned package refused with a readable reason that names the runtime — all in the audit trail.
 * The package is the PdM demo pipeline with a hand-built ONNX model, as in the runtime's own test
 * (speed matters here, not accuracy).
 */
class DeploymentViewTest {

    private static final String ENGINEER = "eng";
    private static final char[] PASSWORD = "s3cret-pass".toCharArray();
    private static final long SLOW = 60_000;

    @TempDir
    Path dir;

    private SimulatedPlant sim;
    private RuntimeServer runtime;
    private KeyPair key;
    private IWorkbenchPage page;
    private DeploymentView view;
    private String previousPki;

    @BeforeEach
    void runtimeAndView() throws Exception {
        Path plantFile = Examples.copyDemoProject(dir.resolve("project"));
        Enterprise plant = PlantFiles.load(plantFile);
        sim = SimulatedPlant.start(plant, SimulatedPlant.Options.loopback(freePort()));
        for (DeviceConnection c : plant.getConnections()) {
            c.setEndpoint(sim.endpointUrl());
        }
        PlantFiles.save(plant, plantFile);
        key = Keys.generate();

        Path data = dir.resolve("runtime");
        new TrustStore(data.resolve("trusted-keys")).trust(key.getPublic(), "dev");
        Services.get(DeviceDriver.class); // the OPC UA driver, which both the runtime and the view connect with
        Services.get(InferenceEngine.class);
        Services.get(DeploymentTarget.class);
        runtime = RuntimeServer.start(new RuntimeServer.Options("127.0.0.1", freePort(), data, Map.of(ENGINEER, new String(PASSWORD)), 0),
                new PipelineEngine(onnxRuntime()), Services.get(DeviceDrivers.class));

        // a fresh client PKI: the runtime's certificate is unknown to the workbench, as on a first connection
        previousPki = FabricaPreferences.node().get(FabricaPreferences.PKI_DIRECTORY, null);
        FabricaPreferences.node().put(FabricaPreferences.PKI_DIRECTORY, dir.resolve("client-pki").toString());

        page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        page.setPerspective(PlatformUI.getWorkbench().getPerspectiveRegistry().findPerspectiveWithId(FabricaUi.DEPLOYMENT_PERSPECTIVE));
        view = (DeploymentView) page.showView(FabricaUi.DEPLOYMENT_VIEW);
        Ui.settle();
    }

    @AfterEach
    void stopAll() {
        if (view != null) {
            view.runtimes().forEach(view::removeRuntime);
            page.hideView(view);
        }
        if (previousPki == null) {
            FabricaPreferences.node().remove(FabricaPreferences.PKI_DIRECTORY);
        } else {
            FabricaPreferences.node().put(FabricaPreferences.PKI_DIRECTORY, previousPki);
        }
        page.setPerspective(PlatformUI.getWorkbench().getPerspectiveRegistry().findPerspectiveWithId(FabricaUi.ENGINEERING_PERSPECTIVE));
        if (runtime != null) {
            runtime.close();
        }
        if (sim != null) {
            sim.close();
        }
        Ui.settle();
    }

    @Test
    void deployStartStopAndARefusedPackageWithTheAuditTrail() throws Exception {
        RuntimeEntry entry = view.addRuntime(runtime.endpointUrl(), ENGINEER, PASSWORD);
        assertEquals(List.of(entry), view.runtimes());

        // first contact: the runtime's certificate is not trusted yet, which the row says
        Ui.waitUntil(() -> entry.reachability().kind() == Reachability.Kind.UNREACHABLE, SLOW, () -> entry.reachability().text());
        assertTrue(entry.reachability().untrustedCertificate(), "an unknown certificate is named as such: " + entry.reachability().text());
        Ui.waitUntil(() -> "Unreachable".equals(runtimeCell(entry, 1)), 10_000, () -> runtimeCell(entry, 1));
        assertTrue(runtimeCell(entry, 6).contains("not trusted"), "the reason is in the row: " + runtimeCell(entry, 6));
        view.trustCertificate(entry);
        Ui.waitUntil(() -> entry.reachability().kind() == Reachability.Kind.ONLINE, SLOW, () -> entry.reachability().text());
        Ui.waitUntil(() -> "Online".equals(runtimeCell(entry, 1)), 10_000, () -> runtimeCell(entry, 1));

        Job deploy = view.deploy(packaged("1", true), entry, false);
        awaitDone(deploy);
        assertTrue(deploy.getResult().isOK(), "the signed package is accepted: " + deploy.getResult().getMessage());
        Ui.waitUntil(() -> view.rows().size() == 1, SLOW, () -> "rows: " + view.rows());
        String id = view.rows().get(0).id();
        Ui.waitUntil(() -> "1".equals(cell(id, 2)), SLOW, () -> "version cell: " + cell(id, 2));
        assertEquals("STOPPED", cell(id, 1), "a new deployment is installed, not started");

        List<Job> starts = view.start(id);
        assertFalse(starts.isEmpty(), "Start runs on the runtime that lists " + id);
        starts.forEach(DeploymentViewTest::awaitDone);
        for (Job start : starts) {
            assertTrue(start.getResult().isOK(), "Start is accepted: " + start.getResult().getMessage());
        }
        Ui.waitUntil(() -> "RUNNING".equals(cell(id, 1)), SLOW, () -> "state cell: " + cell(id, 1) + ", last error: " + cell(id, 6)
                + ", message: " + view.message() + ", runtime row: " + runtimeCell(entry, 1) + " / " + runtimeCell(entry, 6)
                + ", audit: " + view.auditEntries() + ", the runtime itself says: " + directStatus() + ", last answered poll " + entry.polledAt() + ", now "
                + java.time.Instant.now());
        Ui.waitUntil(() -> cell(id, 4).matches("[1-9]\\d*") && cell(id, 5).matches("\\d+ µs / \\d+ µs"), SLOW,
                () -> "decisions: " + cell(id, 4) + ", latency: " + cell(id, 5));
        assertFalse(cell(id, 3).isEmpty(), "the last decision is shown");

        view.stop(id).forEach(DeploymentViewTest::awaitDone);
        Ui.waitUntil(() -> "STOPPED".equals(cell(id, 1)), SLOW, () -> "state cell: " + cell(id, 1));

        Job refused = view.deploy(packaged("2", false), entry, false);
        awaitDone(refused);
        assertFalse(refused.getResult().isOK(), "an unsigned package is refused");
        Ui.waitUntil(() -> view.message().contains("refused"), 10_000, view::message);
        String shown = view.message();
        assertTrue(shown.contains(runtime.endpointUrl()) && shown.contains("not signed"), "the refusal names the runtime and the reason: "
                + shown);
        assertFalse(shown.contains("Exception"), "no stack-trace words in what the user reads: " + shown);

        List<AuditEntry> audit = view.auditEntries();
        assertTrue(audit.stream().anyMatch(e -> e.action().equals("Deploy") && e.ok() && e.subject().contains(id)), "deploy in the audit: "
                + audit);
        assertTrue(audit.stream().anyMatch(e -> e.action().equals("Deploy") && !e.ok() && e.result().contains("not signed")
                && e.runtime().equals(runtime.endpointUrl())), "refusal in the audit: " + audit);
        assertTrue(audit.stream().anyMatch(e -> e.action().equals("Stop") && e.ok()), "stop in the audit: " + audit);
        Table auditTable = Ui.require(page.getWorkbenchWindow().getShell(), Table.class, "deploy.audit");
        Ui.waitUntil(() -> auditTable.getItemCount() == audit.size(), 10_000, () -> auditTable.getItemCount() + " audit rows");
        assertTrue(auditTable.getItem(0).getText(4).contains("not signed"), "newest first: " + auditTable.getItem(0).getText(4));

        WorkbenchStartupTest.screenshot(page.getWorkbenchWindow().getShell(), "deployment.png");
    }

    @Test
    void deployDialogProposesTheSelectedRuntimeAndNeedsAPackage() throws Exception {
        RuntimeEntry entry = view.addRuntime(runtime.endpointUrl(), ENGINEER, PASSWORD);
        RuntimeEntry other = view.addRuntime("opc.tcp://127.0.0.1:1/nothing-here", ENGINEER, PASSWORD);
        DeployDialog dialog = new DeployDialog(page.getWorkbenchWindow().getShell(), view.runtimes(), List.of(entry));
        dialog.setBlockOnOpen(false);
        dialog.open();
        try {
            Shell shell = dialog.getShell();
            Table targets = Ui.require(shell, Table.class, "deploy.dialog.runtimes");
            assertEquals(2, targets.getItemCount());
            assertTrue(targets.getItem(0).getChecked() && !targets.getItem(1).getChecked(), "the selected runtime is proposed");
            dialog.pressDeploy();
            assertNull(dialog.result(), "no package chosen: Deploy stays disabled");

            Path pkg = packaged("1", true);
            Ui.require(shell, Text.class, "deploy.dialog.package").setText(pkg.toString());
            Button force = Ui.require(shell, Button.class, "deploy.dialog.force");
            force.setSelection(true);
            Ui.settle();
            dialog.pressDeploy();
            DeployDialog.Request request = dialog.result();
            assertEquals(new DeployDialog.Request(pkg, List.of(entry), true), request);
        } finally {
            dialog.close();
        }
        Ui.waitUntil(() -> other.reachability().kind() == Reachability.Kind.UNREACHABLE, SLOW, () -> other.reachability().text());
        assertTrue(runtimeCell(other, 6).contains("opc.tcp://127.0.0.1:1"), "the reason names the endpoint: " + runtimeCell(other, 6));
    }

    // --- reading the tree as the user sees it ---

    private Tree tree() {
        return Ui.require(page.getWorkbenchWindow().getShell(), Tree.class, "deploy.tree");
    }

    private String runtimeCell(RuntimeEntry entry, int column) {
        for (TreeItem item : tree().getItems()) {
            if (item.getData() == entry) {
                return item.getText(column);
            }
        }
        return "(no row for " + entry + ")";
    }

    /** A cell of a deployment's row (0 name, 1 state, 2 version, 3 last decision, 4 decisions, 5 latency, 6 last error). */
    private String cell(String id, int column) {
        if (Arrays.stream(tree().getItems()).anyMatch(item -> !item.getExpanded())) {
            view.viewer().expandAll();
        }
        for (TreeItem runtimeItem : tree().getItems()) {
            for (TreeItem item : runtimeItem.getItems()) {
                if (item.getData() instanceof DeploymentRow row && row.id().equals(id)) {
                    return item.getText(column);
                }
            }
        }
        return "";
    }

    /** The ONNX Runtime engine the package needs (the runtime product installs the same). */
    private static List<InferenceEngine> onnxRuntime() {
        List<InferenceEngine> engines = Services.all(InferenceEngine.class).stream().filter(e -> "OnnxRuntime".equalsIgnoreCase(e.name()))
                .toList();
        assertFalse(engines.isEmpty(), "the ONNX Runtime inference engine is installed");
        return engines;
    }

    /** The runtime's own answer, past the view: tells a view problem from a runtime problem when a wait fails. */
    private String directStatus() {
        try {
            io.fabrica.devices.api.ConnectionSpec spec = io.fabrica.devices.api.ConnectionSpec.anonymous(runtime.endpointUrl())
                    .withSecurity(io.fabrica.model.plant.SecurityPolicy.BASIC256_SHA256, io.fabrica.model.plant.SecurityMode.SIGN_AND_ENCRYPT)
                    .withPki(dir.resolve("direct-pki")).withTrustServer(true).withCredentials(ENGINEER, PASSWORD);
            for (DeploymentTarget target : Services.all(DeploymentTarget.class)) {
                if (target.accepts(runtime.endpointUrl())) {
                    return String.valueOf(target.status(spec));
                }
            }
            return "no target";
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static void awaitDone(Job job) {
        Ui.waitUntil(() -> job.getResult() != null, SLOW, () -> job.getName() + " still running");
    }

    // --- the package, as the runtime's own test builds it ---

    /** The PdM demo pipeline "trained" with a hand-built autoencoder (error 0.01 x² per feature), packaged and maybe signed. */
    private Path packaged(String version, boolean sign) throws Exception {
        Path models = dir.resolve("project/models/v" + version);
        Files.createDirectories(models);
        Pipeline pipeline = PipelineFiles.load(dir.resolve("project/pdm.pipeline"));
        pipeline.setVersion(version);
        ModelStage model = (ModelStage) pipeline.getStages().stream().filter(ModelStage.class::isInstance).findFirst().orElseThrow();
        model.setModelFile("model.onnx");
        NormalizeStage normalize = (NormalizeStage) pipeline.getStages().stream().filter(NormalizeStage.class::isInstance).findFirst()
                .orElseThrow();
        for (int i = 0; i < 15; i++) {
            normalize.getMeans().add(0.0);
            normalize.getDeviations().add(i < 13 ? 10.0 : 50.0);
        }
        ((DecisionStage) pipeline.getStages().stream().filter(DecisionStage.class::isInstance).findFirst().orElseThrow()).setThreshold(1e6);
        float[] w = new float[15 * 15];
        for (int i = 0; i < 15; i++) {
            w[i * 15 + i] = 0.1f;
        }
        new OnnxGraphBuilder("ae").input("input", -1, 15).initializer("W", w, 15, 15).node("MatMul", List.of("input", "W"), List.of("scaled"))
                .node("Mul", List.of("scaled", "scaled"), List.of("error")).output("error", -1, 15).write(models.resolve("model.onnx"));
        pipeline.eResource().setURI(org.eclipse.emf.common.util.URI.createFileURI(models.resolve("pdm.pipeline").toString()));
        PipelineFiles.save(pipeline, models.resolve("pdm.pipeline"));
        Path out = models.resolve("pdm-" + version + ".fpkg");
        PackageBuilder.build(models.resolve("pdm.pipeline"), out, sign ? key.getPrivate() : null, "edge", Double.NaN);
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
