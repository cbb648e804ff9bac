package io.fabrica.pipeline.resource;

import java.util.List;

import io.fabrica.model.plant.DataType;
import io.fabrica.model.plant.ProcessParameter;
import io.fabrica.model.plant.Signal;
import io.fabrica.pipeline.AlarmSink;
import io.fabrica.pipeline.Connection;
import io.fabrica.pipeline.DecisionKind;
import io.fabrica.pipeline.DecisionLogSink;
import io.fabrica.pipeline.DecisionStage;
import io.fabrica.pipeline.Engine;
import io.fabrica.pipeline.ExplainStage;
import io.fabrica.pipeline.ExplanationMethod;
import io.fabrica.pipeline.Feature;
import io.fabrica.pipeline.FeatureStage;
import io.fabrica.pipeline.ImagePreprocessStage;
import io.fabrica.pipeline.ModelStage;
import io.fabrica.pipeline.NormalizeStage;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.PipelineFactory;
import io.fabrica.pipeline.Port;
import io.fabrica.pipeline.PortDirection;
import io.fabrica.pipeline.PortType;
import io.fabrica.pipeline.SignalSource;
import io.fabrica.pipeline.Stage;
import io.fabrica.pipeline.WindowStage;
import io.fabrica.pipeline.WriteSignalSink;
import io.fabrica.pipeline.features.FeatureExtractor;

/**
 * Builds pipelines in code with the ports each stage kind needs (for tests, examples and vendor tools;
 * the workbench edits pipelines through commands instead). Stages are laid out left to right.
 * Not thread-safe. The result is not validated: run {@code PipelineValidation} on it.
 */
public final class PipelineBuilder {

    private static final PipelineFactory F = PipelineFactory.eINSTANCE;
    private final Pipeline pipeline = F.createPipeline();

    /**
     * @param name the pipeline's name
     */
    public PipelineBuilder(String name) {
        pipeline.setName(name);
        pipeline.setVersion("1");
    }

    /** @return the pipeline built so far */
    public Pipeline pipeline() {
        return pipeline;
    }

    /**
     * A source reading a plant signal; its output type follows the signal (Window for arrays, Image, else Scalar).
     *
     * @param name stage name
     * @param signal the plant signal
     * @return the stage
     */
    public SignalSource source(String name, Signal signal) {
        SignalSource s = F.createSignalSource();
        s.setSignal(signal);
        PortType type = signal.getDataType() == DataType.NUMBER_ARRAY ? PortType.WINDOW
                : signal.getDataType() == DataType.IMAGE ? PortType.IMAGE : PortType.SCALAR;
        int size = type == PortType.WINDOW ? signal.getArrayLength() : type == PortType.SCALAR ? 1 : 0;
        return add(s, name, null, out(type, size));
    }

    /**
     * A window stage over scalars.
     *
     * @param name stage name
     * @param size samples per window
     * @param hop samples between window starts
     * @return the stage
     */
    public WindowStage window(String name, int size, int hop) {
        WindowStage s = F.createWindowStage();
        s.setSize(size);
        s.setHop(hop);
        return add(s, name, List.of(in(PortType.SCALAR, 1)), out(PortType.WINDOW, size));
    }

    /**
     * A feature stage.
     *
     * @param name stage name
     * @param windowLength samples per input window
     * @param bands FFT bands (if {@link Feature#FFT_BAND_ENERGY} is among the features)
     * @param features the features in order
     * @return the stage
     */
    public FeatureStage features(String name, int windowLength, int bands, Feature... features) {
        FeatureStage s = F.createFeatureStage();
        s.getFeatures().addAll(List.of(features));
        s.setFftBands(bands);
        return add(s, name, List.of(in(PortType.WINDOW, windowLength)), out(PortType.VECTOR, FeatureExtractor.dimensionOf(s)));
    }

