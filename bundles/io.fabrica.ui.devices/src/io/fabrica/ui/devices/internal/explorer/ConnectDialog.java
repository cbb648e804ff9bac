package io.fabrica.ui.devices.internal.explorer;

import java.nio.file.Path;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.model.plant.SecurityMode;
import io.fabrica.model.plant.SecurityPolicy;
import io.fabrica.ui.FabricaPreferences;
import io.fabrica.ui.FabricaUi;

/**
 * Asks where and how to connect: endpoint URL, security policy and mode (proposed from the Fabrica
 * preferences), anonymous or user name and password. The client certificate lives in the PKI folder
 * of the preferences. The result is a {@link ConnectionSpec} ({@link #spec()}); the caller connects
 * in a job. The password is kept only in the spec, never stored.
 */
final class ConnectDialog extends TitleAreaDialog {

    private final String proposedEndpoint;
    private final Path pki;
    private Text endpoint;
    private Combo policy;
    private Combo mode;
    private Button anonymous;
    private Text user;
    private Text password;
    private ConnectionSpec spec;

    ConnectDialog(Shell parent, String proposedEndpoint) {
        super(parent);
        this.proposedEndpoint = proposedEndpoint;
        this.pki = FabricaPreferences.pkiDirectory();
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("Connect to a Device");
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        setTitle("Connect to an OPC UA server");
        setMessage("Fabrica's client certificate and trust list are kept in " + pki);
        Composite area = new Composite((Composite) super.createDialogArea(parent), SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(area);
        GridLayoutFactory.swtDefaults().numColumns(2).applyTo(area);
        endpoint = text(area, "Endpoint URL:", proposedEndpoint, SWT.BORDER, "connect.endpoint");
        policy = combo(area, "Security policy:", SecurityPolicy.VALUES.stream().map(SecurityPolicy::getLiteral).toArray(String[]::new),
                FabricaPreferences.securityPolicy().getLiteral(), "connect.policy");
        mode = combo(area, "Security mode:", SecurityMode.VALUES.stream().map(SecurityMode::getLiteral).toArray(String[]::new),
                FabricaPreferences.securityMode().getLiteral(), "connect.mode");
        new Label(area, SWT.NONE).setText("Identity:");
        Composite identity = new Composite(area, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(2).applyTo(identity);
        anonymous = new Button(identity, SWT.RADIO);
        anonymous.setText("Anonymous");
        anonymous.setSelection(true);
        Button named = new Button(identity, SWT.RADIO);
        named.setText("User name and password");
        user = text(area, "User:", "", SWT.BORDER, "connect.user");
        password = text(area, "Password:", "", SWT.BORDER | SWT.PASSWORD, "connect.password");
        anonymous.addListener(SWT.Selection, e -> validate());
        policy.addListener(SWT.Selection, e -> validate());
        mode.addListener(SWT.Selection, e -> validate());
        endpoint.addModifyListener(e -> validate());
        user.addModifyListener(e -> validate());
        return area;
    }

    private static Text text(Composite area, String caption, String value, int style, String key) {
        new Label(area, SWT.NONE).setText(caption);
        Text text = new Text(area, style);
        text.setText(value);
        text.setData(FabricaUi.WIDGET_KEY, key);
        GridDataFactory.fillDefaults().grab(true, false).hint(360, SWT.DEFAULT).applyTo(text);
        return text;
    }

    private static Combo combo(Composite area, String caption, String[] items, String selected, String key) {
        new Label(area, SWT.NONE).setText(caption);
        Combo combo = new Combo(area, SWT.READ_ONLY);
        combo.setItems(items);
        combo.setText(selected);
        combo.setData(FabricaUi.WIDGET_KEY, key);
        return combo;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        super.createButtonsForButtonBar(parent);
        getButton(IDialogConstants.OK_ID).setText("Connect");
        validate();
    }

    /** Checks the fields; Connect is enabled only when a spec can be made, and the reason is shown when not. */
    private void validate() {
        user.setEnabled(!anonymous.getSelection());
        password.setEnabled(!anonymous.getSelection());
        String problem = problem();
        setErrorMessage(problem);
        if (getButton(IDialogConstants.OK_ID) != null) {
            getButton(IDialogConstants.OK_ID).setEnabled(problem == null);
        }
    }

    private String problem() {
        String url = endpoint.getText().strip();
        if (!url.startsWith("opc.tcp://") || url.length() <= "opc.tcp://".length()) {
            return "The endpoint URL starts with opc.tcp://, e.g. opc.tcp://plc:4840";
        }
        boolean noPolicy = SecurityPolicy.get(policy.getText()) == SecurityPolicy.NONE;
        boolean noMode = SecurityMode.get(mode.getText()) == SecurityMode.NONE;
        if (noPolicy != noMode) {
            return "Security policy None goes with mode None, and a secure policy with Sign or SignAndEncrypt";
        }
        if (!anonymous.getSelection() && user.getText().isBlank()) {
            return "Enter the user name, or connect anonymously";
        }
        return null;
    }

    @Override
    protected void okPressed() {
        if (problem() != null) {
            return;
        }
        ConnectionSpec s = ConnectionSpec.anonymous(endpoint.getText().strip())
                .withSecurity(SecurityPolicy.get(policy.getText()), SecurityMode.get(mode.getText())).withPki(pki);
        if (!anonymous.getSelection()) {
            s = s.withCredentials(user.getText().strip(), password.getText().toCharArray());
        }
        spec = s;
        super.okPressed();
    }

    /** @return the connection asked for after Connect, else {@code null} */
    ConnectionSpec spec() {
        return spec;
    }
}
