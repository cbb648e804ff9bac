package io.fabrica.cli.internal;

import java.io.PrintStream;
import java.util.Locale;

import io.fabrica.devices.sim.quality.MachinedPart;
import io.fabrica.devices.sim.quality.MachiningProcess;
import io.fabrica.model.plant.ProcessParameter;
import io.fabrica.model.resource.ElementPaths;
import io.fabrica.pipeline.RecommendStage;
import io.fabrica.pipeline.api.ParameterWrite;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.engine.CompiledPipeline;

/**
 * The simulated line run for a number of parts with fixed setpoints, and again with the quality pipeline's
 * recommendations approved automatically (this is a simulation; on a real line a person approves them or a
 * narrow auto-approve band does). Both runs see the same tool wear, batches and noise (same seed). Every
 * written value is checked against the parameter's safe bounds and maximum step independently of the sink.
 */
final class ClosedLoop {

    private static final String APPROVER = "auto-approve (simulation)";

    /**
     * @param parts parts made
     * @param scrap parts outside the tolerance band
     * @param meanRoughness mean Ra, µm
     * @param meanAbsDeviation mean |diameter deviation|, µm
     * @param meanCycle mean cycle time, s
     * @param writes setpoint writes
     * @param violations writes outside the safe bounds or above the maximum step
     */
    record Outcome(int parts, int scrap, double meanRoughness, double meanAbsDeviation, double meanCycle, int writes, int violations) {

        double scrapRate() {
            return scrap / (double) parts;
        }
    }

    private ClosedLoop() {
    }

    static Outcome fixed(QualityParts cell, long seed, int parts, double speed, double feed) throws PipelineException {
        MachiningProcess process = new MachiningProcess(seed);
        Tally tally = new Tally();
        for (int i = 0; i < parts; i++) {
            tally.add(cell.cut(process, speed, feed).made());
        }
        return tally.outcome(parts, 0, 0);
    }

    static Outcome recommended(CompiledPipeline graph, QualityParts cell, long seed, int parts, double speed, double feed) throws PipelineException {
        RecommendStage stage = graph.pipeline().getStages().stream().filter(RecommendStage.class::isInstance).map(RecommendStage.class::cast)
                .findFirst().orElseThrow(() -> new PipelineException("the quality pipeline has no recommendation stage"));
        ProcessParameter speedParameter = stage.getParameters().get(0);
        ProcessParameter feedParameter = stage.getParameters().get(1);
        double[] setpoints = {speed, feed};
        int[] counts = new int[2];
        graph.setParameterWriter((path, value) -> setpoints[path.equals(ElementPaths.pathOf(speedParameter)) ? 0 : 1] = value);
        MachiningProcess process = new MachiningProcess(seed);
        Tally tally = new Tally();
        long time = 0;
        for (int i = 0; i < parts; i++) {
            cell.push(graph, cell.before(process, setpoints[0], setpoints[1]), time);
            for (ParameterWrite w : graph.pendingApprovals()) {
                boolean isSpeed = w.parameter().equals(ElementPaths.pathOf(speedParameter));
                ProcessParameter p = isSpeed ? speedParameter : feedParameter;
                double before = setpoints[isSpeed ? 0 : 1];
                if (w.value() < p.getSafeMinimum() || w.value() > p.getSafeMaximum() || Math.abs(w.value() - before) > p.getMaxStep() + 1e-6) {
                    counts[1]++;
                }
                if (graph.approve(w, APPROVER).status() == ParameterWrite.Status.WRITTEN) {
                    counts[0]++;
                }
            }
            MachinedPart made = cell.cut(process, setpoints[0], setpoints[1]).made();
            tally.add(made);
            time += Math.round(made.cycleSeconds() * 1000);
        }
        graph.setParameterWriter(null);
        return tally.outcome(parts, counts[0], counts[1]);
    }

    static void print(PrintStream out, Outcome fixed, Outcome recommended) {
        out.printf(Locale.ROOT, "Closed loop on the simulated line, %d parts each, same tool wear, batches and noise:%n", fixed.parts());
        out.printf(Locale.ROOT, "  %-22s %8s %10s %10s %9s %7s %11s%n", "run", "scrap", "mean Ra", "mean |dD|", "cycle", "writes", "violations");
        row(out, "fixed setpoints", fixed);
        row(out, "with recommendations", recommended);
        double cut = fixed.scrapRate() == 0 ? 0 : 1 - recommended.scrapRate() / fixed.scrapRate();
        out.printf(Locale.ROOT, "  scrap rate %.1f %% -> %.1f %% (%.0f %% fewer scrapped parts; goal >= 10 %%), %d writes outside bounds or step%n",
                100 * fixed.scrapRate(), 100 * recommended.scrapRate(), 100 * cut, recommended.violations());
    }

    private static void row(PrintStream out, String name, Outcome o) {
        out.printf(Locale.ROOT, "  %-22s %7.1f%% %7.3f um %7.2f um %7.2f s %7d %11d%n", name, 100 * o.scrapRate(), o.meanRoughness(), o.meanAbsDeviation(),
                o.meanCycle(), o.writes(), o.violations());
    }

    private static final class Tally {
        private int scrap;
        private double roughness;
        private double deviation;
        private double cycle;

        void add(MachinedPart p) {
            scrap += p.scrap() ? 1 : 0;
            roughness += p.roughnessUm();
            deviation += Math.abs(p.diameterDeviationUm());
            cycle += p.cycleSeconds();
        }

        Outcome outcome(int parts, int writes, int violations) {
            return new Outcome(parts, scrap, roughness / parts, deviation / parts, cycle / parts, writes, violations);
        }
    }
}
