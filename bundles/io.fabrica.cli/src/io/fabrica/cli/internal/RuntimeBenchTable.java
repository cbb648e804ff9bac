package io.fabrica.cli.internal;

import java.io.PrintStream;
import java.util.Locale;

import io.fabrica.cli.internal.RuntimeBench.Snapshot;
import io.fabrica.pipeline.engine.LatencyHistogram;

/** The table of {@code fabrica bench runtime}: warm-up and measured phase apart, then met / NOT met. */
final class RuntimeBenchTable {

    private final PrintStream out;

    RuntimeBenchTable(PrintStream out) {
        this.out = out;
    }

    void print(RuntimeBench.Options options, Snapshot start, Snapshot warm, Snapshot end, double loadAtStart, double loadAtEnd) {
        out.printf(Locale.ROOT, "%nFabrica runtime benchmark (Java %s, %d cores, %s; runtime, simulator and this command in one process)%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), collectors());
        out.printf(Locale.ROOT, "Demo PdM pipeline at the simulator's rate (a 1024-sample vibration window every 100 ms, temperature and"
                + " current every 1 s);%n");
        out.printf(Locale.ROOT, "decision latency = from a sample's arrival in the runtime (its OPC UA subscription callback) to the end of"
                + " the push that decided%n(queue wait, features, normalize, model, decision, alarm and log sinks); the OPC UA sampling and"
                + " publishing interval (100 ms) before arrival is not in it.%n");
        out.printf(Locale.ROOT, "%-28s %9s %9s %9s %9s %9s %8s   %s%n", "Phase", "decisions", "p50 µs", "p99 µs", "p99.9 µs", "max µs",
                "dropped", "GC pauses: count, total ms, max ms");
        row("warm-up " + options.warmUp().toSeconds() + " s", start, warm);
        row("measured " + options.duration().toSeconds() + " s", warm, end);
        long[] wait = LatencyHistogram.difference(end.queueWait(), warm.queueWait());
        out.printf(Locale.ROOT, "%-28s %9d %9.0f %9.0f %9.0f %9.0f%n", "  of which queue wait", LatencyHistogram.total(wait),
                LatencyHistogram.quantileMicros(wait, 0.5), LatencyHistogram.quantileMicros(wait, 0.99),
                LatencyHistogram.quantileMicros(wait, 0.999), LatencyHistogram.quantileMicros(wait, 1));
        out.printf(Locale.ROOT, "(quantiles are the upper edges of ~3 %% wide histogram buckets; GC pauses as the JVM reports them, in whole ms)%n");
        out.printf(Locale.ROOT, "System load average: %.1f at start, %.1f at the end%n", loadAtStart, loadAtEnd);
        if (!collectors().contains("ZGC")) {
            out.printf("(the runtime product runs with ZGC: FABRICA_JAVA_OPTS=-XX:+UseZGC measures with the same collector)%n");
        }
        long[] measured = LatencyHistogram.difference(end.latency(), warm.latency());
        double p99 = LatencyHistogram.quantileMicros(measured, 0.99);
        double max = LatencyHistogram.quantileMicros(measured, 1);
        boolean decided = LatencyHistogram.total(measured) > 0;
        out.printf("%nGoals (measured phase)%n");
        goal(String.format(Locale.ROOT, "decision latency p99 <= %.0f ms (p99 %.0f µs)", RuntimeBench.GOAL_P99_MICROS / 1000, p99),
                decided && p99 <= RuntimeBench.GOAL_P99_MICROS);
        goal(String.format(Locale.ROOT, "decision latency max <= %.0f ms (max %.0f µs)", RuntimeBench.GOAL_MAX_MICROS / 1000, max),
                decided && max <= RuntimeBench.GOAL_MAX_MICROS);
    }

    private void row(String phase, Snapshot from, Snapshot to) {
        long[] latency = LatencyHistogram.difference(to.latency(), from.latency());
        long[] gc = LatencyHistogram.difference(to.gcHistogram(), from.gcHistogram());
        long gcCount = to.gcPauses() - from.gcPauses();
        double gcMax = gcCount == 0 ? 0 : LatencyHistogram.quantileMicros(gc, 1) / 1000;
        out.printf(Locale.ROOT, "%-28s %9d %9.0f %9.0f %9.0f %9.0f %8d   %d, %d, %.0f%n", phase, LatencyHistogram.total(latency),
                LatencyHistogram.quantileMicros(latency, 0.5), LatencyHistogram.quantileMicros(latency, 0.99),
                LatencyHistogram.quantileMicros(latency, 0.999), LatencyHistogram.quantileMicros(latency, 1), to.dropped() - from.dropped(),
                gcCount, to.gcMillis() - from.gcMillis(), gcMax);
    }

    private void goal(String text, boolean met) {
        out.printf("  %-58s %s%n", text, met ? "met" : "NOT met");
    }

    private static String collectors() {
        StringBuilder names = new StringBuilder();
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            names.append(names.length() == 0 ? "GC " : ", ").append(gc.getName());
        }
        return names.toString();
    }
}