    /**
     * A normalize stage that concatenates its inputs (statistics are fitted by training).
     *
     * @param name stage name
     * @param inputs the type and size of each input, as pairs: {@code PortType.VECTOR, 13, PortType.SCALAR, 1}
     * @return the stage
     */
    public NormalizeStage normalize(String name, Object... inputs) {
        NormalizeStage s = F.createNormalizeStage();
        int total = 0;
        java.util.List<Port> ins = new java.util.ArrayList<>();
        for (int i = 0; i < inputs.length; i += 2) {
            int size = (Integer) inputs[i + 1];
            ins.add(in((PortType) inputs[i], size));
            total += size;
        }
        return add(s, name, ins, out(PortType.VECTOR, total));
    }

    /**
     * An image preprocessing stage.
     *
     * @param name stage name
     * @param width output width
     * @param height output height
     * @param crop {@code x, y, width, height} of the region to keep, or empty for the whole image
     * @return the stage (gray, mean 0.5, deviation 0.25)
     */
    public ImagePreprocessStage image(String name, int width, int height, int... crop) {
        ImagePreprocessStage s = F.createImagePreprocessStage();
        s.setWidth(width);
        s.setHeight(height);
        s.setGrayscale(true);
        s.setMean(0.5);
        s.setDeviation(0.25);
        if (crop.length == 4) {
            s.setCropX(crop[0]);
            s.setCropY(crop[1]);
            s.setCropWidth(crop[2]);
            s.setCropHeight(crop[3]);
        }
        return add(s, name, List.of(in(PortType.IMAGE, 0)), out(PortType.IMAGE, width * height));
    }

    /**
     * A model stage on ONNX Runtime; the model file is set by training.
     *
     * @param name stage name
     * @param inputSize values per input sample
     * @param outputSize values per output sample
     * @return the stage
     */
    public ModelStage model(String name, int inputSize, int outputSize) {
        ModelStage s = F.createModelStage();
        s.setEngine(Engine.ONNX_RUNTIME);
        return add(s, name, List.of(in(PortType.TENSOR, inputSize)), out(PortType.VECTOR, outputSize));
    }

    /**
     * A source that replays the images of a dataset (an image folder) rather than reading a plant signal.
     *
     * @param name stage name
     * @param path the dataset folder, for people reading the pipeline
     * @param capacity the most values one image has (width × height × channels)
     * @return the stage
     */
    public io.fabrica.pipeline.DatasetSource imageDataset(String name, String path, int capacity) {
        io.fabrica.pipeline.DatasetSource s = F.createDatasetSource();
        s.setPath(path);
        return add(s, name, null, out(PortType.IMAGE, capacity));
    }

    /**
     * An anomaly stage learnt from good parts (PatchCore): input an image (values 0..1), outputs the
     * image score and the anomaly map; the model file is set by training.
     *
     * @param name stage name
     * @param featureExtractor the pretrained network and its layers, e.g. {@code PP-OCRv4-det:p2o.Add.71,p2o.Add.147}
     * @param tileSize the side of the tiles the network sees
     * @param mapSize values of the anomaly map (the input image's width × height)
     * @return the stage
     */
    public io.fabrica.pipeline.AnomalyStage anomaly(String name, String featureExtractor, int tileSize, int mapSize) {
        io.fabrica.pipeline.AnomalyStage s = F.createAnomalyStage();
        s.setFeatureExtractor(featureExtractor);
        s.setTileSize(tileSize);
        add(s, name, List.of(in(PortType.IMAGE, 0)), out(PortType.VECTOR, 1));
        Port map = out(PortType.IMAGE, mapSize);
        map.setName("map");
        s.getPorts().add(map);
        return s;
    }

