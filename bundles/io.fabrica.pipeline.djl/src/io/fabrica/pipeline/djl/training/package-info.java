/**
 * Trains Fabrica's three small model kinds ({@link io.fabrica.pipeline.djl.training.ModelKind})
 * with DJL's PyTorch engine on the CPU, exports the trained model to ONNX (opset 13) with
 * {@link io.fabrica.pipeline.djl.onnx.OnnxGraphBuilder} and verifies the export in ONNX Runtime.
 *
 * <p>Entry point: {@link io.fabrica.pipeline.djl.training.ModelTrainer}. All failures are reported
 * as {@link io.fabrica.pipeline.djl.training.TrainingException} with a message that names the
 * problem.
 */
package io.fabrica.pipeline.djl.training;
