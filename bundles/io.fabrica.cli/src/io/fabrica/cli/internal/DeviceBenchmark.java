package io.fabrica.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import org.eclipse.emf.common.util.TreeIterator;
import org.eclipse.emf.ecore.EObject;

import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.devices.api.DeviceDriver;
import io.fabrica.devices.api.DeviceException;
import io.fabrica.devices.api.DeviceSession;
import io.fabrica.devices.api.SignalSubscription;
import io.fabrica.devices.api.SubscriptionSettings;
import io.fabrica.devices.sim.SimulatedPlant;
import io.fabrica.model.edit.bench.PlantBenchmark;
import io.fabrica.model.plant.Address;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.Signal;

/**
 * Device benchmarks against the in-process simulator over loopback, printed as tables:
 * <ul>
 * <li><b>items</b>: N monitored items on one connection, sampled and published every 100 ms;
 * notifications per second received against what the simulator published, items that went
 * silent, late notifications (older than two publishing intervals when they arrive) and the
 * process CPU time per notification;</li>
 * <li><b>reconnect</b>: the simulator is stopped and started R times while subscribed; time from
 * the restart to the first sample, per restart.</li>
 * </ul>
 */
final class DeviceBenchmark {

    private static final Duration INTERVAL = Duration.ofMillis(100);

    private DeviceBenchmark() {
    }

    static void items(DeviceDriver driver, int items, int seconds, PrintStream out) throws Exception {
        Enterprise plant = PlantBenchmark.generate(items);
        List<Address> addresses = addresses(plant);
        try (SimulatedPlant sim = SimulatedPlant.start(plant, SimulatedPlant.Options.loopback(freePort()));
                DeviceSession session = connect(driver, sim)) {
            AtomicLongArray perItem = new AtomicLongArray(addresses.size());
            AtomicLong total = new AtomicLong();
            AtomicLong late = new AtomicLong();
            long lateNanos = INTERVAL.toNanos() * 2;
            long subscribeStart = System.nanoTime();
            SignalSubscription subscription = session.subscribe(addresses, new SubscriptionSettings(INTERVAL, INTERVAL, 0, 2), (i, s) -> {
                perItem.incrementAndGet(i);
                total.incrementAndGet();
                if (s.sourceTime() != null && Duration.between(s.sourceTime(), Instant.now()).toNanos() > lateNanos) {
                    late.incrementAndGet();
                }
            }).get(120, TimeUnit.SECONDS);
            double subscribeSeconds = (System.nanoTime() - subscribeStart) / 1e9;
            Thread.sleep(2000); // initial values and warm-up are not measured
            long[] before = snapshot(perItem);
            long totalBefore = total.get();
            long lateBefore = late.get();
            long cpuBefore = cpuNanos();
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            double elapsed = (System.nanoTime() - start) / 1e9;
            long cpu = cpuNanos() - cpuBefore;
            long received = total.get() - totalBefore;
            long[] after = snapshot(perItem);
            long silent = 0;
            long[] counts = new long[after.length];
            for (int i = 0; i < after.length; i++) {
                counts[i] = after[i] - before[i];
                silent += counts[i] == 0 ? 1 : 0;
            }
            Arrays.sort(counts);
            subscription.close();
            double expected = addresses.size() * elapsed / (INTERVAL.toMillis() / 1000.0);
            out.printf("Monitored items benchmark: %,d items on one connection, sampling and publishing %d ms, %d s measured (Java %s, %d cores)%n",
                    addresses.size(), INTERVAL.toMillis(), seconds, Runtime.version(), Runtime.getRuntime().availableProcessors());
            out.printf("%-44s %14s%n", "measure", "value");
            out.printf("%-44s %14.1f%n", "subscribe (create all items) s", subscribeSeconds);
            out.printf("%-44s %,14.0f%n", "notifications/s expected (1 per item/interval)", expected / elapsed);
            out.printf("%-44s %,14.0f%n", "notifications/s received", received / elapsed);
            out.printf("%-44s %14.3f%n", "received / expected", received / expected);
            out.printf("%-44s %,14d%n", "items without any notification (lost)", silent);
            out.printf("%-44s %,14d / %,d / %,d%n", "notifications per item min / median / max", counts[0], counts[counts.length / 2],
                    counts[counts.length - 1]);
            out.printf("%-44s %,14d%n", "late notifications (> 2 intervals old)", late.get() - lateBefore);
            out.printf("%-44s %14.1f%n", "process CPU (server + client) % of one core", 100.0 * cpu / (elapsed * 1e9));
            out.printf("%-44s %14.2f%n", "CPU us per notification (server + client)", received == 0 ? 0 : cpu / 1000.0 / received);
        }
    }

