package io.fabrica.ui.pipeline.internal.designer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.eclipse.emf.common.command.Command;
import org.eclipse.emf.common.command.CompoundCommand;
import org.eclipse.emf.common.util.TreeIterator;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EEnum;
import org.eclipse.emf.ecore.EEnumLiteral;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.edit.domain.EditingDomain;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

import io.fabrica.model.plant.DataType;
import io.fabrica.model.plant.ProcessParameter;
import io.fabrica.model.plant.Signal;
import io.fabrica.model.resource.ElementPaths;
import io.fabrica.model.resource.PlantFiles;
import io.fabrica.pipeline.Connection;
import io.fabrica.pipeline.PipelinePackage;
import io.fabrica.pipeline.Port;
import io.fabrica.pipeline.PortDirection;
import io.fabrica.pipeline.PortType;
import io.fabrica.pipeline.SignalSource;
import io.fabrica.pipeline.Stage;
import io.fabrica.pipeline.validation.PipelinePaths;
import io.fabrica.ui.FabricaUi;

/**
 * The designer's properties panel (the workbench's Properties view needs emf.edit.ui, which is not
 * available): a form built from the selected stage's EAttributes — text fields, check boxes for
 * booleans, drop-downs for enums, comma-separated lists for multi-valued attributes — plus the plant
 * signal or parameter a source or sink refers to, and its ports (read only). Every edit is a SetCommand
 * on the editing domain; a value that does not parse is refused with a message, never half-applied.
 * Choosing a source's signal also gives its output port the type the signal carries, in the same
 * command. Fields carry the widget key {@code designer.property.<feature>}. UI thread.
 */
final class StagePropertiesPanel {

    /** Widget key prefix of the fields. */
    static final String KEY_PREFIX = "designer.property.";

    private final ScrolledComposite scroller;
    private final Composite body;
    private final EditingDomain domain;
    private final Consumer<String> status;
    private final Path pipelineFolder;
    private EObject element;
    private boolean rebuilding;

    StagePropertiesPanel(Composite parent, EditingDomain domain, Path pipelineFolder, Consumer<String> status) {
        this.domain = domain;
        this.status = status;
        this.pipelineFolder = pipelineFolder;
        scroller = new ScrolledComposite(parent, SWT.V_SCROLL | SWT.H_SCROLL | SWT.BORDER);
        body = new Composite(scroller, SWT.NONE);
        body.setLayout(new GridLayout(2, false));
        scroller.setContent(body);
        scroller.setExpandHorizontal(true);
        scroller.setExpandVertical(true);
        scroller.addListener(SWT.Resize, e -> relayout());
    }

    Control control() {
        return scroller;
    }

    /** Shows an element's properties (a stage, a connection, or {@code null} for a hint). */
    void show(EObject selected) {
        element = selected;
        rebuilding = true;
        try {
            for (Control c : body.getChildren()) {
                c.dispose();
            }
        } finally {
            rebuilding = false;
        }
        if (selected instanceof Stage stage) {
            title(stage.getName() + " (" + StageKinds.labelOf(stage) + ")");
            for (EStructuralFeature f : stage.eClass().getEAllStructuralFeatures()) {
                if (f instanceof EAttribute a && editable(a)) {
                    attributeRow(stage, a);
                } else if (f instanceof EReference r && !r.isContainment() && !r.isMany()) {
                    referenceRow(stage, r);
                }
            }
            portRows(stage);
        } else if (selected instanceof Connection c) {
            title("Connection");
            readOnly("From", c.getSource() == null ? "" : PipelinePaths.of(c.getSource()) + " (" + DiagramPainter.portLabel(c.getSource()) + ")");
            readOnly("To", c.getTarget() == null ? "" : PipelinePaths.of(c.getTarget()) + " (" + DiagramPainter.portLabel(c.getTarget()) + ")");
        } else {
            title("Select a stage to edit its properties");
        }
        relayout();
    }

    /** Re-reads the values (after undo, redo or another edit). */
    void refresh() {
        if (!body.isDisposed()) {
            show(element != null && element.eContainer() != null ? element : null);
        }
    }

    private void relayout() {
        if (!body.isDisposed()) {
            body.layout(true, true);
            // as wide as the panel (fields shrink), as tall as the rows need
            scroller.setMinSize(body.computeSize(Math.max(200, scroller.getClientArea().width), SWT.DEFAULT));
        }
    }

