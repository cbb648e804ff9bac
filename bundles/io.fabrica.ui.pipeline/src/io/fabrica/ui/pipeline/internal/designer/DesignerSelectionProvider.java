package io.fabrica.ui.pipeline.internal.designer;

import java.util.List;

import org.eclipse.core.runtime.ListenerList;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.ISelectionChangedListener;
import org.eclipse.jface.viewers.ISelectionProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.SelectionChangedEvent;
import org.eclipse.jface.viewers.StructuredSelection;

/**
 * Publishes the canvas selection (stages and connections, or the pipeline when nothing is selected) to
 * the workbench, so that other views follow what the designer has selected. UI thread.
 */
final class DesignerSelectionProvider implements ISelectionProvider {

    private final ListenerList<ISelectionChangedListener> listeners = new ListenerList<>();
    private final DiagramCanvas canvas;
    private IStructuredSelection current = StructuredSelection.EMPTY;

    DesignerSelectionProvider(DiagramCanvas canvas) {
        this.canvas = canvas;
        canvas.addSelectionListener(this::changed);
        changed(canvas.selection());
    }

    private void changed(List<?> elements) {
        current = elements.isEmpty() ? new StructuredSelection(canvas.pipeline()) : new StructuredSelection(elements);
        SelectionChangedEvent event = new SelectionChangedEvent(this, current);
        for (ISelectionChangedListener l : listeners) {
            l.selectionChanged(event);
        }
    }

    @Override
    public void addSelectionChangedListener(ISelectionChangedListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeSelectionChangedListener(ISelectionChangedListener listener) {
        listeners.remove(listener);
    }

    @Override
    public ISelection getSelection() {
        return current;
    }

    @Override
    public void setSelection(ISelection selection) {
        if (selection instanceof IStructuredSelection s) {
            canvas.select(s.toList().stream().filter(o -> o instanceof io.fabrica.pipeline.Stage || o instanceof io.fabrica.pipeline.Connection)
                    .map(o -> (org.eclipse.emf.ecore.EObject) o).toList());
        }
    }
}
