package io.fabrica.ui.pipeline.internal.evaluation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

import org.eclipse.core.resources.IContainer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.ui.progress.IProgressConstants;

import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.engine.PipelineEvaluation;
import io.fabrica.pipeline.engine.ReplayProgress;
import io.fabrica.ui.pipeline.internal.training.Problems;
import io.fabrica.ui.pipeline.internal.training.WorkbenchPipelineEngine;

/**
 * Evaluates a trained pipeline on a labelled dataset in the background, as {@code fabrica evaluate
 * --report} does, and also keeps the decisions with their reasons for the view (the report holds only
 * the downsampled timeline). The whole pipeline runs over the recording as it would live; every
 * decision goes to an {@link Evaluator}, every stage is timed; the report is written to {@code
 * reports/<dataset>/} beside the pipeline and refreshed in the workspace.
 *
 * <p>Threads: runs on a job thread; {@code done} is called once on that thread with the result or the
 * problem. Cancelling stops the replay within a few hundred values; nothing is written then.
 */
public final class EvaluationJob extends Job {

    /** Job family of every evaluation job. */
    public static final Object FAMILY = EvaluationJob.class;

    /** Progress resolution of the replay. */
    private static final int TICKS = 1000;

    private final IFile pipeline;
    private final Path dataset;
    private final Consumer<Outcome> done;

    /**
     * How an evaluation ended: a result, or a cancellation or problem ({@code result} null).
     *
     * @param result what to show, or null
     * @param cancelled whether the user cancelled
     * @param message the problem, or null
     */
    public record Outcome(EvaluationResult result, boolean cancelled, String message) {
    }

    /**
     * @param pipeline a trained pipeline of the workspace
     * @param dataset a labelled dataset folder
     * @param done told once how it ended (job thread)
     */
    public EvaluationJob(IFile pipeline, Path dataset, Consumer<Outcome> done) {
        super("Evaluating " + pipeline.getName());
        this.pipeline = pipeline;
        this.dataset = dataset;
        this.done = done;
        setPriority(LONG);
        setProperty(IProgressConstants.NO_IMMEDIATE_ERROR_PROMPT_PROPERTY, Boolean.TRUE);
    }

    @Override
    public boolean belongsTo(Object family) {
        return family == FAMILY;
    }

    /** @return the folder the report of a pipeline on a dataset goes to: {@code reports/<dataset>} beside the pipeline */
    public static IContainer reportFolder(IFile pipeline, Path dataset) {
        return pipeline.getParent().getFolder(new org.eclipse.core.runtime.Path("reports").append(dataset.getFileName().toString()));
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        monitor.beginTask("Evaluating " + pipeline.getName() + " on " + dataset.getFileName(), TICKS + 1);
        try {
            EvaluationResult result = evaluate(monitor);
            done.accept(new Outcome(result, false, null));
            return Status.OK_STATUS;
        } catch (CancellationException e) {
            done.accept(new Outcome(null, true, null));
            return Status.CANCEL_STATUS;
        } catch (Exception | LinkageError e) {
            if (monitor.isCanceled()) {
                done.accept(new Outcome(null, true, null));
                return Status.CANCEL_STATUS;
            }
            String message = Problems.readable(e);
            Platform.getLog(EvaluationJob.class).error("Evaluating " + pipeline.getFullPath() + " on " + dataset + " failed", e);
            done.accept(new Outcome(null, false, message));
            return Status.error("Evaluating " + pipeline.getName() + " failed: " + message);
        } finally {
            monitor.done();
        }
    }

    /**
     * The same run as {@code fabrica evaluate --report} ({@link PipelineEvaluation#evaluateAll}), keeping
     * the decisions for the table; an inspection pipeline also brings its pixel figures and heatmaps.
     */
    private EvaluationResult evaluate(IProgressMonitor monitor) throws PipelineException, IOException {
        Path file = pipeline.getLocation().toFile().toPath();
        DecisionCollector collector = new DecisionCollector();
        IContainer folder = reportFolder(pipeline, dataset);
        Path reportDir = folder.getLocation().toFile().toPath();
        PipelineEvaluation.Evaluated evaluated = PipelineEvaluation.evaluateAll(WorkbenchPipelineEngine.create(), file, dataset, reportDir,
                progress(monitor), collector::add);
        monitor.subTask("Refreshing " + folder.getFullPath().makeRelative());
        refresh(folder);
        monitor.worked(1);
        return new EvaluationResult(evaluated.report(), collector.kept(), collector.seen(), pipeline, reportDir, evaluated.inspection());
    }

    private static ReplayProgress progress(IProgressMonitor monitor) {
        return new ReplayProgress() {
            private int reported;

            @Override
            public void worked(long done, long total) {
                int now = total <= 0 ? 0 : (int) Math.min(TICKS, done * TICKS / total);
                if (now > reported) {
                    monitor.worked(now - reported);
                    reported = now;
                    monitor.subTask(String.format(java.util.Locale.ROOT, "replayed %d of %d values", done, total));
                }
            }

            @Override
            public boolean cancelled() {
                return monitor.isCanceled();
            }
        };
    }

    /** Makes the report appear in the Project Explorer; the decision log of the pipeline too. */
    private void refresh(IContainer reportFolder) {
        try {
            pipeline.getParent().refreshLocal(IResource.DEPTH_INFINITE, null);
        } catch (CoreException e) {
            Platform.getLog(EvaluationJob.class).warn("Could not refresh " + reportFolder.getFullPath() + ": " + e.getMessage());
        }
    }
}