    private static boolean editable(EAttribute a) {
        return !a.isID() && a != PipelinePackage.Literals.STAGE__X && a != PipelinePackage.Literals.STAGE__Y && a.isChangeable();
    }

    private void title(String text) {
        Label l = new Label(body, SWT.WRAP);
        l.setText(text);
        l.setFont(org.eclipse.jface.resource.JFaceResources.getBannerFont());
        l.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
    }

    private void readOnly(String label, String value) {
        new Label(body, SWT.NONE).setText(label);
        Text t = new Text(body, SWT.BORDER | SWT.READ_ONLY);
        t.setText(value);
        t.setLayoutData(field());
    }

    private void attributeRow(Stage owner, EAttribute a) {
        new Label(body, SWT.NONE).setText(StageKinds.humanize(a.getName()));
        Object value = owner.eGet(a);
        if (!a.isMany() && a.getEAttributeType() instanceof EEnum eEnum) {
            Combo combo = new Combo(body, SWT.READ_ONLY);
            eEnum.getELiterals().forEach(l -> combo.add(l.getLiteral()));
            combo.setText(value instanceof org.eclipse.emf.common.util.Enumerator en ? en.getLiteral() : "");
            key(combo, a);
            combo.addListener(SWT.Selection, e -> {
                EEnumLiteral literal = eEnum.getEEnumLiteralByLiteral(combo.getText());
                if (literal != null && literal.getInstance() != owner.eGet(a)) {
                    run(DesignerCommands.set(domain, owner, a, literal.getInstance()));
                }
            });
            return;
        }
        if (!a.isMany() && (a.getEAttributeType().getInstanceClass() == boolean.class || a.getEAttributeType().getInstanceClass() == Boolean.class)) {
            Button check = new Button(body, SWT.CHECK);
            check.setSelection(Boolean.TRUE.equals(value));
            key(check, a);
            check.addListener(SWT.Selection, e -> run(DesignerCommands.set(domain, owner, a, check.getSelection())));
            return;
        }
        Text text = new Text(body, SWT.BORDER | SWT.SINGLE);
        text.setLayoutData(field());
        text.setText(format(a, value));
        text.setToolTipText(a.isMany() ? "Comma-separated values; Enter applies" : "Enter applies");
        key(text, a);
        // only text the user changed is written back: a field that merely loses focus, or is rebuilt
        // after an undo, must not re-apply what it showed (that would silently redo the undone edit)
        boolean[] edited = {false};
        text.addListener(SWT.Modify, e -> edited[0] = true);
        Runnable commit = () -> {
            if (edited[0] && !rebuilding && !text.isDisposed()) {
                edited[0] = false;
                apply(owner, a, text.getText());
            }
        };
        text.addListener(SWT.DefaultSelection, e -> commit.run());
        text.addListener(SWT.FocusOut, e -> commit.run());
    }

    private static String format(EAttribute a, Object value) {
        if (value == null) {
            return "";
        }
        if (a.isMany()) {
            List<String> parts = new ArrayList<>();
            for (Object o : (List<?>) value) {
                parts.add(EcoreUtil.convertToString(a.getEAttributeType(), o));
            }
            return String.join(", ", parts);
        }
        return EcoreUtil.convertToString(a.getEAttributeType(), value);
    }

    /** Parses the typed text and sets it by command; refuses text that does not parse. */
    void apply(EObject owner, EAttribute a, String typed) {
        if (typed.equals(format(a, owner.eGet(a)))) {
            return;
        }
        Object value;
        try {
            if (a.isMany()) {
                List<Object> values = new ArrayList<>();
                for (String part : typed.split(",")) {
                    if (!part.isBlank()) {
                        values.add(EcoreUtil.createFromString(a.getEAttributeType(), part.trim()));
                    }
                }
                value = values;
            } else {
                value = typed.isEmpty() && !a.getEAttributeType().getInstanceClass().isPrimitive() ? null
                        : EcoreUtil.createFromString(a.getEAttributeType(), typed.trim());
            }
        } catch (RuntimeException e) {
            status.accept("'" + typed + "' is not a valid " + StageKinds.humanize(a.getName()) + " ("
                    + a.getEAttributeType().getInstanceClass().getSimpleName() + ")");
            return;
        }
        run(DesignerCommands.set(domain, owner, a, value));
    }

    private void run(Command command) {
        if (command.canExecute()) {
            domain.getCommandStack().execute(command);
            status.accept(null);
        } else {
            status.accept("this value cannot be set");
        }
    }

