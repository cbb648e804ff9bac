package io.fabrica.pipeline.djl.quality;

/**
 * One trained member of the ensemble as plain weights: {@code Linear ReLU Linear ReLU Linear}, each
 * weight matrix row-major {@code [out, in]} (DJL's layout, ONNX Gemm with transB). Java evaluates it
 * for calibration and to check the exported graph.
 *
 * @param weights per layer
 * @param biases per layer
 * @param sizes layer widths: inputs, hidden, hidden, outputs
 */
record Mlp(float[][] weights, float[][] biases, int[] sizes) {

    /** @return the member's outputs for one input vector */
    double[] predict(float[] input) {
        double[] x = new double[input.length];
        for (int i = 0; i < input.length; i++) {
            x[i] = input[i];
        }
        for (int layer = 0; layer < weights.length; layer++) {
            int in = sizes[layer];
            int out = sizes[layer + 1];
            double[] y = new double[out];
            for (int o = 0; o < out; o++) {
                double sum = biases[layer][o];
                for (int i = 0; i < in; i++) {
                    sum += weights[layer][o * in + i] * x[i];
                }
                y[o] = layer < weights.length - 1 ? Math.max(0, sum) : sum;
            }
            x = y;
        }
        return x;
    }
}
