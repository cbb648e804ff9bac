package io.fabrica.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.actions.ActionFactory;
import org.eclipse.ui.ide.IDE;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabrica.examples.Examples;
import io.fabrica.pipeline.Connection;
import io.fabrica.pipeline.Port;
import io.fabrica.pipeline.Stage;
import io.fabrica.ui.pipeline.internal.designer.PipelineDesigner;

/**
 * The pipeline designer driven like a user: open the demo PdM pipeline from a workspace project, see
 * its stages drawn, place stages, connect them (through the API the canvas uses and with real mouse
 * events on the canvas), have incompatible connections refused with a reason, delete, auto-layout and
 * zoom, undo through the workbench's Edit actions, save; validation problems become markers that jump
 * to their stage; the preview runs the pipeline on the simulated plant.
 */
class PipelineDesignerTest {

    private IProject project;
    private IWorkbenchPage page;

    @BeforeEach
    void demoProject() throws Exception {
        project = ResourcesPlugin.getWorkspace().getRoot().getProject("pipeline-designer-test");
        if (project.exists()) {
            project.delete(true, true, null);
        }
        project.create(null);
        project.open(null);
        for (String name : List.of("demo.plant", "pdm.pipeline")) {
            try (var in = Examples.openDemoFile(name)) {
                project.getFile(name).create(in, true, null);
            }
        }
        page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
    }

    @AfterEach
    void closeAll() throws Exception {
        page.closeAllEditors(false);
        Ui.settle();
        project.delete(true, true, null);
    }

