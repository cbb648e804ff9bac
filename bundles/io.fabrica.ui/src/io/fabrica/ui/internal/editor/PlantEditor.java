package io.fabrica.ui.internal.editor;

import io.fabrica.ui.EditorFiles;
import io.fabrica.ui.ProblemMarkers;
import io.fabrica.ui.UndoRedoActions;
import java.nio.file.Path;
import java.util.EventObject;
import java.util.List;

import org.eclipse.core.resources.IMarker;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.emf.common.command.CommandStackListener;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.edit.domain.AdapterFactoryEditingDomain;
import org.eclipse.emf.edit.provider.ComposedAdapterFactory;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.dnd.DND;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.IFileEditorInput;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.ide.IGotoMarker;
import org.eclipse.ui.part.EditorPart;

import io.fabrica.model.edit.PlantEditing;
import io.fabrica.model.edit.validation.PlantValidation;
import io.fabrica.model.edit.validation.Problem;
import io.fabrica.model.resource.PlantFileException;
import io.fabrica.ui.dnd.DeviceNodeTransfer;

/**
 * The plant editor for {@code *.plant}: the ISA-95 tree (from EMF.Edit item providers) and a form for
 * the selected element. Every change is a command on the editing domain: Undo/Redo in the Edit menu,
 * the dirty star from the command stack, Save writes atomically. On save, and as you type (once edits
 * pause), the plant is validated and every problem becomes a marker in the Problems view that jumps
 * back to its element. Cut/Copy/Paste/Delete and New Child ({@link PlantEditActions}) are commands too. Device nodes
 * dropped from the Device Explorer onto a signal bind it ({@link SignalDropHandler}).
 */
public final class PlantEditor extends EditorPart implements IGotoMarker {

    /** The editor's id (plugin.xml). */
    public static final String ID = "io.fabrica.ui.editor.plant";
    /** Marker type of plant validation problems. */
    public static final String MARKER = "io.fabrica.ui.plantProblem";
    /** Marker attribute holding the element's id, for jumping back. */
    public static final String ELEMENT_ID = "fabrica.elementId";

    private AdapterFactoryEditingDomain domain;
    private ComposedAdapterFactory factory;
    private Path file;
    private TreeViewer tree;
    private PropertyForm form;
    private SignalDropHandler dropHandler;
    private final CommandStackListener stackListener = this::commandStackChanged;
    /** Validation as you type: after each command, once edits pause for {@value #VALIDATE_DELAY_MS} ms. */
    private final Runnable validateAsYouType = this::validateNow;
    private static final int VALIDATE_DELAY_MS = 500;
    private PlantEditActions edits;

    @Override
    public void init(IEditorSite site, IEditorInput input) throws PartInitException {
        setSite(site);
        setInput(input);
        setPartName(input.getName());
        file = EditorFiles.pathOf(input, "plant editor");
        try {
            domain = PlantEditing.open(file);
        } catch (PlantFileException e) {
            throw new PartInitException(e.getMessage(), e);
        }
        factory = (ComposedAdapterFactory) domain.getAdapterFactory();
        domain.getCommandStack().addCommandStackListener(stackListener);
    }

    @Override
    public void createPartControl(Composite parent) {
        SashForm sash = new SashForm(parent, SWT.HORIZONTAL);
        tree = new TreeViewer(sash, SWT.BORDER | SWT.MULTI);
        tree.setContentProvider(new ItemProviderAdapters.Content(factory));
        tree.setLabelProvider(new ItemProviderAdapters.Labels(factory));
        tree.setInput(List.of(PlantEditing.root(domain)));
        tree.expandToLevel(4);
        form = new PropertyForm(sash, factory, domain, this::status);
        sash.setWeights(45, 55);
        tree.addSelectionChangedListener(e -> form.show(selected()));
        getSite().setSelectionProvider(tree);
        UndoRedoActions.install(getEditorSite().getActionBars(), domain.getCommandStack());
        getEditorSite().getActionBars().updateActionBars();
        edits = new PlantEditActions(domain, tree, this::status);
        edits.install(getEditorSite().getActionBars());
        installDrop();
    }