    static void reconnect(DeviceDriver driver, int restarts, PrintStream out) throws Exception {
        Enterprise plant = PlantBenchmark.generate(100);
        List<Address> addresses = addresses(plant);
        int port = freePort();
        SimulatedPlant sim = SimulatedPlant.start(plant, SimulatedPlant.Options.loopback(port));
        List<Double> resume = new ArrayList<>();
        int failed = 0;
        try (DeviceSession session = connect(driver, sim)) {
            AtomicLong last = new AtomicLong();
            AtomicLong samples = new AtomicLong();
            session.subscribe(addresses, SubscriptionSettings.every(INTERVAL), (i, s) -> {
                samples.incrementAndGet();
                last.set(System.nanoTime());
            }).get(60, TimeUnit.SECONDS);
            Thread.sleep(1000);
            for (int r = 0; r < restarts; r++) {
                sim.close();
                Thread.sleep(1000);
                sim = SimulatedPlant.start(plant, SimulatedPlant.Options.loopback(port));
                long restarted = System.nanoTime();
                long deadline = restarted + TimeUnit.SECONDS.toNanos(60);
                while (last.get() < restarted && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                if (last.get() >= restarted) {
                    resume.add((last.get() - restarted) / 1e9);
                } else {
                    failed++;
                }
                Thread.sleep(500);
            }
        } finally {
            sim.close();
        }
        List<Double> sorted = new ArrayList<>(resume);
        sorted.sort(null);
        out.printf("Reconnect benchmark: %d restarts of the simulator (1 s down each) while subscribed to %d items%n", restarts, addresses.size());
        out.printf("%-44s %14s%n", "measure", "value");
        out.printf("%-44s %14d%n", "resumed by itself", resume.size());
        out.printf("%-44s %14d%n", "did not resume within 60 s", failed);
        if (!sorted.isEmpty()) {
            out.printf("%-44s %14.2f%n", "time to first sample after restart, min s", sorted.get(0));
            out.printf("%-44s %14.2f%n", "median s", sorted.get(sorted.size() / 2));
            out.printf("%-44s %14.2f%n", "max s", sorted.get(sorted.size() - 1));
            out.printf("%-44s %14s%n", "goal resume <= 5 s", sorted.get(sorted.size() - 1) <= 5 ? "met" : "NOT met");
        }
    }

    private static DeviceSession connect(DeviceDriver driver, SimulatedPlant sim) throws DeviceException {
        try {
            return driver.connect(ConnectionSpec.anonymous(sim.endpointUrl()).withTimeout(Duration.ofSeconds(30))).get(90, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw DeviceException.of(e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e, "connect to " + sim.endpointUrl());
        }
    }

    private static List<Address> addresses(Enterprise plant) {
        List<Address> addresses = new ArrayList<>();
        for (TreeIterator<EObject> it = plant.eAllContents(); it.hasNext();) {
            if (it.next() instanceof Signal s && s.getBinding() != null) {
                addresses.add(s.getBinding().getAddress());
            }
        }
        return addresses;
    }

    private static long[] snapshot(AtomicLongArray array) {
        long[] values = new long[array.length()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i);
        }
        return values;
    }

    private static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
