package io.fabrica.pipeline.djl.bench;

/** Keeps results of the baseline alive, so the JIT cannot drop work whose result is unused. */
final class Sink {

    private static volatile long sink;

    private Sink() {
    }

    static void consume(long value) {
        sink += value;
    }
}
