package io.fabrica.ui.devices.internal.explorer;

import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

import io.fabrica.ui.FabricaUi;

/**
 * Asks for a value to write to a device variable. Shows the data type, the current value and the
 * bounds that apply (or says they are unknown and why); OK stays disabled while the text does not
 * parse for the type or is out of bounds, with the reason shown. The result is
 * {@link #value()}: the caller writes it in a job. Tests open it with {@code setBlockOnOpen(false)}
 * and type into the {@code write.value} field.
 */
public final class WriteDialog extends Dialog {

    /**
     * What is written and the bounds that apply.
     *
     * @param nodeName the node's display name
     * @param nodeId the node id text
     * @param dataType the OPC UA data type name
     * @param currentValue the value shown now, empty if not read yet
     * @param bounds the bounds to enforce
     * @param boundsSource where the bounds come from, or why they are unknown
     */
    public record Request(String nodeName, String nodeId, String dataType, String currentValue, WriteValues.Bounds bounds, String boundsSource) {
    }

    private final Request request;
    private Text input;
    private Label problem;
    private Object value;

    /**
     * @param parent the shell
     * @param request what to ask for
     */
    public WriteDialog(Shell parent, Request request) {
        super(parent);
        this.request = request;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("Write " + request.nodeName());
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        GridLayoutFactory.swtDefaults().numColumns(2).applyTo(area);
        row(area, "Node:", request.nodeId(), "write.node");
        row(area, "Data type:", request.dataType(), "write.type");
        row(area, "Current value:", request.currentValue().isEmpty() ? "(not read yet)" : request.currentValue(), "write.current");
        row(area, "Bounds:", request.bounds().known() ? request.bounds() + "  (" + request.boundsSource() + ")" : request.boundsSource(),
                "write.bounds");
        new Label(area, SWT.NONE).setText("New value:");
        input = new Text(area, SWT.BORDER | SWT.SINGLE);
        input.setData(FabricaUi.WIDGET_KEY, "write.value");
        input.setText(request.currentValue());
        GridDataFactory.fillDefaults().grab(true, false).hint(280, SWT.DEFAULT).applyTo(input);
        problem = new Label(area, SWT.WRAP);
        problem.setData(FabricaUi.WIDGET_KEY, "write.problem");
        problem.setForeground(parent.getDisplay().getSystemColor(SWT.COLOR_RED));
        GridDataFactory.fillDefaults().span(2, 1).grab(true, false).hint(420, SWT.DEFAULT).applyTo(problem);
        input.addModifyListener(e -> validate());
        return area;
    }

    private static void row(Composite area, String caption, String text, String key) {
        new Label(area, SWT.NONE).setText(caption);
        Label value = new Label(area, SWT.WRAP);
        value.setText(text == null ? "" : text);
        value.setData(FabricaUi.WIDGET_KEY, key);
        GridDataFactory.fillDefaults().grab(true, false).hint(420, SWT.DEFAULT).applyTo(value);
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        super.createButtonsForButtonBar(parent);
        Button ok = getButton(IDialogConstants.OK_ID);
        ok.setText("Write");
        ok.setData(FabricaUi.WIDGET_KEY, "write.ok");
        validate();
    }

    /** Parses the text; enables Write only for a valid value and shows why not otherwise. */
    private void validate() {
        Button ok = getButton(IDialogConstants.OK_ID);
        if (input == null || ok == null) {
            return;
        }
        try {
            value = WriteValues.parse(input.getText(), request.dataType(), request.bounds());
            problem.setText("");
            ok.setEnabled(true);
        } catch (IllegalArgumentException refused) {
            value = null;
            problem.setText(refused.getMessage());
            ok.setEnabled(false);
        }
        problem.getParent().layout(true);
    }

    @Override
    protected void okPressed() {
        validate();
        if (value != null) {
            super.okPressed();
        }
    }

    /** @return the parsed value after OK, else {@code null} */
    public Object value() {
        return getReturnCode() == OK ? value : null;
    }

    /** @return the value the current text parses to, or {@code null} (for tests) */
    public Object pendingValue() {
        return value;
    }

    /** @return the reason the current text is refused, empty if it is fine */
    public String problem() {
        return problem == null ? "" : problem.getText();
    }
}
