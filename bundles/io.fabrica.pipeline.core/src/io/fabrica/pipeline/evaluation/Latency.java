package io.fabrica.pipeline.evaluation;

/**
 * The processing time of one pipeline stage. Percentiles are nearest-rank percentiles of the
 * recorded samples (of a uniform random subset when there were very many, see {@link
 * Evaluator#latency(String, long)}); the maximum is exact over all samples.
 *
 * @param samples how many times were recorded
 * @param p50Micros the median, in microseconds
 * @param p99Micros the 99th percentile, in microseconds
 * @param maxMicros the largest time recorded, in microseconds
 */
public record Latency(long samples, double p50Micros, double p99Micros, double maxMicros) {
}
