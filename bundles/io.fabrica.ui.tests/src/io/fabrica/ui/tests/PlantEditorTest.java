package io.fabrica.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.actions.ActionFactory;
import org.eclipse.ui.ide.IDE;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabrica.examples.Examples;
import io.fabrica.model.edit.PlantEditing;
import io.fabrica.model.plant.Signal;
import io.fabrica.ui.internal.editor.PlantEditor;

/**
 * The plant editor driven through its real widgets: open the demo plant from a workspace project, edit a
 * signal's unit in the form, undo and redo through the workbench's Edit actions, save (atomic file,
 * dirty star gone), see the validation problem as a marker, and jump from the marker to the element.
 */
class PlantEditorTest {

    private IProject project;
    private IWorkbenchPage page;

    @BeforeEach
    void demoProject() throws Exception {
        project = ResourcesPlugin.getWorkspace().getRoot().getProject("plant-editor-test");
        if (project.exists()) {
            project.delete(true, true, null);
        }
        project.create(null);
        project.open(null);
        try (var in = Examples.openDemoFile("demo.plant")) {
            project.getFile("demo.plant").create(in, true, null);
        }
        page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
    }

    @AfterEach
    void closeAll() throws Exception {
        page.closeAllEditors(false);
        project.delete(true, true, null);
    }

    @Test
    void editUndoRedoSaveMarkAndJump() throws Exception {
        IFile file = project.getFile("demo.plant");
        PlantEditor editor = (PlantEditor) IDE.openEditor(page, file, PlantEditor.ID);
        Signal bearing = signal(editor, "Bearing Temperature");
        editor.tree().setSelection(new StructuredSelection(bearing), true);
        settle();

        Text unit = field(editor, "unit");
        assertEquals("Cel", unit.getText());
        type(unit, "celsius");
        assertEquals("celsius", bearing.getUnit());
        assertTrue(editor.isDirty(), "an edit makes the editor dirty");

        Text interval = field(editor, "samplingInterval");
        String before = interval.getText();
        type(interval, "every second");
        assertEquals(before, String.valueOf(bearing.getSamplingInterval()), "a value that does not parse is refused, not half-applied");

        run(editor, ActionFactory.UNDO.getId());
        assertEquals("Cel", bearing.getUnit(), "Undo restores the unit");
        var stack = editor.domain().getCommandStack();
        assertFalse(editor.isDirty(), "undo back to the saved state is clean; can undo: " + stack.canUndo()
                + (stack.canUndo() ? " " + stack.getUndoCommand() : ""));
        run(editor, ActionFactory.REDO.getId());
        assertEquals("celsius", bearing.getUnit(), "Redo applies it again");

        editor.doSave(null);
        settle();
        assertFalse(editor.isDirty());
        assertTrue(Files.readString(file.getLocation().toFile().toPath()).contains("unit=\"celsius\""), "saved to the file");
        IMarker[] markers = file.findMarkers(PlantEditor.MARKER, true, IResource.DEPTH_ZERO);
        IMarker unitProblem = Arrays.stream(markers).filter(m -> m.getAttribute(IMarker.MESSAGE, "").contains("celsius")).findFirst()
                .orElse(null);
        assertNotNull(unitProblem, "the invalid unit is a marker in the Problems view: " + Arrays.toString(markers));
        assertEquals(IMarker.SEVERITY_ERROR, unitProblem.getAttribute(IMarker.SEVERITY, -1));
        page.showView("org.eclipse.ui.views.ProblemView");

        editor.tree().setSelection(new StructuredSelection(PlantEditing.root(editor.domain())), true);
        IDE.gotoMarker(editor, unitProblem);
        assertEquals(bearing, ((IStructuredSelection) editor.tree().getSelection()).getFirstElement(), "the marker jumps to its element");
        settle();
        WorkbenchStartupTest.screenshot(page.getWorkbenchWindow().getShell(), "plant-editor.png");
    }

