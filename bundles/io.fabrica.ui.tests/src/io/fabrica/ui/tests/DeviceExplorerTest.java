package io.fabrica.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.actions.ActionFactory;
import org.eclipse.ui.ide.IDE;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.devices.sim.SimulatedPlant;
import io.fabrica.examples.Examples;
import io.fabrica.model.edit.PlantEditing;
import io.fabrica.model.plant.Equipment;
import io.fabrica.model.plant.OpcUaNodeAddress;
import io.fabrica.model.plant.Signal;
import io.fabrica.model.resource.PlantFiles;
import io.fabrica.ui.FabricaUi;
import io.fabrica.ui.devices.internal.explorer.DeviceExplorerView;
import io.fabrica.ui.devices.internal.explorer.WriteDialog;
import io.fabrica.ui.devices.internal.explorer.WriteValues;
import io.fabrica.ui.devices.internal.trend.TrendView;
import io.fabrica.ui.dnd.DeviceNodeRef;
import io.fabrica.ui.dnd.DeviceNodeTransfer;
import io.fabrica.ui.internal.editor.PlantEditor;
import io.fabrica.ui.internal.editor.SignalDropHandler;

/**
 * The Devices perspective against the demo plant's simulator, served in-process on a free loopback
 * port: connect the Device Explorer, browse lazily down to a variable with a live value, drag it onto
 * a signal of the open plant editor (bound in one undoable step; non-signals refused), check the
 * write dialog's bounds from the open plant, and trend the variable live. Also the write dialog's
 * refusals on their own, and a recorded dataset plotted with its fault episode.
 */
class DeviceExplorerTest {

    private static final long WAIT_MS = 30_000;
    private static final String[] SPINDLE = {"Spindle Line 1", "Machining Cell", "CNC Mill 1", "Spindle"};

    private IProject project;
    private IWorkbenchPage page;
    private SimulatedPlant sim;

    @BeforeEach
    void demoProjectAndSimulator() throws Exception {
        project = ResourcesPlugin.getWorkspace().getRoot().getProject("device-explorer-test");
        if (project.exists()) {
            project.delete(true, true, null);
        }
        project.create(null);
        project.open(null);
        try (var in = Examples.openDemoFile("demo.plant")) {
            project.getFile("demo.plant").create(in, true, null);
        }
        page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        sim = SimulatedPlant.start(PlantFiles.load(project.getFile("demo.plant").getLocation().toFile().toPath()),
                SimulatedPlant.Options.loopback(freePort()));
    }

    @AfterEach
    void closeAll() throws Exception {
        page.closeAllEditors(false);
        for (String view : new String[] {FabricaUi.DEVICE_EXPLORER_VIEW, FabricaUi.TREND_VIEW}) {
            var ref = page.findViewReference(view);
            if (ref != null) {
                page.hideView(ref); // disposing the explorer closes its connections
            }
        }
        page.setPerspective(PlatformUI.getWorkbench().getPerspectiveRegistry().findPerspectiveWithId(FabricaUi.ENGINEERING_PERSPECTIVE));
        Ui.settle();
        if (sim != null) {
            sim.close();
        }
        project.delete(true, true, null);
    }