    /**
     * A decision stage.
     *
     * @param name stage name
     * @param kind threshold or argmax
     * @param persistence results that must agree before the outcome changes
     * @param classes class names, first = normal
     * @return the stage (threshold 0: fitted by training)
     */
    public DecisionStage decision(String name, DecisionKind kind, int persistence, String... classes) {
        DecisionStage s = F.createDecisionStage();
        s.setKind(kind);
        s.setPersistence(persistence);
        s.getClasses().addAll(List.of(classes));
        return add(s, name, List.of(in(PortType.VECTOR, 0)), out(PortType.DECISION, 0));
    }

    /**
     * An explain stage: input 0 the decision, input 1 the data the model saw.
     *
     * @param name stage name
     * @param method how to explain
     * @param dataType the type of the model's input (Vector or Image)
     * @return the stage
     */
    public ExplainStage explain(String name, ExplanationMethod method, PortType dataType) {
        ExplainStage s = F.createExplainStage();
        s.setMethod(method);
        return add(s, name, List.of(in(PortType.DECISION, 0), in(dataType, 0)), out(PortType.DECISION, 0));
    }

    /**
     * An alarm sink.
     *
     * @param name stage name
     * @param message the alarm text
     * @param severity 1..1000
     * @return the stage
     */
    public AlarmSink alarm(String name, String message, int severity) {
        AlarmSink s = F.createAlarmSink();
        s.setMessage(message);
        s.setSeverity(severity);
        return add(s, name, List.of(in(PortType.DECISION, 0)), null);
    }

    /**
     * A decision log sink.
     *
     * @param name stage name
     * @param path JSON-lines file, relative to the pipeline
     * @return the stage
     */
    public DecisionLogSink log(String name, String path) {
        DecisionLogSink s = F.createDecisionLogSink();
        s.setPath(path);
        return add(s, name, List.of(in(PortType.DECISION, 0)), null);
    }

    /**
     * A sink writing a process parameter.
     *
     * @param name stage name
     * @param target the parameter
     * @return the stage
     */
    public WriteSignalSink write(String name, ProcessParameter target) {
        WriteSignalSink s = F.createWriteSignalSink();
        s.setTarget(target);
        return add(s, name, List.of(in(PortType.SCALAR, 1)), null);
    }

    /**
     * Connects the first output of {@code from} to the first unconnected input of {@code to}.
     *
     * @param from the producing stage
     * @param to the consuming stage
     * @return this builder
     * @throws IllegalArgumentException if {@code from} has no output or {@code to} no free input
     */
    public PipelineBuilder connect(Stage from, Stage to) {
        Port out = from.getPorts().stream().filter(p -> p.getDirection() == PortDirection.OUT).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(from.getName() + " has no output"));
        Port in = to.getPorts().stream().filter(p -> p.getDirection() == PortDirection.IN)
                .filter(p -> pipeline.getConnections().stream().noneMatch(c -> c.getTarget() == p)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(to.getName() + " has no free input"));
        Connection c = F.createConnection();
        c.setSource(out);
        c.setTarget(in);
        pipeline.getConnections().add(c);
        return this;
    }

    private <S extends Stage> S add(S stage, String name, List<Port> inputs, Port output) {
        stage.setName(name);
        stage.setX(40 + 200 * (pipeline.getStages().size() % 6));
        stage.setY(40 + 140 * (pipeline.getStages().size() / 6));
        if (inputs != null) {
            for (int i = 0; i < inputs.size(); i++) {
                inputs.get(i).setName(inputs.size() == 1 ? "in" : "in" + i);
                stage.getPorts().add(inputs.get(i));
            }
        }
        if (output != null) {
            output.setName("out");
            stage.getPorts().add(output);
        }
        pipeline.getStages().add(stage);
        return stage;
    }

    private static Port in(PortType type, int size) {
        return port(PortDirection.IN, type, size);
    }

    private static Port out(PortType type, int size) {
        return port(PortDirection.OUT, type, size);
    }

    private static Port port(PortDirection direction, PortType type, int size) {
        Port p = F.createPort();
        p.setDirection(direction);
        p.setType(type);
        p.setSize(size);
        return p;
    }
}