    /** Device nodes dragged from the Device Explorer bind the signal they are dropped on. */
    private void installDrop() {
        dropHandler = new SignalDropHandler(domain);
        tree.addDropSupport(DND.DROP_LINK | DND.DROP_COPY | DND.DROP_MOVE, new Transfer[] {DeviceNodeTransfer.getInstance()},
                new SignalDropListener(tree, dropHandler, this::status, this::message));
    }

    private EObject selected() {
        Object first = ((IStructuredSelection) tree.getSelection()).getFirstElement();
        return first instanceof EObject e ? e : null;
    }

    private void commandStackChanged(EventObject event) {
        if (tree == null || tree.getControl().isDisposed()) {
            return;
        }
        tree.getControl().getDisplay().asyncExec(() -> {
            if (!tree.getControl().isDisposed()) {
                tree.refresh();
                form.refresh();
                firePropertyChange(PROP_DIRTY);
                // timerExec with the same runnable restarts the delay: one validation per pause in typing
                tree.getControl().getDisplay().timerExec(VALIDATE_DELAY_MS, validateAsYouType);
            }
        });
    }

    private void validateNow() {
        if (tree != null && !tree.getControl().isDisposed()) {
            mark(PlantValidation.validate(PlantEditing.root(domain)));
        }
    }

    /** @return the New Child actions for the current selection (the context menu's, for tests) */
    public List<org.eclipse.jface.action.IAction> newChildActions() {
        return edits.newChildActions();
    }

    private void status(String message) {
        getEditorSite().getActionBars().getStatusLineManager().setErrorMessage(message.isEmpty() ? null : message);
    }

    private void message(String text) {
        getEditorSite().getActionBars().getStatusLineManager().setMessage(text.isEmpty() ? null : text);
    }

    /** @return what device-node drops on the tree do (for tests: the same handler the drop target uses) */
    public SignalDropHandler dropHandler() {
        return dropHandler;
    }

    /** @return the editing domain (for commands from other views, e.g. binding a signal by drag and drop) */
    public AdapterFactoryEditingDomain domain() {
        return domain;
    }

    /** @return the tree of the editor (for tests and drop targets) */
    public TreeViewer tree() {
        return tree;
    }

    @Override
    public void doSave(IProgressMonitor monitor) {
        try {
            PlantEditing.save(domain, file);
            firePropertyChange(PROP_DIRTY);
            validateNow();
        } catch (PlantFileException e) {
            status(e.getMessage());
        }
    }

    /** Replaces this file's plant markers by the problems of the latest validation. */
    private void mark(List<Problem> problems) {
        if (!(getEditorInput() instanceof IFileEditorInput input)) {
            return;
        }
        try {
            ProblemMarkers.replace(input.getFile(), MARKER, problems, (marker, p) -> {
                if (p.element() != null) {
                    marker.setAttribute(ELEMENT_ID, EcoreUtil.getURI(p.element()).fragment());
                }
            });
        } catch (CoreException e) {
            status("cannot show the validation problems: " + e.getMessage());
        }
    }

    @Override
    public void gotoMarker(IMarker marker) {
        String id = marker.getAttribute(ELEMENT_ID, null);
        EObject element = id == null ? null : PlantEditing.root(domain).eResource().getEObject(id);
        if (element != null) {
            tree.setSelection(new StructuredSelection(element), true);
        }
    }

    @Override
    public void doSaveAs() {
        // Save As would need a file dialog and a new resource URI; saving in place is what users need first
    }

    @Override
    public boolean isDirty() {
        return domain != null && ((org.eclipse.emf.common.command.BasicCommandStack) domain.getCommandStack()).isSaveNeeded();
    }

    @Override
    public boolean isSaveAsAllowed() {
        return false;
    }

    @Override
    public void setFocus() {
        tree.getControl().setFocus();
    }

    @Override
    public void dispose() {
        if (tree != null && !tree.getControl().isDisposed()) {
            tree.getControl().getDisplay().timerExec(-1, validateAsYouType);
        }
        if (domain != null) {
            domain.getCommandStack().removeCommandStackListener(stackListener);
        }
        if (factory != null) {
            factory.dispose();
        }
        super.dispose();
    }
}
