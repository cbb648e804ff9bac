/**
 * The vendor SPI of Fabrica pipelines (package version 1.0.0). A vendor adds an operator by
 * registering a {@link io.fabrica.pipeline.api.StageFactory} that creates
 * {@link io.fabrica.pipeline.api.StageKernel}s for its own stage classes, and an accelerator back end by
 * registering an {@link io.fabrica.pipeline.api.InferenceEngine} that opens
 * {@link io.fabrica.pipeline.api.InferenceSession}s. Values travel between stages as
 * {@link io.fabrica.pipeline.api.Frame}s that the engine allocates once per output port; decisions
 * leave the pipeline as {@link io.fabrica.pipeline.api.Decision}s that carry their reasons, to
 * {@link io.fabrica.pipeline.api.DecisionListener}s.
 *
 * <h2>Providing an implementation</h2>
 * A vendor bundle imports this package with {@code Import-Package: io.fabrica.pipeline.api;version="[1.0,2)"}
 * and registers its factory or engine as an OSGi Declarative Services component in a package it does
 * not export:
 * <pre>{@code
 * package com.acme.fabrica.stages.internal;
 *
 * @Component(service = StageFactory.class)
 * public final class AcmeStages implements StageFactory { ... }
 * }</pre>
 * Kernels and inference sessions are not services: the factory and the engine create them.
 *
 * <h2>Compatibility</h2>
 * Types annotated {@link org.osgi.annotation.versioning.ConsumerType @ConsumerType} are implemented by
 * vendors: Fabrica adds no abstract method to them within major version 1. Types annotated
 * {@link org.osgi.annotation.versioning.ProviderType @ProviderType} (frames, values, exceptions, the
 * compile context and the listeners of the hosts) are implemented or subclassed only by Fabrica; they
 * may gain methods in a minor version, so vendors use them but do not implement or extend them.
 *
 * <h2>Threading</h2>
 * Factories and engines are shared services: thread-safe, called from any thread while pipelines
 * compile (compiling may load model files, so it never runs on the UI thread). Everything a compiled
 * pipeline runs (kernels, inference sessions, frames, listeners) belongs to that pipeline's single
 * thread: it is not thread-safe and needs not be. On that thread a value flows through every stage
 * before the next one is taken, so kernels must not block and should not allocate per call.
 *
 * <h2>Errors</h2>
 * Compile and run failures are {@link io.fabrica.pipeline.api.PipelineException}s (a model file that
 * cannot be used: {@link io.fabrica.pipeline.api.ModelLoadException}) whose message names the stage
 * (its path in the pipeline) or the file, and the problem. A failure while running stops the run and
 * is reported to the user. Unchecked exceptions mean a programming error, never a data or device
 * problem.
 *
 * @since 1.0
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.fabrica.pipeline.api;
