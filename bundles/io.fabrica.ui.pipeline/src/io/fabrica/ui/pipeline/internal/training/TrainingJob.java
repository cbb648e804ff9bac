package io.fabrica.ui.pipeline.internal.training;

import java.nio.file.Path;
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

import io.fabrica.pipeline.data.Dataset;
import io.fabrica.pipeline.data.ImageFolder;
import io.fabrica.pipeline.djl.PipelineTraining;
import io.fabrica.pipeline.djl.anomaly.AnomalyTraining;
import io.fabrica.pipeline.resource.PipelineFiles;
import io.fabrica.pipeline.djl.training.TrainingOptions;
import io.fabrica.pipeline.djl.training.TrainingProgress;

/**
 * Trains one pipeline on one dataset in the background, as {@code fabrica train} does: the model
 * folder is {@code models/<name>} beside the pipeline and is refreshed in the workspace afterwards.
 * The Progress view shows {@code epoch 12/200 loss 0.0213}; cancelling stops at the next batch and
 * keeps the previous model (the headless training only swaps in a complete folder).
 *
 * <p>Threads: runs on a job thread; the listeners are called on that thread (epochs as they finish,
 * then the outcome exactly once) and must hand work to the UI thread themselves. Errors do not pop up
 * the workbench's generic dialog: the job's result carries the readable message, and the outcome lets
 * the view show it.
 */
public final class TrainingJob extends Job {

    /** Job family of every training job (for tests and "cancel all trainings"). */
    public static final Object FAMILY = TrainingJob.class;

    private final IFile pipeline;
    private final Path dataset;
    private final TrainingOptions options;
    private final Consumer<EpochLoss> epochs;
    private final Consumer<TrainingOutcome> done;

    /**
     * @param pipeline the pipeline file of the workspace to train
     * @param dataset the recorded dataset folder
     * @param options the training options (from the preferences)
     * @param epochs told after every epoch (job thread)
     * @param done told once how the job ended (job thread)
     */
    public TrainingJob(IFile pipeline, Path dataset, TrainingOptions options, Consumer<EpochLoss> epochs, Consumer<TrainingOutcome> done) {
        super("Training " + pipeline.getName());
        this.pipeline = pipeline;
        this.dataset = dataset;
        this.options = options;
        this.epochs = epochs;
        this.done = done;
        setPriority(LONG);
        // the view shows the problem and its own dialog; the workbench's dialog would repeat it
        setProperty(IProgressConstants.NO_IMMEDIATE_ERROR_PROMPT_PROPERTY, Boolean.TRUE);
    }

    @Override
    public boolean belongsTo(Object family) {
        return family == FAMILY;
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        long start = System.nanoTime();
        IContainer modelFolder = WorkspacePipelines.modelFolder(pipeline);
        // one unit for capturing the model's input from the dataset, one per epoch
        monitor.beginTask("Training " + pipeline.getName(), options.maxEpochs() + 1);
        try {
            TrainingOutcome trained = AnomalyTraining.applies(PipelineFiles.load(location(pipeline))) ? trainFromGoodParts(monitor, start)
                    : trainModel(monitor, start);
            refresh(modelFolder, monitor);
            done.accept(trained);
            return Status.OK_STATUS;
        } catch (Exception | LinkageError e) {
            // LinkageError: DJL's native libraries may fail to load; that must not stay silent either
            if (monitor.isCanceled()) {
                done.accept(outcome(TrainingOutcome.Kind.CANCELLED, modelFolder, null, start, null));
                return Status.CANCEL_STATUS;
            }
            String message = Problems.readable(e);
            Platform.getLog(TrainingJob.class).error("Training " + pipeline.getFullPath() + " on " + dataset + " failed", e);
            done.accept(outcome(TrainingOutcome.Kind.FAILED, modelFolder, null, start, message));
            return Status.error("Training " + pipeline.getName() + " failed: " + message);
        } finally {
            monitor.done();
        }
    }

    private TrainingOutcome trainModel(IProgressMonitor monitor, long start) throws Exception {
        monitor.subTask("Capturing the model's input from " + dataset.getFileName());
        IContainer modelFolder = WorkspacePipelines.modelFolder(pipeline);
        PipelineTraining.Trained trained = PipelineTraining.train(WorkbenchPipelineEngine.create(), location(pipeline), dataset,
                location(modelFolder), options, monitor::subTask, progress(monitor));
        return outcome(TrainingOutcome.Kind.TRAINED, modelFolder, trained, start, null);
    }

    /**
     * An inspection pipeline learns from the good images of the dataset (an image folder's {@code
     * train/} part or a recording), as {@code fabrica train} does; no epochs, so the progress is its log.
     */
    private TrainingOutcome trainFromGoodParts(IProgressMonitor monitor, long start) throws Exception {
        IContainer modelFolder = WorkspacePipelines.modelFolder(pipeline);
        monitor.subTask("Reading the good images of " + dataset.getFileName());
        AnomalyTraining.Trained trained = AnomalyTraining.train(WorkbenchPipelineEngine.create(), location(pipeline),
                Dataset.open(dataset, ImageFolder.Part.TRAIN), location(modelFolder), options.seed(), monitor::subTask);
        monitor.worked(options.maxEpochs() + 1);
        return new TrainingOutcome(TrainingOutcome.Kind.TRAINED, pipeline, modelFolder, null, trained, (System.nanoTime() - start) / 1e9, null);
    }

    private TrainingProgress progress(IProgressMonitor monitor) {
        return new TrainingProgress() {
            @Override
            public void epoch(int epoch, int maxEpochs, double trainLoss, double validationLoss) {
                EpochLoss loss = new EpochLoss(epoch, maxEpochs, trainLoss, validationLoss);
                if (epoch == 1) {
                    monitor.worked(1); // capturing is over once the first epoch is done
                }
                monitor.subTask(loss.describe());
                monitor.worked(1);
                epochs.accept(loss);
            }

            @Override
            public boolean cancelled() {
                return monitor.isCanceled();
            }
        };
    }

    private TrainingOutcome outcome(TrainingOutcome.Kind kind, IContainer modelFolder, PipelineTraining.Trained trained, long start,
            String message) {
        return new TrainingOutcome(kind, pipeline, modelFolder, trained, null, (System.nanoTime() - start) / 1e9, message);
    }

    private static Path location(IResource resource) {
        if (resource.getLocation() == null) {
            throw new IllegalStateException(resource.getFullPath() + " is not on the local file system");
        }
        return resource.getLocation().toFile().toPath();
    }

    /** Makes the model files appear in the Project Explorer; a failed refresh only delays that. */
    private static void refresh(IContainer modelFolder, IProgressMonitor monitor) {
        monitor.subTask("Refreshing " + modelFolder.getFullPath().makeRelative());
        try {
            IContainer models = modelFolder.getParent();
            if (!models.exists()) {
                // a first training created the models folder: let the workspace discover it
                models.getParent().refreshLocal(IResource.DEPTH_ONE, null);
            }
            models.refreshLocal(IResource.DEPTH_INFINITE, null);
        } catch (CoreException e) {
            Platform.getLog(TrainingJob.class).warn("Could not refresh " + modelFolder.getFullPath() + ": " + e.getMessage());
        }
    }
}
