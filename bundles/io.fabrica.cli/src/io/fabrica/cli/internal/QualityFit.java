package io.fabrica.cli.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

import io.fabrica.pipeline.ModelStage;
import io.fabrica.pipeline.NormalizeStage;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.engine.CompiledPipeline;

/** Fits the quality pipeline's normalization, builds the model's samples, and scores the compiled pipeline on unseen parts. */
final class QualityFit {

    private static final String[] TARGETS = {"Surface Roughness [um]", "Diameter Deviation [um]"};

    private QualityFit() {
    }

    static void fitNormalization(NormalizeStage normalize, List<QualityParts.Part> parts, int[] columns) {
        normalize.getMeans().clear();
        normalize.getDeviations().clear();
        for (int column : columns) {
            double sum = 0;
            double squares = 0;
            for (QualityParts.Part p : parts) {
                sum += p.sources()[column];
                squares += p.sources()[column] * p.sources()[column];
            }
            double mean = sum / parts.size();
            normalize.getMeans().add(mean);
            normalize.getDeviations().add(Math.sqrt(Math.max(0, squares / parts.size() - mean * mean)));
        }
    }

    static float[][] inputs(NormalizeStage normalize, List<QualityParts.Part> parts, int[] columns) {
        float[][] x = new float[parts.size()][columns.length];
        for (int i = 0; i < parts.size(); i++) {
            for (int j = 0; j < columns.length; j++) {
                double deviation = normalize.getDeviations().get(j);
                x[i][j] = (float) (deviation == 0 ? 0 : (parts.get(i).sources()[columns[j]] - normalize.getMeans().get(j)) / deviation);
            }
        }
        return x;
    }

    static float[][] targets(List<QualityParts.Part> parts) {
        return parts.stream().map(QualityParts.Part::quality).toArray(float[][]::new);
    }

    /** Runs every part through the compiled pipeline and compares the model's output with the gauge. */
    static Scores evaluate(CompiledPipeline graph, ModelStage model, QualityParts cell, List<QualityParts.Part> parts) throws PipelineException {
        int t = TARGETS.length;
        double[][] predicted = new double[parts.size()][];
        long time = 0;
        for (int i = 0; i < parts.size(); i++) {
            QualityParts.Part p = parts.get(i);
            cell.push(graph, p.sources(), time);
            time += Math.round(p.made().cycleSeconds() * 1000);
            float[] out = graph.output(model, 0).values();
            predicted[i] = new double[3 * t];
            for (int j = 0; j < 3 * t; j++) {
                predicted[i][j] = out[j];
            }
        }
        return Scores.of(parts, predicted);
    }

    /**
     * Held-out scores per target.
     *
     * @param mae mean absolute error
     * @param rmse root mean squared error
     * @param r2 coefficient of determination
     * @param coverage share of parts inside the 90 % interval
     */
    record Scores(double[] mae, double[] rmse, double[] r2, double[] coverage) {

        static final double MIN_R2 = 0.8;
        static final double MIN_COVERAGE = 0.85;
        static final double MAX_COVERAGE = 0.95;

        static Scores of(List<QualityParts.Part> parts, double[][] predicted) {
            int t = TARGETS.length;
            double[] mae = new double[t];
            double[] rmse = new double[t];
            double[] r2 = new double[t];
            double[] coverage = new double[t];
            int n = parts.size();
            for (int j = 0; j < t; j++) {
                double mean = 0;
                for (QualityParts.Part p : parts) {
                    mean += p.quality()[j] / (double) n;
                }
                double residual = 0;
                double total = 0;
                for (int i = 0; i < n; i++) {
                    double y = parts.get(i).quality()[j];
                    double e = y - predicted[i][j];
                    mae[j] += Math.abs(e) / n;
                    residual += e * e;
                    total += (y - mean) * (y - mean);
                    coverage[j] += y >= predicted[i][t + j] && y <= predicted[i][2 * t + j] ? 1.0 / n : 0;
                }
                rmse[j] = Math.sqrt(residual / n);
                r2[j] = 1 - residual / total;
            }
            return new Scores(mae, rmse, r2, coverage);
        }

        boolean met() {
            for (int j = 0; j < r2.length; j++) {
                if (r2[j] < MIN_R2 || coverage[j] < MIN_COVERAGE || coverage[j] > MAX_COVERAGE) {
                    return false;
                }
            }
            return true;
        }

        void print(PrintStream out, int parts) {
            out.printf(Locale.ROOT, "Held-out run (%d parts of another run, never seen in training):%n", parts);
            out.printf(Locale.ROOT, "  %-26s %8s %8s %8s %18s%n", "target", "MAE", "RMSE", "R2", "90% interval cover");
            for (int j = 0; j < r2.length; j++) {
                out.printf(Locale.ROOT, "  %-26s %8.3f %8.3f %8.3f %17.1f%%%n", TARGETS[j], mae[j], rmse[j], r2[j], 100 * coverage[j]);
            }
        }
    }
}
