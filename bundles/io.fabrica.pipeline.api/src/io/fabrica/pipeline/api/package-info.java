/**
 * The vendor SPI of Fabrica pipelines (package version 1.0.0). A vendor adds an operator by
 * registering a {@link io.fabrica.pipeline.api.StageFactory} OSGi service, and an accelerator back
 * end by registering an {@link io.fabrica.pipeline.api.InferenceEngine}. Values travel between
 * stages as {@link io.fabrica.pipeline.api.Frame}s that the engine allocates once per output port;
 * decisions leave the pipeline as {@link io.fabrica.pipeline.api.Decision}s that carry their reasons.
 */
package io.fabrica.pipeline.api;