    @Test
    void drawsBuildsConnectsRefusesUndoesAndSaves() throws Exception {
        IFile file = project.getFile("pdm.pipeline");
        PipelineDesigner editor = (PipelineDesigner) IDE.openEditor(page, file, PipelineDesigner.ID);
        Ui.settle();
        Canvas canvas = editor.canvas();
        assertEquals(10, editor.stages().size(), "the demo pipeline has 10 stages");
        assertTrue(editor.zoom() >= 0.75, "a pipeline opens at a readable zoom: " + editor.zoom());
        WorkbenchStartupTest.screenshot(page.getWorkbenchWindow().getShell(), "pipeline-designer-demo.png");
        editor.fit();
        Ui.settle();
        Rectangle client = canvas.getClientArea();
        for (Stage s : editor.stages()) {
            Rectangle b = editor.figureBounds(s);
            assertTrue(b.width > 40 && b.height > 20, s.getName() + " has a figure: " + b);
            assertTrue(client.intersects(b), s.getName() + " is visible after Fit: " + b + " in " + client);
        }
        assertStageIsPainted(canvas, editor.figureBounds(editor.stage("Vibration")));

        // place two stages and connect them
        int stagesBefore = editor.stages().size();
        Stage window = editor.placeStage("window", new Point(300, 520));
        Stage features = editor.placeStage("features", new Point(620, 520));
        assertEquals("Window", window.getName());
        assertEquals("Features", features.getName());
        assertEquals(stagesBefore + 2, editor.stages().size());
        assertEquals(List.of(features), editor.selection(), "a placed stage is selected");
        int connections = editor.pipeline().getConnections().size();
        assertNull(editor.connect("Window", "out", "Features", "in"), "window output feeds the features' window input");
        assertTrue(connected(editor, editor.port("Window", "out"), editor.port("Features", "in")), "the model has the connection");

        // refused connections leave the model unchanged and say why
        String refusal = editor.connect("Features", "out", "Bearing Alarm", "in");
        assertNotNull(refusal, "a vector output cannot feed a decision input");
        assertTrue(refusal.contains("vector output cannot feed a decision input"), refusal);
        assertTrue(editor.status() != null && editor.status().contains(refusal), "the reason is in the status line: " + editor.status());
        String taken = editor.connect("Vibration", "out", "Features", "in");
        assertTrue(taken != null && taken.contains("already connected"), "an input is fed once: " + taken);
        assertEquals(connections + 1, editor.pipeline().getConnections().size(), "refused connections change nothing");

        // a drag with the mouse from an output port to an input port connects them
        Port bearing = editor.port("Bearing Temperature", "out");
        Port windowIn = editor.port("Window", "in");
        drag(canvas, editor.portLocation(bearing), editor.portLocation(windowIn));
        assertNull(editor.lastRefusal(), "the mouse connection was accepted");
        assertTrue(connected(editor, bearing, windowIn), "the mouse drag connected Bearing Temperature to Window");
        // and a refused drag says why and changes nothing
        int afterDrag = editor.pipeline().getConnections().size();
        drag(canvas, editor.portLocation(editor.port("Vibration", "out")), editor.portLocation(editor.port("Decision Log", "in")));
        assertTrue(editor.lastRefusal() != null && editor.lastRefusal().contains("window output cannot feed a decision input"),
                "refused drag: " + editor.lastRefusal());
        assertEquals(afterDrag, editor.pipeline().getConnections().size());

        // moving a stage with the mouse is one command
        Rectangle fb = editor.figureBounds(features);
        int x0 = features.getX();
        drag(canvas, new Point(fb.x + fb.width / 2, fb.y + 10), new Point(fb.x + fb.width / 2 + 80, fb.y + 10));
        assertTrue(features.getX() > x0, "dragging the stage moved it: " + x0 + " -> " + features.getX());
        run(editor, ActionFactory.UNDO.getId());
        assertEquals(x0, features.getX(), "one Undo puts the stage back");

        // undo the mouse connection and the first connection with the workbench's Undo
        run(editor, ActionFactory.UNDO.getId());
        assertFalse(connected(editor, bearing, windowIn), "Undo removes the mouse connection");
        run(editor, ActionFactory.UNDO.getId());
        assertFalse(connected(editor, editor.port("Window", "out"), editor.port("Features", "in")), "Undo removes the first connection");
        run(editor, ActionFactory.REDO.getId());
        assertTrue(connected(editor, editor.port("Window", "out"), editor.port("Features", "in")), "Redo brings it back");

        // delete with the workbench's Delete action takes the stage's connections along; undo restores both
        editor.select(window);
        run(editor, ActionFactory.DELETE.getId());
        assertNull(editor.stage("Window"), "Delete removed the stage");
        assertEquals(connections, editor.pipeline().getConnections().size(), "and its connection");
        run(editor, ActionFactory.UNDO.getId());
        assertNotNull(editor.stage("Window"));
        assertEquals(connections + 1, editor.pipeline().getConnections().size());

        // auto-layout is one undoable command
        Map<Stage, Point> before = positions(editor);
        editor.autoLayout();
        assertNotEquals(before, positions(editor), "auto-layout moved stages");
        Stage vib = editor.stage("Vibration");
        Stage vibFeatures = editor.stage("Vibration Features");
        assertTrue(vib.getX() < vibFeatures.getX(), "layered left to right in flow order");
        run(editor, ActionFactory.UNDO.getId());
        assertEquals(before, positions(editor), "one Undo restores every position");
        run(editor, ActionFactory.REDO.getId());

        // zoom scales the figures
        editor.zoom(1.0);
        int width1 = editor.figureBounds(vib).width;
        editor.zoom(2.0);
        assertEquals(2.0, editor.zoom(), 1e-9);
        assertEquals(2 * width1, editor.figureBounds(vib).width, 2, "zoom 200 % doubles the figure");
        editor.zoom(1.0);

        assertTrue(editor.isDirty());
        editor.doSave(null);
        Ui.settle();
        assertFalse(editor.isDirty(), "saved");
        String saved = Files.readString(file.getLocation().toFile().toPath());
        assertTrue(saved.contains("name=\"Window\"") && saved.contains("name=\"Features\""), "the new stages are in the file");
        run(editor, ActionFactory.SELECT_ALL.getId());
        assertEquals(editor.stages().size(), editor.selection().size(), "Select All selects every stage");
        editor.select(features);
        editor.fit();
        Ui.settle();
        WorkbenchStartupTest.screenshot(page.getWorkbenchWindow().getShell(), "pipeline-designer.png");
    }