    @Test
    void copyPasteNewChildDeleteAndValidationAsYouType() throws Exception {
        IFile file = project.getFile("demo.plant");
        PlantEditor editor = (PlantEditor) IDE.openEditor(page, file, PlantEditor.ID);
        Signal bearing = signal(editor, "Bearing Temperature");
        EObject equipment = bearing.eContainer();
        List<Signal> original = signals(equipment);
        int before = original.size();

        editor.tree().setSelection(new StructuredSelection(bearing), true);
        run(editor, ActionFactory.COPY.getId());
        editor.tree().setSelection(new StructuredSelection(equipment), true);
        run(editor, ActionFactory.PASTE.getId());
        List<Signal> afterPaste = signals(equipment);
        assertEquals(before + 1, afterPaste.size(), "Paste adds the copy to the selected equipment");
        Signal copy = afterPaste.stream().filter(x -> x != bearing && "Bearing Temperature".equals(x.getName())).findFirst().orElseThrow();
        assertNotEquals(bearing.getId(), copy.getId(), "a pasted copy gets its own id");
        run(editor, ActionFactory.UNDO.getId());
        assertEquals(before, signals(equipment).size(), "Undo removes the pasted copy");

        editor.tree().setSelection(new StructuredSelection(equipment), true);
        IAction newSignal = editor.newChildActions().stream().filter(a -> a.getText().contains("Signal")).findFirst()
                .orElseThrow(() -> new AssertionError("New Child offers a signal: "
                        + editor.newChildActions().stream().map(IAction::getText).toList()));
        newSignal.run();
        settle();
        assertEquals(before + 1, signals(equipment).size(), "New Child › Signal adds one");
        // the one that is new (a process parameter, also a signal, may come after it in the equipment's contents)
        Signal created = signals(equipment).stream().filter(x -> !original.contains(x)).findFirst().orElseThrow();
        editor.tree().setSelection(new StructuredSelection(created), true);
        run(editor, ActionFactory.DELETE.getId());
        assertEquals(original, signals(equipment), "Delete removes the new signal, and only it");
        assertEquals(List.of(), java.util.Arrays.stream(editor.tree().getTree().getItems()).flatMap(PlantEditorTest::allItems)
                .filter(item -> item.getData() == created).toList(), "the tree no longer shows it");

        editor.tree().setSelection(new StructuredSelection(bearing), true);
        settle();
        type(field(editor, "unit"), "furlongs");
        Ui.waitUntil(() -> markerMentions(file, "furlongs"), 5_000, () -> "no marker for the unit before saving");
        assertTrue(editor.isDirty(), "validated as typed, not saved");
        WorkbenchStartupTest.screenshot(page.getWorkbenchWindow().getShell(), "plant-editor-as-you-type.png");
    }

    private static java.util.stream.Stream<org.eclipse.swt.widgets.TreeItem> allItems(org.eclipse.swt.widgets.TreeItem item) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(item),
                java.util.Arrays.stream(item.getItems()).flatMap(PlantEditorTest::allItems));
    }

    private static boolean markerMentions(IFile file, String text) {
        try {
            return Arrays.stream(file.findMarkers(PlantEditor.MARKER, true, IResource.DEPTH_ZERO))
                    .anyMatch(m -> m.getAttribute(IMarker.MESSAGE, "").contains(text));
        } catch (org.eclipse.core.runtime.CoreException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Signal> signals(EObject owner) {
        return owner.eContents().stream().filter(Signal.class::isInstance).map(Signal.class::cast).toList();
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

    /** The form field of a feature, found by its data key. */
    private static Text field(PlantEditor editor, String feature) {
        Text found = find(editor.tree().getControl().getParent(), feature);
        assertNotNull(found, "the form shows a field for " + feature);
        return found;
    }

    private static Text find(Composite parent, String feature) {
        for (Control c : parent.getChildren()) {
            if (c instanceof Text t && feature.equals(t.getData("fabrica.property"))) {
                return t;
            }
            if (c instanceof Composite child) {
                Text t = find(child, feature);
                if (t != null) {
                    return t;
                }
            }
        }
        return null;
    }

    /** Types a value and presses Enter, as a user does. */
    private static void type(Text text, String value) {
        text.setFocus();
        text.setText(value);
        text.notifyListeners(SWT.DefaultSelection, new org.eclipse.swt.widgets.Event());
        settle();
    }

    private static void run(PlantEditor editor, String actionId) {
        editor.getEditorSite().getActionBars().getGlobalActionHandler(actionId).run();
        settle();
    }

    private static void settle() {
        Display display = Display.getCurrent();
        long until = System.currentTimeMillis() + 300;
        while (System.currentTimeMillis() < until) {
            if (!display.readAndDispatch()) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
