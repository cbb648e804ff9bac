package io.fabrica.pipeline.djl.training;

/**
 * The model kinds {@link ModelTrainer} can train. Each has a small, fixed architecture; {@code F}
 * is the number of input features, {@code C} the number of classes. Linear layers are exported as
 * ONNX {@code Gemm} (transB=1), the batch dimension is symbolic.
 */
public enum ModelKind {

    /**
     * Anomaly detector for feature vectors {@code [F]}, trained on normal data only to reproduce
     * its input (mean squared error):
     * {@code Linear(F→h) ReLU Linear(h→b) ReLU Linear(b→h) ReLU Linear(h→F)} with
     * {@code h = max(8, F)} and bottleneck {@code b = max(2, F/2)}, but at most {@code F-1} (at
     * least 1) so that the network cannot simply copy its input. Inputs should be scaled to about
     * unit range (for example by a normalization stage before the model).
     *
     * <p>ONNX: input {@code "input" [N,F]}, output {@code "error" [N,F]}, the per-feature squared
     * reconstruction error {@code (input - reconstruction)²} (nodes {@code Sub}, {@code Mul}).
     */
    AUTOENCODER,

    /**
     * Classifier for feature vectors {@code [F]}, trained with softmax cross-entropy:
     * {@code Linear(F→32) ReLU Linear(32→16) ReLU Linear(16→C)}.
     *
     * <p>ONNX: input {@code "input" [N,F]}, output {@code "probabilities" [N,C]} ({@code Softmax},
     * axis 1).
     */
    MLP_CLASSIFIER,

    /**
     * Classifier for gray images {@code [1,H,W]} with {@code H} and {@code W} divisible by 4,
     * trained with softmax cross-entropy:
     * {@code Conv2d(1→8, 3x3, pad 1) ReLU MaxPool(2x2, stride 2) Conv2d(8→16, 3x3, pad 1) ReLU
     * MaxPool(2x2, stride 2) Flatten Linear(16·H/4·W/4→C)}.
     *
     * <p>ONNX: input {@code "input" [N,1,H,W]}, output {@code "probabilities" [N,C]} (nodes
     * {@code Conv Relu MaxPool Conv Relu MaxPool Flatten Gemm Softmax}).
     */
    CNN_CLASSIFIER;

    /** @return whether samples need class labels */
    boolean isClassifier() {
        return this != AUTOENCODER;
    }
}
