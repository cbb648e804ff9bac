package io.fabrica.ui.internal.editor;

import java.util.function.Consumer;

import org.eclipse.emf.common.notify.AdapterFactory;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.edit.domain.EditingDomain;
import org.eclipse.emf.edit.provider.IItemPropertyDescriptor;
import org.eclipse.emf.edit.provider.IItemPropertySource;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

import io.fabrica.model.edit.PlantCommands;

/**
 * A form for the selected element: one row per EMF.Edit property (label and text field). Single-valued
 * attributes are edited in place; Enter or leaving the field runs a SetCommand on the editing domain, so
 * every edit is undoable. A value that does not parse is refused with a message, never half-applied.
 * Each field carries the data key {@code fabrica.property} = the feature name, for UI tests.
 */
final class PropertyForm {

    /** Data key of the property fields (the feature name). */
    static final String KEY = "fabrica.property";

    private final Composite body;
    private final AdapterFactory factory;
    private final EditingDomain domain;
    private final Consumer<String> status;
    private EObject element;
    /** While the fields are rebuilt their focus-out must not write their stale text back. */
    private boolean rebuilding;

    PropertyForm(Composite parent, AdapterFactory factory, EditingDomain domain, Consumer<String> status) {
        this.body = new Composite(parent, SWT.NONE);
        this.body.setLayout(new GridLayout(2, false));
        this.factory = factory;
        this.domain = domain;
        this.status = status;
    }

    Control control() {
        return body;
    }

    /** Shows the properties of an element (or nothing). */
    void show(EObject selected) {
        this.element = selected;
        rebuilding = true;
        try {
            for (Control c : body.getChildren()) {
                c.dispose();
            }
        } finally {
            rebuilding = false;
        }
        IItemPropertySource source = selected == null ? null : (IItemPropertySource) factory.adapt(selected, IItemPropertySource.class);
        if (source != null) {
            for (IItemPropertyDescriptor descriptor : source.getPropertyDescriptors(selected)) {
                row(selected, descriptor);
            }
        }
        body.layout(true, true);
    }

    /** Re-reads the values (after undo/redo or another edit). */
    void refresh() {
        if (element != null && !body.isDisposed()) {
            show(element.eResource() == null ? null : element);
        }
    }

    private void row(EObject owner, IItemPropertyDescriptor descriptor) {
        Object feature = descriptor.getFeature(owner);
        Label label = new Label(body, SWT.NONE);
        label.setText(descriptor.getDisplayName(owner));
        Text text = new Text(body, SWT.BORDER | SWT.SINGLE);
        text.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        // ids are identity (references point at them): shown, never edited
        boolean editable = feature instanceof EAttribute a && !a.isMany() && !a.isID() && descriptor.canSetProperty(owner);
        Object value = feature instanceof EStructuralFeature f ? owner.eGet(f) : null;
        text.setText(value == null ? "" : value instanceof EObject e ? labelOf(e) : String.valueOf(value));
        text.setEditable(editable);
        if (feature instanceof EStructuralFeature f) {
            text.setData(KEY, f.getName());
        }
        if (editable) {
            EAttribute attribute = (EAttribute) feature;
            // only text the user changed is written back: a field that merely loses focus (or is rebuilt
            // after an undo) must not re-apply what it showed, which would silently redo the undone edit
            boolean[] edited = {false};
            text.addListener(SWT.Modify, e -> edited[0] = true);
            Runnable commit = () -> {
                if (edited[0]) {
                    edited[0] = false;
                    apply(owner, attribute, text);
                }
            };
            text.addListener(SWT.DefaultSelection, e -> commit.run());
            text.addListener(SWT.FocusOut, e -> commit.run());
        }
    }

    private String labelOf(EObject e) {
        return new ItemProviderAdapters.Labels(factory).getText(e);
    }

    /** Parses the text and sets it with an undoable command; unchanged text does nothing. */
    void apply(EObject owner, EAttribute attribute, Text text) {
        if (rebuilding || text.isDisposed()) {
            return;
        }
        Object current = owner.eGet(attribute);
        String typed = text.getText();
        if (typed.equals(current == null ? "" : String.valueOf(current))) {
            return;
        }
        Object value;
        try {
            value = typed.isEmpty() && !attribute.getEAttributeType().getInstanceClass().isPrimitive() ? null
                    : EcoreUtil.createFromString(attribute.getEAttributeType(), typed);
        } catch (RuntimeException e) {
            status.accept("'" + typed + "' is not a valid " + attribute.getName() + " (" + attribute.getEAttributeType().getName() + ")");
            return;
        }
        try {
            PlantCommands.set(domain, owner, attribute, value); // executes on the domain's command stack
            status.accept("");
        } catch (IllegalArgumentException e) {
            status.accept(attribute.getName() + " cannot be set to '" + typed + "': " + e.getMessage());
        }
    }
}
