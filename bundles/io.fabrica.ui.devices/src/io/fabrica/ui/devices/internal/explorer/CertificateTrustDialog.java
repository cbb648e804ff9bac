package io.fabrica.ui.devices.internal.explorer;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

import io.fabrica.devices.api.DeviceException;
import io.fabrica.ui.FabricaUi;

/**
 * Shows a server certificate that is not in the trust list (subject, issuer, SHA-1 thumbprint,
 * validity) and lets the user trust it permanently or reject it. Trusting returns
 * {@link IDialogConstants#OK_ID}; the caller then reconnects with
 * {@code ConnectionSpec.withTrustServer(true)}, which adds the certificate to the PKI folder's
 * trust list.
 */
final class CertificateTrustDialog extends TitleAreaDialog {

    private final String endpoint;
    private final DeviceException.Certificate certificate;
    private final String issuer;

    CertificateTrustDialog(Shell parent, String endpoint, DeviceException.Certificate certificate, String issuer) {
        super(parent);
        this.endpoint = endpoint;
        this.certificate = certificate;
        this.issuer = issuer;
    }

    /**
     * The issuer of a rejected certificate: the driver keeps it as {@code rejected/<thumbprint>.der} in
     * the PKI folder. Any thread.
     *
     * @return the issuer's name, or a sentence saying it is not known
     */
    static String issuerOf(Path pki, DeviceException.Certificate certificate) {
        Path file = pki.resolve("rejected").resolve(certificate.thumbprint() + ".der");
        try (InputStream in = Files.newInputStream(file)) {
            X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            String name = x509.getIssuerX500Principal().getName();
            return name.equals(x509.getSubjectX500Principal().getName()) ? name + " (self-signed)" : name;
        } catch (Exception e) {
            return "unknown (" + file + " could not be read: " + e.getMessage() + ")";
        }
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("Untrusted Server Certificate");
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        setTitle("Trust the certificate of " + endpoint + "?");
        setMessage("The server identified itself with a certificate that is not in your trust list. Trust it only if the "
                + "thumbprint matches the one the server's administrator gave you.");
        Composite area = new Composite((Composite) super.createDialogArea(parent), SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(area);
        GridLayoutFactory.swtDefaults().numColumns(2).applyTo(area);
        field(area, "Subject:", certificate.subject(), "certificate.subject");
        field(area, "Issuer:", issuer, "certificate.issuer");
        field(area, "SHA-1 thumbprint:", thumbprint(certificate.thumbprint()), "certificate.thumbprint");
        field(area, "Valid from:", certificate.validFrom(), "certificate.from");
        field(area, "Valid to:", certificate.validTo(), "certificate.to");
        return area;
    }

    /** Read-only text so the thumbprint can be copied and compared. */
    private static void field(Composite area, String caption, String value, String key) {
        new Label(area, SWT.NONE).setText(caption);
        Text text = new Text(area, SWT.READ_ONLY | SWT.WRAP);
        text.setText(value == null ? "" : value);
        text.setData(FabricaUi.WIDGET_KEY, key);
        GridDataFactory.fillDefaults().grab(true, false).hint(460, SWT.DEFAULT).applyTo(text);
    }

    private static String thumbprint(String hex) {
        StringBuilder grouped = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) {
            grouped.append(i > 0 ? ":" : "").append(hex, i, Math.min(hex.length(), i + 2));
        }
        return grouped.toString().toUpperCase(java.util.Locale.ROOT);
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.OK_ID, "Trust permanently", false).setData(FabricaUi.WIDGET_KEY, "certificate.trust");
        createButton(parent, IDialogConstants.CANCEL_ID, "Reject", true).setData(FabricaUi.WIDGET_KEY, "certificate.reject");
    }
}
