package io.fabrica.ui.deploy.internal;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

import io.fabrica.deploy.api.DeploymentTarget;
import io.fabrica.ui.FabricaUi;
import io.fabrica.ui.Services;

/**
 * Asks for a runtime's endpoint and the engineer's credentials (Add Runtime…), or for new credentials
 * of a listed runtime (Edit Credentials…, endpoint fixed). The result is a plain {@link Credentials}
 * value, so the view's work does not depend on the dialog and tests can drive either separately.
 */
final class RuntimeDialog extends TitleAreaDialog {

    /**
     * What the user entered.
     *
     * @param endpoint the runtime's endpoint URL
     * @param user the user name, empty for anonymous
     * @param password the password (empty when none)
     * @param remember whether to keep the password in secure storage
     */
    record Credentials(String endpoint, String user, char[] password, boolean remember) {
    }

    private final RuntimeEntry existing;
    private Text endpoint;
    private Text user;
    private Text password;
    private Button remember;
    private Credentials result;

    /**
     * @param shell the parent shell
     * @param existing the runtime whose credentials are edited, or {@code null} to add one
     */
    RuntimeDialog(Shell shell, RuntimeEntry existing) {
        super(shell);
        this.existing = existing;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        setTitle(existing == null ? "Add a Fabrica runtime" : "Credentials for " + existing.endpoint());
        setMessage("Deployments need an engineer's user name and password; the connection is always encrypted (SignAndEncrypt).");
        Composite form = new Composite(area, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(2).margins(10, 10).applyTo(form);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(form);
        endpoint = field(form, "Endpoint URL:", SWT.BORDER, "deploy.runtime.endpoint");
        endpoint.setText(existing == null ? "opc.tcp://127.0.0.1:4840/fabrica" : existing.endpoint());
        endpoint.setEnabled(existing == null);
        user = field(form, "User name:", SWT.BORDER, "deploy.runtime.user");
        user.setText(existing == null ? "" : existing.user());
        password = field(form, "Password:", SWT.BORDER | SWT.PASSWORD, "deploy.runtime.password");
        remember = new Button(form, SWT.CHECK);
        remember.setText("Remember the password in Eclipse secure storage (otherwise it is kept for this session only)");
        remember.setSelection(existing != null && existing.remember());
        remember.setData(FabricaUi.WIDGET_KEY, "deploy.runtime.remember");
        GridDataFactory.fillDefaults().span(2, 1).applyTo(remember);
        endpoint.addModifyListener(e -> validate());
        return area;
    }

    private static Text field(Composite form, String label, int style, String key) {
        new Label(form, SWT.NONE).setText(label);
        Text text = new Text(form, style);
        text.setData(FabricaUi.WIDGET_KEY, key);
        GridDataFactory.fillDefaults().grab(true, false).hint(360, SWT.DEFAULT).applyTo(text);
        return text;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        super.createButtonsForButtonBar(parent);
        validate();
    }

    private void validate() {
        String problem = problem(endpoint.getText().strip());
        setErrorMessage(problem);
        Button ok = getButton(IDialogConstants.OK_ID);
        if (ok != null) {
            ok.setEnabled(problem == null);
        }
    }

    /** @return why the endpoint cannot be used, or {@code null} */
    static String problem(String url) {
        if (url.isEmpty()) {
            return "Enter the runtime's endpoint URL, e.g. opc.tcp://controller:4840/fabrica";
        }
        if (Services.all(DeploymentTarget.class).stream().noneMatch(t -> t.accepts(url))) {
            return "No installed deployment target handles " + url + " (the Fabrica runtime uses opc.tcp://…)";
        }
        return null;
    }

    @Override
    protected void okPressed() {
        result = new Credentials(endpoint.getText().strip(), user.getText().strip(), password.getText().toCharArray(), remember.getSelection());
        super.okPressed();
    }

    /** @return what the user entered, or {@code null} when cancelled */
    Credentials result() {
        return result;
    }

    @Override
    protected boolean isResizable() {
        return true;
    }
}
