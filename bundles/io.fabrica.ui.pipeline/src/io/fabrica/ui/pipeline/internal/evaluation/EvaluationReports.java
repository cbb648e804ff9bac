package io.fabrica.ui.pipeline.internal.evaluation;

import java.nio.file.Path;
import java.util.Locale;

import org.eclipse.core.resources.IFile;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;

import io.fabrica.pipeline.evaluation.ReportWriter;

/** The Evaluation view's report chores: its status line for a result, choosing a report file, opening the HTML report. */
final class EvaluationReports {

    private EvaluationReports() {
    }

    /** @return the status line for a result: decisions, F1, ROC AUC, inspection figures, where the report is */
    static String describe(EvaluationResult r) {
        String name = r.pipeline() != null ? r.pipeline().getName() : r.report().pipeline();
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%s: %d decisions (%d labelled), F1 %s, ROC AUC %s", name,
                r.report().decisions(), r.report().labelled(), ratio(r.report().f1()), ratio(r.report().rocAuc())));
        if (r.pipeline() == null) {
            text.append(". Opened from ").append(r.reportDir()).append(": evaluate here to see decisions with their reasons.");
        } else {
            if (r.decisionsSeen() > r.decisions().size()) {
                text.append(String.format(Locale.ROOT, ". Listing %d of %d decisions (all alarms first kept)", r.decisions().size(),
                        r.decisionsSeen()));
            }
            if (r.inspection() != null) {
                text.append(String.format(Locale.ROOT, ", pixel ROC AUC %s, recall %s at <=1 %% false rejects; select a rejected part to see its heatmap",
                        ratio(r.inspection().pixelAuroc()), ratio(r.inspection().recallAtOnePercent())));
            }
            text.append(". Report: ").append(r.reportDir().resolve(ReportWriter.HTML_FILE));
        }
        return text.toString();
    }

    private static String ratio(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "n/a";
    }

    /**
     * @param shell the dialog's parent
     * @param pipeline the pipeline being evaluated, to start beside it; may be null
     * @return the chosen {@code report.json}, or null if cancelled
     */
    static Path choose(Shell shell, IFile pipeline) {
        FileDialog dialog = new FileDialog(shell, SWT.OPEN);
        dialog.setText("Open Evaluation Report");
        dialog.setFilterExtensions(new String[] {"report.json", "*.json"});
        if (pipeline != null && pipeline.getParent().getLocation() != null) {
            dialog.setFilterPath(pipeline.getParent().getLocation().toOSString());
        }
        String chosen = dialog.open();
        return chosen == null ? null : Path.of(chosen);
    }

    /** @return null when the report opened in the external browser, else what went wrong */
    static String browse(Path html) {
        try {
            PlatformUI.getWorkbench().getBrowserSupport().getExternalBrowser().openURL(html.toUri().toURL());
            return null;
        } catch (PartInitException | java.net.MalformedURLException e) {
            return "Cannot open a browser on " + html + ": " + e.getMessage();
        }
    }
}
