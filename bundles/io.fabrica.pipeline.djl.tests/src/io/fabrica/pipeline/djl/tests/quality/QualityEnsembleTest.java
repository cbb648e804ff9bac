package io.fabrica.pipeline.djl.tests.quality;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.pipeline.djl.onnx.OrtModel;
import io.fabrica.pipeline.djl.quality.QualityEnsemble;
import io.fabrica.pipeline.djl.training.TrainingException;

/**
 * The quality ensemble on parts whose law is known: a positive characteristic with multiplicative noise
 * (learned on a log scale) and a signed one with additive noise. The exported model, run by ONNX Runtime
 * on parts it never saw, must predict both and put about 90 % of them inside its intervals.
 */
class QualityEnsembleTest {

    private static final int FEATURES = 3;

    @TempDir
    Path dir;

    @Test
    void predictsUnseenPartsWithCalibratedIntervals() throws Exception {
        Parts training = parts(1, 600);
        Path model = dir.resolve("models/quality.onnx");
        QualityEnsemble.Result result = QualityEnsemble.train(training.x, training.y, 7, model, null);

        assertArrayEquals(new boolean[] {true, false}, result.logScale(), "the positive target on a log scale, the signed one not");
        assertEquals(120, result.calibrationParts());
        assertTrue(result.exportError() < 1e-4, "ONNX Runtime and Java agree: " + result.exportError());

        Parts unseen = parts(2, 400);
        double[][] scores = score(model, unseen);
        for (int t = 0; t < 2; t++) {
            assertTrue(scores[t][0] > 0.9, "target " + t + ": R2 " + scores[t][0]);
            assertTrue(scores[t][1] >= 0.8 && scores[t][1] <= 0.97, "target " + t + ": 90 % interval covers " + scores[t][1]);
        }
        assertFalse(Files.exists(dir.resolve("models/quality.onnx.new")), "no staging file left");
    }

    @Test
    void refusesPartsItCannotLearnFrom() {
        Path model = dir.resolve("quality.onnx");
        Parts few = parts(1, 40);
        TrainingException tooFew = assertThrows(TrainingException.class, () -> QualityEnsemble.train(few.x, few.y, 1, model, null));
        assertTrue(tooFew.getMessage().contains("only 40 measured parts"), tooFew.getMessage());

        Parts broken = parts(1, 100);
        broken.y[17][1] = Float.NaN;
        TrainingException nan = assertThrows(TrainingException.class, () -> QualityEnsemble.train(broken.x, broken.y, 1, model, null));
        assertTrue(nan.getMessage().contains("part 18 has a quality value that is not a number"), nan.getMessage());
        assertFalse(Files.exists(model), "nothing written");
    }

    /** Per target {R², coverage} of the model file on the parts, each part's output [means, lows, highs]. */
    private static double[][] score(Path model, Parts parts) throws Exception {
        double[][] scores = new double[2][2];
        try (OrtModel ort = OrtModel.open(model)) {
            double[] residual = new double[2];
            double[] inside = new double[2];
            for (int i = 0; i < parts.x.length; i++) {
                float[] out = ort.run("input", parts.x[i], new long[] {1, FEATURES}, "quality");
                for (int t = 0; t < 2; t++) {
                    double y = parts.y[i][t];
                    assertTrue(out[2 + t] <= out[t] && out[t] <= out[4 + t], "part " + i + ": the prediction lies inside its interval");
                    residual[t] += (y - out[t]) * (y - out[t]);
                    inside[t] += y >= out[2 + t] && y <= out[4 + t] ? 1 : 0;
                }
            }
            for (int t = 0; t < 2; t++) {
                scores[t][0] = 1 - residual[t] / variance(parts.y, t);
                scores[t][1] = inside[t] / parts.x.length;
            }
        }
        return scores;
    }

    private static double variance(float[][] y, int t) {
        double mean = 0;
        for (float[] row : y) {
            mean += row[t] / (double) y.length;
        }
        double sum = 0;
        for (float[] row : y) {
            sum += (row[t] - mean) * (row[t] - mean);
        }
        return sum;
    }

    private record Parts(float[][] x, float[][] y) {
    }

    /** Roughness-like {@code exp(0.8 a + 0.4 b²)} with 5 % noise; deviation-like {@code 4 a − 3 c} with noise 0.5. */
    private static Parts parts(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] x = new float[count][FEATURES];
        float[][] y = new float[count][2];
        for (int i = 0; i < count; i++) {
            for (int f = 0; f < FEATURES; f++) {
                x[i][f] = (float) random.nextDouble(-1.5, 1.5);
            }
            y[i][0] = (float) (Math.exp(0.8 * x[i][0] + 0.4 * x[i][1] * x[i][1]) * Math.exp(0.05 * gaussian(random)));
            y[i][1] = (float) (4 * x[i][0] - 3 * x[i][2] + 0.5 * gaussian(random));
        }
        return new Parts(x, y);
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
