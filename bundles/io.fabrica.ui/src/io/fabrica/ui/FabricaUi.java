package io.fabrica.ui;

/** Identifiers of the Fabrica workbench that other UI bundles and tests refer to. */
public final class FabricaUi {

    /** The Engineering perspective: Project Explorer, editors, Properties, Problems, Progress, Console. */
    public static final String ENGINEERING_PERSPECTIVE = "io.fabrica.ui.perspective.engineering";

    /** The workbench application id (product {@code io.fabrica.ui.product}). */
    public static final String APPLICATION = "io.fabrica.ui.application";

    private FabricaUi() {
    }
}
