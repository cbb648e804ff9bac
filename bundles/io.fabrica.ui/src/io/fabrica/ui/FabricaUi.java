package io.fabrica.ui;

/** Identifiers of the Fabrica workbench that other UI bundles and tests refer to. */
public final class FabricaUi {

    /** The Engineering perspective: Project Explorer, editors, Properties, Problems, Progress, Console. */
    public static final String ENGINEERING_PERSPECTIVE = "io.fabrica.ui.perspective.engineering";

    /** The Devices perspective: device explorer, plant editor, trend. */
    public static final String DEVICES_PERSPECTIVE = "io.fabrica.ui.perspective.devices";

    /** The Pipelines perspective: pipeline designer, training and evaluation. */
    public static final String PIPELINES_PERSPECTIVE = "io.fabrica.ui.perspective.pipelines";

    /** The Deployment perspective: runtimes and their deployments. */
    public static final String DEPLOYMENT_PERSPECTIVE = "io.fabrica.ui.perspective.deployment";

    /** The workbench application id (product {@code io.fabrica.ui.product}). */
    public static final String APPLICATION = "io.fabrica.ui.application";

    /** Device explorer view ({@code io.fabrica.ui.devices}). */
    public static final String DEVICE_EXPLORER_VIEW = "io.fabrica.ui.devices.explorer";

    /** Trend view ({@code io.fabrica.ui.devices}). */
    public static final String TREND_VIEW = "io.fabrica.ui.devices.trend";

    /** Pipeline designer editor ({@code io.fabrica.ui.pipeline}). */
    public static final String PIPELINE_DESIGNER = "io.fabrica.ui.pipeline.designer";

    /** Training view ({@code io.fabrica.ui.pipeline}). */
    public static final String TRAINING_VIEW = "io.fabrica.ui.pipeline.training";

    /** Evaluation report view ({@code io.fabrica.ui.pipeline}). */
    public static final String EVALUATION_VIEW = "io.fabrica.ui.pipeline.evaluation";

    /** Deployment view ({@code io.fabrica.ui.deploy}). */
    public static final String DEPLOYMENT_VIEW = "io.fabrica.ui.deploy.deployments";

    /** Approvals view: parameter writes held for a person on the runtimes ({@code io.fabrica.ui.deploy}). */
    public static final String APPROVALS_VIEW = "io.fabrica.ui.deploy.approvals";

    /** Key of {@code Widget.setData(key, value)} by which tests and accessibility find a widget. */
    public static final String WIDGET_KEY = "fabrica.widget";

    private FabricaUi() {
    }
}
