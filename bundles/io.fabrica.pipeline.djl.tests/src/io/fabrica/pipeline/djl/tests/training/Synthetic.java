package io.fabrica.pipeline.djl.tests.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import io.fabrica.pipeline.djl.training.TrainingData;

/**
 * Small synthetic data sets with a known structure, generated from a seed so that every run sees
 * the same samples.
 */
final class Synthetic {

    static final int IMAGE_SIZE = 32;

    private Synthetic() {
    }

    /**
     * Normal machine data for the autoencoder: 6 features driven by 2 hidden factors (plus a
     * little noise), so the features are correlated and lie near a plane.
     */
    static float[][] normal(int samples, long seed) {
        Random random = new Random(seed);
        float[][] data = new float[samples][];
        for (int i = 0; i < samples; i++) {
            data[i] = machine(random.nextGaussian(), random.nextGaussian(), random);
        }
        return data;
    }

    /** Like {@link #normal} but with an offset that breaks the correlation between the features. */
    static float[][] shifted(int samples, long seed) {
        float[][] data = normal(samples, seed);
        for (float[] sample : data) {
            sample[1] += 1.5f;
            sample[4] -= 1.5f;
        }
        return data;
    }

    private static float[] machine(double a, double b, Random random) {
        double[] clean = {a, b, a + b, a - b, 0.5 * a + b, -a + 0.5 * b};
        float[] sample = new float[clean.length];
        for (int i = 0; i < clean.length; i++) {
            sample[i] = (float) (clean[i] + 0.05 * random.nextGaussian());
        }
        return sample;
    }

    /** Gaussian blobs in 4 dimensions, one per class, centers 3 apart, standard deviation 0.6, shuffled. */
    static TrainingData blobs(int perClass, int classes, long seed) {
        Random random = new Random(seed);
        List<float[]> samples = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < perClass; i++) {
                float[] sample = new float[4];
                for (int f = 0; f < sample.length; f++) {
                    double center = f == c % 4 ? 3 : 0;
                    sample[f] = (float) (center + 0.6 * random.nextGaussian());
                }
                samples.add(sample);
                labels.add(c);
            }
        }
        return shuffled(samples, labels, new int[] {4}, classNames(classes), random);
    }

    /** Gray 32x32 images: class "square" shows a bright filled square, class "line" a bright thin line. */
    static TrainingData squaresAndLines(int perClass, long seed) {
        Random random = new Random(seed);
        List<float[]> samples = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int i = 0; i < perClass; i++) {
            samples.add(square(random));
            labels.add(0);
            samples.add(line(random));
            labels.add(1);
        }
        return shuffled(samples, labels, new int[] {1, IMAGE_SIZE, IMAGE_SIZE}, List.of("square", "line"), random);
    }

    private static float[] square(Random random) {
        float[] image = noise(random);
        int side = 6 + random.nextInt(5);
        int top = random.nextInt(IMAGE_SIZE - side);
        int left = random.nextInt(IMAGE_SIZE - side);
        for (int y = top; y < top + side; y++) {
            for (int x = left; x < left + side; x++) {
                image[y * IMAGE_SIZE + x] = 0.8f + 0.2f * random.nextFloat();
            }
        }
        return image;
    }

    private static float[] line(Random random) {
        float[] image = noise(random);
        int length = 12 + random.nextInt(12);
        int along = random.nextInt(IMAGE_SIZE - length);
        int across = random.nextInt(IMAGE_SIZE);
        boolean horizontal = random.nextBoolean();
        for (int k = along; k < along + length; k++) {
            int index = horizontal ? across * IMAGE_SIZE + k : k * IMAGE_SIZE + across;
            image[index] = 0.8f + 0.2f * random.nextFloat();
        }
        return image;
    }

    private static float[] noise(Random random) {
        float[] image = new float[IMAGE_SIZE * IMAGE_SIZE];
        for (int i = 0; i < image.length; i++) {
            image[i] = 0.2f * random.nextFloat();
        }
        return image;
    }

    private static TrainingData shuffled(List<float[]> samples, List<Integer> labels, int[] shape,
            List<String> classes, Random random) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        float[][] inputs = new float[samples.size()][];
        int[] labelArray = new int[samples.size()];
        for (int i = 0; i < order.size(); i++) {
            inputs[i] = samples.get(order.get(i));
            labelArray[i] = labels.get(order.get(i));
        }
        return new TrainingData(inputs, shape, labelArray, classes);
    }

    private static List<String> classNames(int classes) {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("class" + c);
        }
        return names;
    }
}
