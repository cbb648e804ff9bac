package io.fabrica.pipeline.djl.anomaly;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.fabrica.pipeline.Connection;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.Port;
import io.fabrica.pipeline.PortDirection;
import io.fabrica.pipeline.Stage;
import io.fabrica.pipeline.api.Frame;
import io.fabrica.pipeline.api.InferenceSession;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.data.Dataset;
import io.fabrica.pipeline.data.MissingValues;
import io.fabrica.pipeline.engine.CompileOptions;
import io.fabrica.pipeline.engine.CompiledPipeline;
import io.fabrica.pipeline.engine.DatasetReplay;
import io.fabrica.pipeline.engine.PipelineEngine;
import io.fabrica.pipeline.engine.ReplayProgress;
import io.fabrica.pipeline.validation.PipelinePaths;

/** The images captured at the stage's input: 8-bit planar copies (a 1080p crop in floats would not fit many). */
final class CapturedImages {
    final List<byte[]> pixels = new ArrayList<>();
    final List<String> labels = new ArrayList<>();
    int width;
    int height;
    int channels;

    int size() {
        return pixels.size();
    }

    int channels() {
        return channels;
    }

    List<Integer> good() {
        List<Integer> good = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            if (AnomalyTraining.GOOD_LABELS.contains(labels.get(i))) {
                good.add(i);
            }
        }
        return good;
    }

    Map<String, Integer> labelCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        labels.forEach(l -> counts.merge(l.isEmpty() ? "<unlabelled>" : l, 1, Integer::sum));
        return counts;
    }

    float[] image(int i, float[] into) {
        byte[] p = pixels.get(i);
        for (int k = 0; k < p.length; k++) {
            into[k] = (p[k] & 0xFF) / 255f;
        }
        return into;
    }

    void add(Frame frame, String path) {
        int w = frame.width();
        int h = frame.height();
        int c = frame.channels();
        if (size() == 0) {
            width = w;
            height = h;
            channels = c;
        } else if (w != width || h != height || c != channels) {
            throw new IllegalStateException(path + ": received a " + w + "x" + h + "x" + c + " image after " + width + "x" + height + "x"
                    + channels + " ones; resize them to one size before this stage");
        }
        float[] v = frame.values();
        byte[] p = new byte[w * h * c];
        for (int k = 0; k < p.length; k++) {
            p[k] = (byte) Math.round(Math.max(0, Math.min(1, v[k])) * 255);
        }
        pixels.add(p);
        labels.add(frame.label());
    }

    /**
     * Replays a dataset through the part of the pipeline before a stage and keeps the images that reach it.
     *
     * @param engine the pipeline engine
     * @param pipeline the pipeline
     * @param base the pipeline's folder
     * @param stage the stage whose input is captured
     * @param dataset the dataset
     * @return the images with their labels, in time order
     * @throws PipelineException if the stage's input is not connected, the images differ in size or none arrives
     * @throws IOException if the dataset cannot be read
     */
    static CapturedImages capture(PipelineEngine engine, Pipeline pipeline, Path base, Stage stage, Dataset dataset)
            throws PipelineException, IOException {
        Port in = stage.getPorts().stream().filter(p -> p.getDirection() == PortDirection.IN).findFirst()
                .orElseThrow(() -> new PipelineException(PipelinePaths.of(stage) + ": has no input"));
        Connection feed = pipeline.getConnections().stream().filter(c -> c.getTarget() == in && c.getSource() != null).findFirst()
                .orElseThrow(() -> new PipelineException(PipelinePaths.of(stage) + ": its input is not connected"));
        Stage feeder = (Stage) feed.getSource().eContainer();
        int slot = feeder.getPorts().stream().filter(p -> p.getDirection() == PortDirection.OUT).toList().indexOf(feed.getSource());
        CapturedImages captured = new CapturedImages();
        String path = PipelinePaths.of(stage);
        try (CompiledPipeline graph = engine.compile(pipeline, base, CompileOptions.without(Set.of(stage)))) {
            graph.tap(feeder, slot, frame -> captured.add(frame, path));
            DatasetReplay.replay(dataset, graph, MissingValues.FORWARD_FILL, ReplayProgress.NONE);
        } catch (IllegalStateException e) {
            throw new PipelineException(e.getMessage(), e);
        }
        if (captured.size() == 0) {
            throw new PipelineException(dataset.dir() + ": replaying it produced no image for " + path);
        }
        return captured;
    }

    /**
     * Opens a model in the engine's ONNX Runtime, the engine the pipeline runs it on, so that what a
     * trainer scores or checks is what the pipeline will compute.
     *
     * @throws PipelineException if no ONNX Runtime engine is installed or the model cannot be loaded
     */
    static InferenceSession onnxRuntime(PipelineEngine engine, Path modelFile) throws PipelineException {
        return engine.inferenceEngines().stream().filter(e -> e.name().equalsIgnoreCase("OnnxRuntime")).findFirst()
                .orElseThrow(() -> new PipelineException(modelFile + ": no ONNX Runtime engine is installed")).open(modelFile);
    }
}
