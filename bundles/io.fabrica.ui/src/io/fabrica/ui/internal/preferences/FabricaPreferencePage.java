package io.fabrica.ui.internal.preferences;

import org.eclipse.jface.preference.ComboFieldEditor;
import org.eclipse.jface.preference.DirectoryFieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.preference.IntegerFieldEditor;
import org.eclipse.jface.preference.StringFieldEditor;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;
import org.eclipse.ui.preferences.ScopedPreferenceStore;
import org.eclipse.core.runtime.preferences.InstanceScope;

import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.model.plant.SecurityMode;
import io.fabrica.model.plant.SecurityPolicy;
import io.fabrica.pipeline.djl.training.TrainingOptions;
import io.fabrica.ui.FabricaPreferences;

/**
 * Window &gt; Preferences &gt; Fabrica: the default OPC UA security for new connections, the PKI folder,
 * and the DJL training options. Field editors validate ranges before anything is stored.
 */
public final class FabricaPreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {

    public FabricaPreferencePage() {
        super(GRID);
        setDescription("Defaults for device connections and model training.");
    }

    @Override
    public void init(IWorkbench workbench) {
        ScopedPreferenceStore store = new ScopedPreferenceStore(InstanceScope.INSTANCE, FabricaPreferences.NODE);
        TrainingOptions d = TrainingOptions.defaults();
        store.setDefault(FabricaPreferences.SECURITY_POLICY, SecurityPolicy.BASIC256_SHA256.getName());
        store.setDefault(FabricaPreferences.SECURITY_MODE, SecurityMode.SIGN_AND_ENCRYPT.getName());
        store.setDefault(FabricaPreferences.PKI_DIRECTORY, "");
        store.setDefault(FabricaPreferences.TRAINING_SEED, (int) d.seed());
        store.setDefault(FabricaPreferences.TRAINING_MAX_EPOCHS, d.maxEpochs());
        store.setDefault(FabricaPreferences.TRAINING_PATIENCE, d.patience());
        store.setDefault(FabricaPreferences.TRAINING_BATCH_SIZE, d.batchSize());
        store.setDefault(FabricaPreferences.TRAINING_LEARNING_RATE, String.valueOf(d.learningRate()));
        setPreferenceStore(store);
    }

    @Override
    protected void createFieldEditors() {
        addField(new ComboFieldEditor(FabricaPreferences.SECURITY_POLICY, "Default security &policy:",
                SecurityPolicy.VALUES.stream().map(p -> new String[] {p.getLiteral(), p.getName()}).toArray(String[][]::new),
                getFieldEditorParent()));
        addField(new ComboFieldEditor(FabricaPreferences.SECURITY_MODE, "Default security &mode:",
                SecurityMode.VALUES.stream().map(m -> new String[] {m.getLiteral(), m.getName()}).toArray(String[][]::new),
                getFieldEditorParent()));
        DirectoryFieldEditor pki = new DirectoryFieldEditor(FabricaPreferences.PKI_DIRECTORY, "P&KI folder:", getFieldEditorParent());
        pki.setEmptyStringAllowed(true);
        addField(pki);
        note("Empty: " + ConnectionSpec.defaultPkiDirectory() + ". Trusted and rejected server certificates are kept there.");

        addField(range(FabricaPreferences.TRAINING_SEED, "Training &seed:", 0, Integer.MAX_VALUE));
        addField(range(FabricaPreferences.TRAINING_MAX_EPOCHS, "Maximum &epochs:", 1, 100_000));
        addField(range(FabricaPreferences.TRAINING_PATIENCE, "Early-stop pa&tience (epochs):", 1, 10_000));
        addField(range(FabricaPreferences.TRAINING_BATCH_SIZE, "&Batch size:", 1, 65_536));
        addField(new LearningRateEditor(getFieldEditorParent()));
        note("DJL always runs offline: engines come from the installed bundles, nothing is downloaded.");
    }

    @Override
    public boolean performOk() {
        boolean ok = super.performOk();
        if (ok && getPreferenceStore() instanceof ScopedPreferenceStore store && store.needsSaving()) {
            try {
                store.save(); // written now, not only when the workbench closes
            } catch (java.io.IOException e) {
                setErrorMessage("The preferences could not be saved: " + e.getMessage());
                return false;
            }
        }
        return ok;
    }

    private IntegerFieldEditor range(String key, String label, int min, int max) {
        IntegerFieldEditor editor = new IntegerFieldEditor(key, label, getFieldEditorParent());
        editor.setValidRange(min, max);
        return editor;
    }

    private void note(String text) {
        Label label = new Label(getFieldEditorParent(), SWT.WRAP);
        label.setText(text);
        label.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 3, 1));
    }

    /** A positive, finite float. */
    private static final class LearningRateEditor extends StringFieldEditor {
        LearningRateEditor(org.eclipse.swt.widgets.Composite parent) {
            super(FabricaPreferences.TRAINING_LEARNING_RATE, "&Learning rate:", parent);
            setErrorMessage("The learning rate must be a positive number, e.g. 0.001");
        }

        @Override
        protected boolean doCheckState() {
            try {
                float v = Float.parseFloat(getStringValue().strip());
                return v > 0 && Float.isFinite(v);
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }
}
