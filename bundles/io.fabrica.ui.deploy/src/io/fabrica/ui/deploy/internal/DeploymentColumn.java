package io.fabrica.ui.deploy.internal;

import java.util.Locale;
import java.util.function.Function;

import io.fabrica.deploy.api.DeploymentStatus;

/**
 * The columns of the runtimes tree and what each shows for a runtime row and for a deployment row. A
 * runtime row shows its endpoint, reachability and (when unreachable) the reason; a deployment row the
 * values its runtime published.
 */
enum DeploymentColumn {

    /** Runtime endpoint, or the deployment's pipeline name and id. */
    NAME("Name", 260, r -> r.toString(), s -> s.name().isEmpty() ? s.id() : s.name() + "  [" + s.id() + "]"),
    /** Reachability, or the deployment state. */
    STATE("State", 110, r -> switch (r.reachability().kind()) {
        case CHECKING -> "Checking…";
        case ONLINE -> "Online";
        case UNREACHABLE -> "Unreachable";
    }, DeploymentStatus::state),
    /** Installed version. */
    VERSION("Version", 70, r -> "", DeploymentStatus::version),
    /** Last decision with its reasons. */
    LAST_DECISION("Last decision", 220, r -> "", DeploymentStatus::lastDecision),
    /** Decisions since start. */
    DECISIONS("Decisions", 80, r -> r.deployments().size() + " deployment(s)", s -> Long.toString(s.decisionCount())),
    /** Latency median / 99th percentile. */
    LATENCY("Latency p50/p99", 120, r -> "", s -> micros(s.latencyP50Micros()) + " / " + micros(s.latencyP99Micros())),
    /** The runtime's unreachability reason, or the deployment's last error. */
    LAST_ERROR("Last error", 320, r -> r.reachability().reason(), DeploymentStatus::lastError);

    private final String title;
    private final int width;
    private final Function<RuntimeEntry, String> runtimeText;
    private final Function<DeploymentStatus, String> deploymentText;

    DeploymentColumn(String title, int width, Function<RuntimeEntry, String> runtimeText, Function<DeploymentStatus, String> deploymentText) {
        this.title = title;
        this.width = width;
        this.runtimeText = runtimeText;
        this.deploymentText = deploymentText;
    }

    String title() {
        return title;
    }

    int width() {
        return width;
    }

    /** @return the cell text of a tree element ({@link RuntimeEntry} or {@link DeploymentRow}) */
    String text(Object element) {
        if (element instanceof RuntimeEntry r) {
            return runtimeText.apply(r);
        }
        if (element instanceof DeploymentRow row) {
            return row.status().map(deploymentText).orElse("");
        }
        return "";
    }

    private static String micros(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.0f µs", value) : "–";
    }
}
