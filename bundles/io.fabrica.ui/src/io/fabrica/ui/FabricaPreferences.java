package io.fabrica.ui;

import java.nio.file.Path;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;

import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.model.plant.SecurityMode;
import io.fabrica.model.plant.SecurityPolicy;
import io.fabrica.pipeline.djl.training.TrainingOptions;

/**
 * The workbench preferences (Window &gt; Preferences &gt; Fabrica), read by every Fabrica view. Values
 * live in the instance scope of {@code io.fabrica.ui}; a missing or unreadable value falls back to its
 * default, so a hand-edited preference file never stops the workbench.
 */
public final class FabricaPreferences {

    /** Preference node (the bundle's symbolic name). */
    public static final String NODE = "io.fabrica.ui";
    /** Security policy proposed when connecting to a new endpoint (enum literal name). */
    public static final String SECURITY_POLICY = "securityPolicy";
    /** Security mode proposed when connecting to a new endpoint (enum literal name). */
    public static final String SECURITY_MODE = "securityMode";
    /** Folder of the OPC UA client's certificates and trust lists; empty means the default. */
    public static final String PKI_DIRECTORY = "pkiDirectory";
    /** Training: random seed. */
    public static final String TRAINING_SEED = "training.seed";
    /** Training: most epochs. */
    public static final String TRAINING_MAX_EPOCHS = "training.maxEpochs";
    /** Training: epochs without improvement before stopping early. */
    public static final String TRAINING_PATIENCE = "training.patience";
    /** Training: samples per optimizer step. */
    public static final String TRAINING_BATCH_SIZE = "training.batchSize";
    /** Training: Adam learning rate. */
    public static final String TRAINING_LEARNING_RATE = "training.learningRate";

    private FabricaPreferences() {
    }

    /** @return the instance-scope node the preference page writes */
    public static IEclipsePreferences node() {
        return InstanceScope.INSTANCE.getNode(NODE);
    }

    /** @return the proposed security policy; Basic256Sha256 unless changed */
    public static SecurityPolicy securityPolicy() {
        SecurityPolicy p = SecurityPolicy.getByName(node().get(SECURITY_POLICY, SecurityPolicy.BASIC256_SHA256.getName()));
        return p == null ? SecurityPolicy.BASIC256_SHA256 : p;
    }

    /** @return the proposed security mode; SignAndEncrypt unless changed */
    public static SecurityMode securityMode() {
        SecurityMode m = SecurityMode.getByName(node().get(SECURITY_MODE, SecurityMode.SIGN_AND_ENCRYPT.getName()));
        return m == null ? SecurityMode.SIGN_AND_ENCRYPT : m;
    }

    /** @return the PKI folder: the preference, or {@link ConnectionSpec#defaultPkiDirectory()} */
    public static Path pkiDirectory() {
        String folder = node().get(PKI_DIRECTORY, "").strip();
        return folder.isEmpty() ? ConnectionSpec.defaultPkiDirectory() : Path.of(folder);
    }

    /** @return the training options from the preferences, defaults where a value is missing or out of range */
    public static TrainingOptions trainingOptions() {
        TrainingOptions d = TrainingOptions.defaults();
        IEclipsePreferences n = node();
        try {
            return new TrainingOptions(n.getLong(TRAINING_SEED, d.seed()), n.getInt(TRAINING_MAX_EPOCHS, d.maxEpochs()),
                    n.getInt(TRAINING_PATIENCE, d.patience()), d.validationFraction(),
                    n.getInt(TRAINING_BATCH_SIZE, d.batchSize()), n.getFloat(TRAINING_LEARNING_RATE, d.learningRate()));
        } catch (IllegalArgumentException outOfRange) {
            return d;
        }
    }
}
