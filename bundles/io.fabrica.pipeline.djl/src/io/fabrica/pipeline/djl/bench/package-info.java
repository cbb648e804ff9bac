/**
 * Benchmarks of pipelines with models: {@link io.fabrica.pipeline.djl.bench.PipelineBenchmark}
 * runs a vision and a predictive-maintenance pipeline and, in the same JVM, the same ONNX models
 * through the raw ONNX Runtime Java API, and prints times, throughput, their ratios and the goals
 * met. Nothing here is used at run time.
 */
package io.fabrica.pipeline.djl.bench;
