package io.fabrica.core;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * Identity of the running Fabrica installation: product name and version, as shown by
 * {@code fabrica --version}, the runtime's ready line and the workbench's about text.
 *
 * <p>The version is the version of this bundle, so every product reports the version of the
 * code it actually runs. Outside an OSGi framework (plain unit tests) it is {@code "dev"}.
 */
public final class Fabrica {

    /** Product name as shown to users. */
    public static final String NAME = "Fabrica";

    private Fabrica() {
    }

    /**
     * Returns the installed version, e.g. {@code 0.1.0.202611221200}.
     *
     * @return the version of the io.fabrica.core bundle, or {@code "dev"} when not running in OSGi
     */
    public static String version() {
        Bundle bundle = FrameworkUtil.getBundle(Fabrica.class);
        return bundle == null ? "dev" : bundle.getVersion().toString();
    }

    /**
     * Returns a one-line description of name, version and Java runtime, for logs and {@code --version}.
     *
     * @return for example {@code "Fabrica 0.1.0.2026 (Java 25.0.3, Eclipse Adoptium)"}
     */
    public static String banner() {
        return NAME + " " + version() + " (Java " + Runtime.version() + ", "
                + System.getProperty("java.vendor", "unknown vendor") + ")";
    }
}
