package io.fabrica.cli.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.fabrica.devices.sim.quality.MachinedPart;
import io.fabrica.devices.sim.quality.MachiningProcess;
import io.fabrica.pipeline.ModelStage;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.SignalSource;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.engine.CompiledPipeline;

/**
 * The simulated machining cell's parts as the quality pipeline reads them: per part the signals the line
 * knows before it cuts (setpoints, the insert's usage, the material certificate) and, after the cut, the
 * gauge's roughness and diameter. Maps the pipeline's signal sources to these values by signal name.
 */
final class QualityParts {

    /** Trials run by an engineer: a new random feed in a sensible range every so many parts. */
    static final int TRIAL_PARTS = 10;

    /** One part: what the sources read before the cut, and what the gauge measured. */
    record Part(double[] sources, float[] quality, MachinedPart made) {
    }

    private final List<SignalSource> sources;
    private final List<io.fabrica.pipeline.Connection> connections;

    QualityParts(Pipeline pipeline) throws PipelineException {
        this.connections = List.copyOf(pipeline.getConnections());
        this.sources = pipeline.getStages().stream().filter(SignalSource.class::isInstance).map(SignalSource.class::cast).toList();
        for (SignalSource s : sources) {
            value(s, new MachiningProcess(0), 1, 1, 1);
        }
    }

    /** @return the index of a source in the values of a {@link Part}, -1 if it is not one of the pipeline's */
    int sourceIndex(SignalSource source) {
        return sources.indexOf(source);
    }

    /**
     * @return the sources in the order the simulated line publishes them: the part number last, so a new
     *         number finds the part's values, and just before it a source that triggers a stage (the stage
     *         runs on its first input and joins the latest values of the others, which must be the part's)
     */
    List<SignalSource> sources() {
        return sources.stream().sorted(java.util.Comparator.comparingInt(this::pushRank)).toList();
    }

    private int pushRank(SignalSource s) {
        if (isPartNumber(s)) {
            return 2;
        }
        return connections.stream().anyMatch(c -> s.getPorts().contains(c.getSource()) && isFirstInput(c.getTarget())) ? 1 : 0;
    }

    private static boolean isFirstInput(io.fabrica.pipeline.Port port) {
        return port != null && port.eContainer() instanceof io.fabrica.pipeline.Stage stage
                && stage.getPorts().stream().filter(p -> p.getDirection() == io.fabrica.pipeline.PortDirection.IN).findFirst().orElse(null) == port;
    }

    /**
     * @return parts cut during trials, as a process engineer runs them: each insert at one spindle speed
     *         (as in a tool-life test, ISO 3685), and a new feed every {@value #TRIAL_PARTS} parts
     */
    List<Part> trials(long seed, int count) throws PipelineException {
        MachiningProcess process = new MachiningProcess(seed);
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<Part> parts = new ArrayList<>();
        double speed = 12_000;
        double feed = 1_200;
        for (int i = 0; i < count; i++) {
            if (process.partsSinceToolChange() == 0) {
                speed = Math.round(random.nextDouble(8_000, 14_000) / 100) * 100.0;
            }
            if (i % TRIAL_PARTS == 0) {
                // machinists choose a feed per revolution; 0.05..0.12 mm is the finishing range of the insert
                feed = Math.round(random.nextDouble(0.05, 0.12) * speed / 10) * 10.0;
            }
            parts.add(cut(process, speed, feed));
        }
        return parts;
    }

    /** Reads the sources for the next part, then cuts it at the given setpoints. */
    Part cut(MachiningProcess process, double speed, double feed) throws PipelineException {
        double[] values = before(process, speed, feed);
        MachinedPart made = process.machine(speed, feed);
        return new Part(values, new float[] {(float) made.roughnessUm(), (float) made.diameterDeviationUm()}, made);
    }

    /** @return the source values the line knows before it cuts the next part */
    double[] before(MachiningProcess process, double speed, double feed) throws PipelineException {
        double[] values = new double[sources.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = value(sources.get(i), process, process.parts() + 1, speed, feed);
        }
        return values;
    }

    /** Pushes one part's source values, the part number last. */
    void push(CompiledPipeline graph, double[] values, long timeMillis) throws PipelineException {
        for (SignalSource s : sources()) {
            graph.source(s).pushScalar(values[sources.indexOf(s)], timeMillis, "");
        }
    }

    /** Checks that the model predicts what the simulated gauge measures, in that order. */
    static void checkTargets(ModelStage model) throws PipelineException {
        List<String> names = model.getTargets().stream().map(t -> t.getName()).toList();
        if (!names.equals(List.of("Surface Roughness", "Diameter Deviation"))) {
            throw new PipelineException("the quality demo predicts Surface Roughness and Diameter Deviation, not " + names);
        }
    }

    private static boolean isPartNumber(SignalSource s) {
        return s.getSignal() != null && "Part Number".equals(s.getSignal().getName());
    }

    private static double value(SignalSource s, MachiningProcess process, long part, double speed, double feed) throws PipelineException {
        String name = s.getSignal() == null ? "" : s.getSignal().getName();
        return switch (name) {
            case "Spindle Speed Setpoint" -> speed;
            case "Feed Rate" -> feed;
            case "Parts Since Tool Change" -> process.partsSinceToolChange();
            case "Material Hardness" -> process.certifiedHardnessHb();
            // the last part's: the next part's current is known only once it is cut; before the first part, an idle spindle's
            case "Cutting Current" -> Double.isNaN(process.lastCuttingCurrentA()) ? 4 + 10 * speed / 24_000 : process.lastCuttingCurrentA();
            case "Part Number" -> part;
            default -> throw new PipelineException(s.getName() + ": the simulated cell does not know signal '" + name + "'");
        };
    }
}
