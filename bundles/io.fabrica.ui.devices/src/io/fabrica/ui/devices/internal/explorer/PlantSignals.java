package io.fabrica.ui.devices.internal.explorer;

import java.util.Optional;

import org.eclipse.emf.common.util.TreeIterator;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IEditorReference;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;

import io.fabrica.model.edit.PlantEditing;
import io.fabrica.model.plant.OpcUaNodeAddress;
import io.fabrica.model.plant.ProcessParameter;
import io.fabrica.model.plant.Signal;
import io.fabrica.ui.internal.editor.PlantEditor;

/**
 * Finds the plant signal bound to a device node among the plant editors that are open, to learn the
 * node's unit and engineering bounds. Plants that are not open are not searched: the explorer then
 * says the bounds are unknown. UI thread only.
 */
final class PlantSignals {

    /**
     * A signal bound to the node.
     *
     * @param signal the signal
     * @param editorName the editor (file) it was found in
     */
    record Bound(Signal signal, String editorName) {

        /** @return the lower bound to enforce: the safe minimum of a process parameter, else the signal's minimum, or null */
        Double minimum() {
            return signal instanceof ProcessParameter p && p.getSafeMinimum() != null ? p.getSafeMinimum() : signal.getMinimum();
        }

        /** @return the upper bound to enforce, or null */
        Double maximum() {
            return signal instanceof ProcessParameter p && p.getSafeMaximum() != null ? p.getSafeMaximum() : signal.getMaximum();
        }

        /** @return where the bounds come from, for the dialog */
        String source() {
            boolean safe = signal instanceof ProcessParameter p && (p.getSafeMinimum() != null || p.getSafeMaximum() != null);
            return (safe ? "safe bounds of parameter '" : "range of signal '") + signal.getName() + "' in " + editorName;
        }

        /** @return the signal's unit, empty if none */
        String unit() {
            return signal.getUnit() == null ? "" : signal.getUnit();
        }
    }

    private PlantSignals() {
    }

    /**
     * @param address a device node's address
     * @return the first signal of an open plant editor bound to it
     */
    static Optional<Bound> boundTo(OpcUaNodeAddress address) {
        if (!PlatformUI.isWorkbenchRunning()) {
            return Optional.empty();
        }
        for (IWorkbenchWindow window : PlatformUI.getWorkbench().getWorkbenchWindows()) {
            for (IWorkbenchPage page : window.getPages()) {
                for (IEditorReference reference : page.getEditorReferences()) {
                    IEditorPart editor = reference.getEditor(false);
                    if (editor instanceof PlantEditor plant && plant.domain() != null) {
                        Optional<Signal> signal = find(plant, address);
                        if (signal.isPresent()) {
                            return Optional.of(new Bound(signal.get(), editor.getTitle()));
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Signal> find(PlantEditor editor, OpcUaNodeAddress address) {
        for (TreeIterator<EObject> it = PlantEditing.root(editor.domain()).eAllContents(); it.hasNext();) {
            if (it.next() instanceof Signal s && s.getBinding() != null && s.getBinding().getAddress() instanceof OpcUaNodeAddress bound
                    && same(bound, address)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    private static boolean same(OpcUaNodeAddress a, OpcUaNodeAddress b) {
        return java.util.Objects.equals(a.getNamespaceUri(), b.getNamespaceUri()) && a.getIdentifierType() == b.getIdentifierType()
                && java.util.Objects.equals(a.getIdentifier(), b.getIdentifier());
    }
}
