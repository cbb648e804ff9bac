/**
 * Signal feature extraction kernel for AI pipelines: cuts sample streams into windows ({@link
 * io.fabrica.pipeline.features.Windower}), transforms them ({@link io.fabrica.pipeline.features.Fft}),
 * turns each window into a feature vector ({@link io.fabrica.pipeline.features.FeatureExtractor}) and
 * standardises the vectors ({@link io.fabrica.pipeline.features.Standardizer}).
 * <p>
 * Everything here is plain JDK code meant for the hot path of a runtime: buffers are allocated once in
 * constructors and the per-sample and per-window methods write into caller-owned arrays, so they
 * allocate nothing. Instances are not thread-safe unless their Javadoc says so; use one per thread.
 * Samples are in the unit of the signal (for vibration typically m/s&sup2;); the classes do not
 * convert units.
 */
package io.fabrica.pipeline.features;