    @Test
    void browseLiveValuesBindByDropWriteBoundsAndTrend() throws Exception {
        IFile file = project.getFile("demo.plant");
        PlantEditor editor = (PlantEditor) IDE.openEditor(page, file, PlantEditor.ID);
        page.setPerspective(PlatformUI.getWorkbench().getPerspectiveRegistry().findPerspectiveWithId(FabricaUi.DEVICES_PERSPECTIVE));
        DeviceExplorerView explorer = (DeviceExplorerView) page.showView(FabricaUi.DEVICE_EXPLORER_VIEW);

        CompletableFuture<?> connected = explorer.connect(ConnectionSpec.anonymous(sim.endpointUrl()));
        Ui.waitUntil(connected::isDone, WAIT_MS, () -> "connecting to " + sim.endpointUrl());
        assertFalse(connected.isCompletedExceptionally(), () -> "connected: " + connected);
        Tree tree = Ui.require(explorer.viewer().getControl().getParent(), Tree.class, "devices.tree");
        Label state = Ui.require(explorer.viewer().getControl().getParent(), Label.class, "devices.state");
        Ui.waitUntil(() -> state.getText().contains("Connected"), WAIT_MS, state::getText);
        TreeItem root = tree.getItem(0);
        assertTrue(root.getText(0).startsWith(sim.endpointUrl()), root.getText(0));

        // lazy browsing down to the spindle's variables; the simulator's own folder is there too
        TreeItem spindle = expand(explorer, root, SPINDLE);
        Ui.waitUntil(() -> child(root, "Simulation") != null, WAIT_MS, () -> "Simulation folder: " + texts(root));
        Ui.waitUntil(() -> child(spindle, "Speed") != null, WAIT_MS, () -> "Speed under Spindle: " + texts(spindle));
        TreeItem speed = child(spindle, "Speed");
        Ui.waitUntil(() -> !child(spindle, "Speed").getText(1).isEmpty(), WAIT_MS, () -> "a live value for Speed: " + texts(spindle));
        assertEquals("Good", child(spindle, "Speed").getText(2), "quality column");
        assertTrue(child(spindle, "Speed").getText(4).startsWith("Double"), "data type column: " + child(spindle, "Speed").getText(4));
        String firstTime = child(spindle, "Speed").getText(3);
        Ui.waitUntil(() -> !child(spindle, "Speed").getText(3).equals(firstTime), WAIT_MS, () -> "the value keeps updating");

        // drag the variable onto the Speed signal of the plant editor
        explorer.viewer().setSelection(new StructuredSelection(speed.getData()), true);
        DeviceNodeRef[] dragged = DeviceNodeTransfer.fromBytes(DeviceNodeTransfer.toBytes(explorer.dragData()));
        assertEquals(1, dragged.length, "one variable dragged");
        assertEquals(sim.endpointUrl(), dragged[0].endpoint());
        assertEquals("Spindle Line 1/Machining Cell/CNC Mill 1/Spindle/Speed", dragged[0].identifier());

        Signal signal = signal(editor, "Speed");
        String originalEndpoint = signal.getBinding().getConnection().getEndpoint();
        int connections = PlantEditing.root(editor.domain()).getConnections().size();
        SignalDropHandler drop = editor.dropHandler();
        SignalDropHandler.Verdict refused = drop.check(dragged, signal.eContainer());
        assertFalse(refused.accepted(), "dropping onto equipment is refused");
        assertTrue(refused.reason().contains("not a signal"), refused.reason());
        assertTrue(signal.eContainer() instanceof Equipment);

        drop.drop(dragged, signal);
        Ui.settle();
        OpcUaNodeAddress bound = (OpcUaNodeAddress) signal.getBinding().getAddress();
        assertEquals(dragged[0].identifier(), bound.getIdentifier());
        assertEquals(sim.namespaceUri(), bound.getNamespaceUri());
        assertEquals(sim.endpointUrl(), signal.getBinding().getConnection().getEndpoint(), "bound through a connection to the simulator");
        assertEquals(connections + 1, PlantEditing.root(editor.domain()).getConnections().size(), "the connection was created");
        assertTrue(editor.isDirty());

        editor.getEditorSite().getActionBars().getGlobalActionHandler(ActionFactory.UNDO.getId()).run();
        Ui.settle();
        assertEquals(originalEndpoint, signal.getBinding().getConnection().getEndpoint(), "Undo restores the previous binding");
        assertEquals(connections, PlantEditing.root(editor.domain()).getConnections().size(), "Undo removes the created connection too");
        assertFalse(editor.domain().getCommandStack().canUndo(), "binding by drop was a single undo step");

        // the write dialog knows the setpoint's safe bounds from the open plant
        Ui.waitUntil(() -> child(spindle, "Spindle Speed Setpoint") != null, WAIT_MS, () -> texts(spindle));
        explorer.viewer().setSelection(new StructuredSelection(child(spindle, "Spindle Speed Setpoint").getData()), true);
        WriteDialog write = explorer.createWriteDialog();
        assertNotNull(write, "the setpoint is writable");
        write.setBlockOnOpen(false);
        write.open();
        try {
            assertTrue(Ui.require(write.getShell(), Label.class, "write.bounds").getText().contains("safe bounds"),
                    Ui.require(write.getShell(), Label.class, "write.bounds").getText());
            Ui.require(write.getShell(), Text.class, "write.value").setText("99999");
            assertTrue(write.problem().contains("outside the bounds"), write.problem());
            assertFalse(Ui.require(write.getShell(), Button.class, "write.ok").isEnabled());
        } finally {
            write.close();
        }

        // live trend of the variable, with the unit of the plant signal bound to it
        explorer.viewer().setSelection(new StructuredSelection(child(spindle, "Speed").getData()), true);
        explorer.addSelectionToTrend();
        TrendView trend = (TrendView) page.findView(FabricaUi.TREND_VIEW);
        assertNotNull(trend, "Add to Trend opens the Trend view");
        Ui.waitUntil(() -> trend.values("Speed").length >= 5, WAIT_MS, () -> "trend points: " + trend.values("Speed").length);
        assertEquals("Speed [1/min]", trend.legend("Speed"));
        WorkbenchStartupTest.screenshot(page.getWorkbenchWindow().getShell(), "devices-explorer.png");
    }