    @Test
    void unconnectedInputBecomesAMarkerThatSelectsItsStage() throws Exception {
        IFile file = project.getFile("pdm.pipeline");
        PipelineDesigner editor = (PipelineDesigner) IDE.openEditor(page, file, PipelineDesigner.ID);
        Ui.settle();
        Stage alarm = editor.placeStage("alarm", new Point(400, 500));
        Ui.waitUntil(() -> markerOf(file, alarm) != null, 5000, () -> "a marker for the unconnected alarm input; markers: " + markers(file));
        IMarker marker = markerOf(file, alarm);
        assertEquals(IMarker.SEVERITY_ERROR, marker.getAttribute(IMarker.SEVERITY, -1));
        assertTrue(marker.getAttribute(IMarker.MESSAGE, "").contains("not connected"), marker.getAttribute(IMarker.MESSAGE, ""));
        assertTrue(editor.problems().containsKey(alarm), "the canvas outlines the stage with the problem");

        editor.select(editor.stage("Vibration"));
        page.showView("org.eclipse.ui.views.ProblemView");
        IDE.gotoMarker(editor, marker);
        assertEquals(List.of(alarm), editor.selection(), "the marker selects its stage");
        Rectangle b = editor.figureBounds(alarm);
        assertTrue(editor.canvas().getClientArea().intersects(b), "and reveals it: " + b);

        // connecting the input clears the problem
        editor.connect("Why", "out", alarm.getName(), "in");
        Ui.waitUntil(() -> markerOf(file, alarm) == null, 5000, () -> "the marker goes away; markers: " + markers(file));
        WorkbenchStartupTest.screenshot(page.getWorkbenchWindow().getShell(), "pipeline-designer-marker.png");
    }

    @Test
    void previewRunsOnTheSimulatorAndSaysTheModelIsNotTrained() throws Exception {
        IFile file = project.getFile("pdm.pipeline");
        PipelineDesigner editor = (PipelineDesigner) IDE.openEditor(page, file, PipelineDesigner.ID);
        Ui.settle();
        Connection vibrationToFeatures = editor.pipeline().getConnections().stream()
                .filter(c -> c.getSource() == editor.port("Vibration", "out")).findFirst().orElseThrow();
        editor.setPreview(true);
        Ui.waitUntil(() -> editor.previewValue(vibrationToFeatures) != null, 60_000, () -> "a live value on Vibration -> Features; banner: "
                + editor.banner() + ", status: " + editor.status());
        assertTrue(editor.banner() != null && editor.banner().contains("no trained model"), "says why the model is left out: " + editor.banner());
        WorkbenchStartupTest.screenshot(page.getWorkbenchWindow().getShell(), "pipeline-designer-preview.png");
        editor.setPreview(false);
        assertNull(editor.banner(), "the preview stopped");
    }

    @Test
    void importOnnxModelSetsTheModelStageAsOneUndoableCommand() throws Exception {
        IFile file = project.getFile("pdm.pipeline");
        PipelineDesigner editor = (PipelineDesigner) IDE.openEditor(page, file, PipelineDesigner.ID);
        Ui.settle();
        java.nio.file.Path onnx = Files.createTempDirectory("fabrica-import-").resolve("external-ae.onnx");
        new io.fabrica.pipeline.djl.onnx.OnnxGraphBuilder("ae").input("x", -1, 15).node("Relu", List.of("x"), List.of("y")).output("y", -1, 15)
                .write(onnx);
        io.fabrica.pipeline.ModelStage model = (io.fabrica.pipeline.ModelStage) editor.stages().stream()
                .filter(io.fabrica.pipeline.ModelStage.class::isInstance).findFirst().orElseThrow();
        String before = model.getModelFile();
        editor.importModel(onnx, io.fabrica.pipeline.djl.imports.ImportOptions.defaults());
        Ui.waitUntil(() -> "models/external-ae/external-ae.onnx".equals(model.getModelFile()), 30_000,
                () -> "the Model stage names the imported copy; status: " + editor.status());
        assertEquals(List.of(15), model.getOutputShape());
        assertTrue(editor.isDirty(), "the import is an edit to save");
        assertTrue(project.getLocation().toFile().toPath().resolve("models/external-ae/model.json").toFile().isFile(), "the model card is written");
        run(editor, ActionFactory.UNDO.getId());
        assertEquals(before, model.getModelFile(), "undo restores the stage");
    }