    /** A drop-down of the plant elements a source may read or a sink may write. */
    private void referenceRow(Stage owner, EReference r) {
        new Label(body, SWT.NONE).setText(StageKinds.humanize(r.getName()));
        Combo combo = new Combo(body, SWT.READ_ONLY);
        combo.setLayoutData(field());
        key(combo, r);
        List<EObject> candidates = candidates(r.getEReferenceType());
        EObject current = (EObject) owner.eGet(r, false);
        combo.add("(none)");
        int index = 0;
        for (int i = 0; i < candidates.size(); i++) {
            combo.add(ElementPaths.pathOf(candidates.get(i)));
            if (candidates.get(i) == current) {
                index = i + 1;
            }
        }
        if (current != null && index == 0) {
            combo.add(current.eIsProxy() ? "(missing: " + EcoreUtil.getURI(current) + ")" : ElementPaths.pathOf(current));
            index = combo.getItemCount() - 1;
        }
        combo.select(index);
        combo.addListener(SWT.Selection, e -> {
            int i = combo.getSelectionIndex();
            if (i >= 0 && i <= candidates.size()) {
                EObject chosen = i == 0 ? null : candidates.get(i - 1);
                if (chosen != owner.eGet(r, false)) {
                    run(referenceCommand(owner, r, chosen));
                }
            }
        });
    }

    /** Setting a source's signal also gives its output the type the signal carries, as one command. */
    private Command referenceCommand(Stage owner, EReference r, EObject chosen) {
        CompoundCommand c = new CompoundCommand("Set " + StageKinds.humanize(r.getName()));
        c.append(DesignerCommands.set(domain, owner, r, chosen));
        if (owner instanceof SignalSource && chosen instanceof Signal signal) {
            PortType type = signal.getDataType() == DataType.NUMBER_ARRAY ? PortType.WINDOW
                    : signal.getDataType() == DataType.IMAGE ? PortType.IMAGE : PortType.SCALAR;
            int size = type == PortType.WINDOW ? signal.getArrayLength() : type == PortType.SCALAR ? 1 : 0;
            for (Port p : owner.getPorts()) {
                if (p.getDirection() == PortDirection.OUT) {
                    c.append(DesignerCommands.set(domain, p, PipelinePackage.Literals.PORT__TYPE, type));
                    c.append(DesignerCommands.set(domain, p, PipelinePackage.Literals.PORT__SIZE, size));
                }
            }
        }
        return c;
    }

    /** The plant elements of a type: from the plants already loaded and the plant files next to the pipeline. */
    private List<EObject> candidates(EClass type) {
        loadSiblingPlants();
        List<EObject> found = new ArrayList<>();
        for (Resource resource : List.copyOf(domain.getResourceSet().getResources())) {
            for (TreeIterator<EObject> it = resource.getAllContents(); it.hasNext();) {
                EObject e = it.next();
                if (type.isInstance(e) && (type.getInstanceClass() != ProcessParameter.class || e instanceof ProcessParameter)) {
                    found.add(e);
                }
            }
        }
        return found;
    }

    private void loadSiblingPlants() {
        if (pipelineFolder == null || !Files.isDirectory(pipelineFolder)) {
            return;
        }
        try (Stream<Path> files = Files.list(pipelineFolder)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".plant")).toList()) {
                try {
                    domain.getResourceSet().getResource(PlantFiles.uriOf(p), true);
                } catch (RuntimeException e) {
                    status.accept("cannot read " + p.getFileName() + ": " + e.getMessage());
                }
            }
        } catch (java.io.IOException e) {
            status.accept("cannot list " + pipelineFolder + ": " + e.getMessage());
        }
    }

    private void portRows(Stage stage) {
        Label heading = new Label(body, SWT.NONE);
        heading.setText("Ports");
        heading.setFont(org.eclipse.jface.resource.JFaceResources.getBannerFont());
        heading.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
        for (Port p : stage.getPorts()) {
            readOnly(p.getDirection() == PortDirection.IN ? "input" : "output", DiagramPainter.portLabel(p));
        }
    }

    /** Fields fill the panel's width but never ask for more than it has. */
    private static GridData field() {
        GridData d = new GridData(SWT.FILL, SWT.CENTER, true, false);
        d.widthHint = 60;
        return d;
    }

    private static void key(Control c, EStructuralFeature f) {
        c.setData(FabricaUi.WIDGET_KEY, KEY_PREFIX + f.getName());
        if (c instanceof Combo || c instanceof Button) {
            c.setLayoutData(field());
        }
    }
}