    @Test
    void writeDialogRefusesUnparsableAndOutOfRangeValues() {
        WriteDialog dialog = new WriteDialog(page.getWorkbenchWindow().getShell(), new WriteDialog.Request("Feed Rate",
                "nsu=urn:fabrica:demo:spindle-line;s=Spindle Line 1/Machining Cell/CNC Mill 1/Feed Rate", "Double", "100",
                new WriteValues.Bounds(50.0, 5000.0), "safe bounds of parameter 'Feed Rate' in demo.plant"));
        dialog.setBlockOnOpen(false);
        dialog.open();
        Text value = Ui.require(dialog.getShell(), Text.class, "write.value");
        Button ok = Ui.require(dialog.getShell(), Button.class, "write.ok");
        assertTrue(ok.isEnabled(), "the current value is acceptable");

        value.setText("fast");
        assertTrue(dialog.problem().contains("not a number"), dialog.problem());
        assertFalse(ok.isEnabled(), "an unparsable value cannot be written");
        value.setText("9000");
        assertTrue(dialog.problem().contains("outside the bounds"), dialog.problem());
        assertFalse(ok.isEnabled(), "a value above the safe maximum cannot be written");
        value.setText("49.9");
        assertFalse(ok.isEnabled(), "a value below the safe minimum cannot be written");

        value.setText("120.5");
        assertEquals("", dialog.problem());
        assertTrue(ok.isEnabled());
        ok.notifyListeners(SWT.Selection, new Event());
        assertEquals(120.5, dialog.value(), "Write returns the parsed value for the write job");
    }

    @Test
    void trendPlotsARecordedDatasetWithItsFaultEpisode(@TempDir Path dir) throws Exception {
        writeDataset(dir);
        page.setPerspective(PlatformUI.getWorkbench().getPerspectiveRegistry().findPerspectiveWithId(FabricaUi.DEVICES_PERSPECTIVE));
        TrendView trend = (TrendView) page.showView(FabricaUi.TREND_VIEW);
        trend.openDataset(dir.resolve("signals.csv"));
        Ui.waitUntil(() -> trend.seriesIds().size() == 2, WAIT_MS, () -> "dataset series: " + trend.seriesIds());
        String speed = "Spindle Line 1/Machining Cell/CNC Mill 1/Spindle/Speed";
        assertEquals("Spindle/Speed [1/min]", trend.legend(speed));
        assertEquals(20, trend.values(speed).length);
        assertEquals(1, trend.episodes().size(), "one labelled fault episode: " + trend.episodes());
        assertEquals("bearing-outer-race 1–2 s", trend.episodes().get(0), "rows 1.0 s to 1.5 s are labelled");
        WorkbenchStartupTest.screenshot(page.getWorkbenchWindow().getShell(), "trend-dataset.png");

        trend.openDataset(dir.resolve("missing"));
        Ui.settle(1000);
        assertEquals(2, trend.seriesIds().size(), "a folder that is no dataset leaves the plot as it was");
    }

    /** A small labelled recording in the recorder's format: 2 s of speed and temperature, a fault from 1.0 to 1.5 s. */
    private static void writeDataset(Path dir) throws IOException {
        String speed = "Spindle Line 1/Machining Cell/CNC Mill 1/Spindle/Speed";
        String temperature = "Spindle Line 1/Machining Cell/CNC Mill 1/Spindle/Bearing Temperature";
        StringBuilder csv = new StringBuilder("time,elapsed_s," + speed + " [1/min]," + temperature + " [Cel],label\n");
        for (int i = 0; i < 20; i++) {
            String label = i >= 10 && i <= 15 ? "bearing-outer-race" : "normal";
            csv.append(java.time.Instant.parse("2026-01-01T00:00:00Z").plusMillis(100L * i)).append(',').append(i / 10.0).append(',')
                    .append(12000 + i).append(',').append(40 + i * 0.1).append(',').append(label).append('\n');
        }
        Files.writeString(dir.resolve("signals.csv"), csv);
        Files.writeString(dir.resolve("dataset.json"), """
                {
                  "plant": "Fabrica Demo Works",
                  "endpoint": "opc.tcp://127.0.0.1:4840/fabrica",
                  "recordedSeconds": 2.0,
                  "labelled": true,
                  "rows": 20,
                  "windows": 0,
                  "images": 0,
                  "signals": [
                    {"path": "%s", "id": "a", "type": "Double", "unit": "1/min", "file": "signals.csv"},
                    {"path": "%s", "id": "b", "type": "Double", "unit": "Cel", "file": "signals.csv"}
                  ]
                }
                """.formatted(speed, temperature));
    }

    /** Expands a path of names below an item, waiting for each level to be browsed. */
    private static TreeItem expand(DeviceExplorerView explorer, TreeItem from, String... names) {
        TreeItem current = from;
        for (String name : names) {
            TreeItem parent = current;
            Ui.waitUntil(() -> child(parent, name) != null, WAIT_MS, () -> "'" + name + "' under '" + parent.getText(0) + "': " + texts(parent));
            current = child(parent, name);
            explorer.viewer().setExpandedState(current.getData(), true);
            Ui.settle(100);
        }
        return current;
    }

    private static TreeItem child(TreeItem parent, String name) {
        for (TreeItem item : parent.getItems()) {
            if (name.equals(item.getText(0))) {
                return item;
            }
        }
        return null;
    }

    private static String texts(TreeItem parent) {
        return Arrays.toString(Arrays.stream(parent.getItems()).map(i -> i.getText(0) + "=" + i.getText(1)).toArray());
    }

    private static Signal signal(PlantEditor editor, String name) {
        for (var it = PlantEditing.root(editor.domain()).eAllContents(); it.hasNext();) {
            EObject e = it.next();
            if (e instanceof Signal s && name.equals(s.getName())) {
                return s;
            }
        }
        throw new AssertionError("no signal " + name);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