    private static boolean connected(PipelineDesigner editor, Port from, Port to) {
        return editor.pipeline().getConnections().stream().anyMatch(c -> c.getSource() == from && c.getTarget() == to);
    }

    private static Map<Stage, Point> positions(PipelineDesigner editor) {
        return editor.stages().stream().collect(Collectors.toMap(s -> s, s -> new Point(s.getX(), s.getY())));
    }

    private static IMarker markerOf(IFile file, Stage stage) {
        try {
            return Arrays.stream(file.findMarkers(PipelineDesigner.MARKER, true, IResource.DEPTH_ZERO))
                    .filter(m -> stage.getId().equals(m.getAttribute(PipelineDesigner.STAGE_ID, ""))).findFirst().orElse(null);
        } catch (org.eclipse.core.runtime.CoreException e) {
            throw new AssertionError(e);
        }
    }

    private static String markers(IFile file) {
        try {
            return Arrays.stream(file.findMarkers(PipelineDesigner.MARKER, true, IResource.DEPTH_ZERO))
                    .map(m -> m.getAttribute(IMarker.MESSAGE, "")).toList().toString();
        } catch (org.eclipse.core.runtime.CoreException e) {
            return e.getMessage();
        }
    }

    /** Presses the left button at one point, moves in two steps, releases at the other: a real drag on the canvas. */
    private static void drag(Canvas canvas, Point from, Point to) {
        mouse(canvas, SWT.MouseDown, from, 0);
        mouse(canvas, SWT.MouseMove, new Point((from.x + to.x) / 2, (from.y + to.y) / 2), SWT.BUTTON1);
        mouse(canvas, SWT.MouseMove, to, SWT.BUTTON1);
        mouse(canvas, SWT.MouseUp, to, SWT.BUTTON1);
        Ui.settle();
    }

    private static void mouse(Canvas canvas, int type, Point at, int state) {
        Event e = new Event();
        e.x = at.x;
        e.y = at.y;
        e.button = type == SWT.MouseMove ? 0 : 1;
        e.stateMask = state;
        canvas.notifyListeners(type, e);
    }

    private static void run(PipelineDesigner editor, String actionId) {
        editor.getEditorSite().getActionBars().getGlobalActionHandler(actionId).run();
        Ui.settle();
    }

    /**
     * The stage's header is painted in its group colour (a source: light green), not the canvas background.
     * The pixel is right in the header (the short name and kind are on the left), a quarter down the box.
     */
    private static void assertStageIsPainted(Canvas canvas, Rectangle stage) {
        Display display = canvas.getDisplay();
        Point origin = canvas.toDisplay(stage.x + stage.width * 9 / 10, stage.y + stage.height / 4);
        Image image = new Image(display, 1, 1);
        GC gc = new GC(display);
        try {
            gc.copyArea(image, origin.x, origin.y);
            ImageData data = image.getImageData();
            RGB rgb = data.palette.getRGB(data.getPixel(0, 0));
            assertTrue(Math.abs(rgb.red - 220) < 24 && Math.abs(rgb.green - 242) < 24 && Math.abs(rgb.blue - 225) < 24,
                    "the source stage's header is drawn in its colour at " + origin + ": " + rgb);
        } finally {
            gc.dispose();
            image.dispose();
        }
    }
}
