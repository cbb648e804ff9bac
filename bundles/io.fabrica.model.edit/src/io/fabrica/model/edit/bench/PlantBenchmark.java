package io.fabrica.model.edit.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import javax.xml.parsers.SAXParserFactory;

import org.xml.sax.helpers.DefaultHandler;

import io.fabrica.model.edit.validation.PlantValidation;
import io.fabrica.model.edit.validation.Problem;
import io.fabrica.model.plant.Area;
import io.fabrica.model.plant.DataType;
import io.fabrica.model.plant.DeviceConnection;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.Equipment;
import io.fabrica.model.plant.Line;
import io.fabrica.model.plant.NodeIdType;
import io.fabrica.model.plant.OpcUaNodeAddress;
import io.fabrica.model.plant.PlantFactory;
import io.fabrica.model.plant.Signal;
import io.fabrica.model.plant.SignalBinding;
import io.fabrica.model.plant.Site;
import io.fabrica.model.resource.ElementPaths;
import io.fabrica.model.resource.PlantFiles;

/**
 * Measures what a large plant costs: a generated model with N bound signals (20 per equipment,
 * 25 equipment per line) is saved, loaded and validated several times; the table reports the
 * median and best of each step, the heap the loaded model occupies, and, as a baseline measured
 * in the same run, a bare SAX parse of the same file (the floor any XML loader pays), so results
 * compare across machines as ratios.
 */
public final class PlantBenchmark {

    private static final PlantFactory F = PlantFactory.eINSTANCE;
    private static final int SIGNALS_PER_EQUIPMENT = 20;
    private static final int EQUIPMENT_PER_LINE = 25;

    private PlantBenchmark() {
    }

    /**
     * Builds a valid plant with about {@code signals} bound signals.
     *
     * @param signals number of signals wanted (rounded up to whole equipment)
     * @return the model, not in any resource
     */
    public static Enterprise generate(int signals) {
        Enterprise enterprise = F.createEnterprise();
        enterprise.setName("Benchmark Works");
        DeviceConnection plc = F.createDeviceConnection();
        plc.setName("Line PLCs");
        plc.setEndpoint("opc.tcp://localhost:4840/bench");
        enterprise.getConnections().add(plc);
        Site site = F.createSite();
        site.setName("Site");
        enterprise.getSites().add(site);
        Area area = F.createArea();
        area.setName("Area");
        site.getAreas().add(area);
        int equipmentCount = (signals + SIGNALS_PER_EQUIPMENT - 1) / SIGNALS_PER_EQUIPMENT;
        Line line = null;
        for (int e = 0; e < equipmentCount; e++) {
            if (e % EQUIPMENT_PER_LINE == 0) {
                line = F.createLine();
                line.setName("Line " + (e / EQUIPMENT_PER_LINE + 1));
                area.getLines().add(line);
            }
            Equipment equipment = F.createEquipment();
            equipment.setName("Machine " + (e % EQUIPMENT_PER_LINE + 1));
            line.getEquipment().add(equipment);
            for (int s = 0; s < SIGNALS_PER_EQUIPMENT; s++) {
                equipment.getSignals().add(signal(plc, equipment, s));
            }
        }
        return enterprise;
    }

    private static Signal signal(DeviceConnection plc, Equipment equipment, int index) {
        Signal signal = F.createSignal();
        signal.setName("Signal " + (index + 1));
        signal.setDataType(DataType.DOUBLE);
        signal.setUnit(index % 2 == 0 ? "Cel" : "mm/s");
        signal.setMinimum(0.0);
        signal.setMaximum(100.0 + index);
        signal.setSamplingInterval(100);
        OpcUaNodeAddress address = F.createOpcUaNodeAddress();
        address.setNamespaceUri("urn:fabrica:bench");
        address.setIdentifierType(NodeIdType.STRING);
        address.setIdentifier(ElementPaths.pathOf(equipment) + "/" + signal.getName());
        address.setDeviceDataType("Double");
        SignalBinding binding = F.createSignalBinding();
        binding.setConnection(plc);
        binding.setAddress(address);
        signal.setBinding(binding);
        return signal;
    }

    /**
     * Runs the benchmark and prints a table.
     *
     * @param signals plant size
     * @param runs measured repetitions of each step (after one warm-up)
     * @param out where the table goes
     * @return the median load + validate time in milliseconds
     * @throws IOException if the scratch file cannot be written
     */
    public static double run(int signals, int runs, PrintStream out) throws IOException {
        Path dir = Files.createTempDirectory("fabrica-bench");
        Path file = dir.resolve("bench.plant");
        try {
            long generateStart = System.nanoTime();
            Enterprise plant = generate(signals);
            double generateMs = (System.nanoTime() - generateStart) / 1e6;
            List<Problem> problems = PlantValidation.validate(plant);
            if (PlantValidation.hasErrors(problems)) {
                throw new IllegalStateException("generated plant is invalid: " + problems.get(0));
            }
            List<Double> save = new ArrayList<>();
            List<Double> parse = new ArrayList<>();
            List<Double> load = new ArrayList<>();
            List<Double> validate = new ArrayList<>();
            List<Double> loadAndValidate = new ArrayList<>();
            PlantFiles.save(plant, file);
            long heap = retainedBytes(file); // measured first, while no other loaded copy is alive
            for (int i = 0; i <= runs; i++) {
                boolean warmUp = i == 0;
                record(save, warmUp, time(() -> PlantFiles.save(plant, file)));
                record(parse, warmUp, time(() -> saxParse(file)));
                Enterprise[] loaded = new Enterprise[1];
                double l = time(() -> loaded[0] = PlantFiles.load(file));
                double v = time(() -> PlantValidation.validate(loaded[0]));
                record(load, warmUp, l);
                record(validate, warmUp, v);
                record(loadAndValidate, warmUp, l + v);
            }
            long bytes = Files.size(file);
            double median = median(loadAndValidate);
            out.printf("Plant model benchmark: %,d signals, %,d equipment, file %.1f MB, %d runs after 1 warm-up (Java %s, %d cores)%n",
                    signals, (signals + SIGNALS_PER_EQUIPMENT - 1) / SIGNALS_PER_EQUIPMENT, bytes / 1e6, runs,
                    Runtime.version(), Runtime.getRuntime().availableProcessors());
            out.printf("%-26s %10s %10s %12s%n", "step", "median ms", "best ms", "x SAX parse");
            double base = median(parse);
            row(out, "bare SAX parse (baseline)", parse, base);
            row(out, "load (EMF XMI)", load, base);
            row(out, "validate (Diagnostician)", validate, base);
            row(out, "load + validate", loadAndValidate, base);
            row(out, "save (atomic)", save, base);
            out.printf("%-26s %10.1f%n", "generate in memory", generateMs);
            out.printf("heap held by the loaded model: %.1f MB (%.0f bytes per signal)%n", heap / 1e6, (double) heap / signals);
            out.printf("goal load + validate <= 2000 ms: %s%n", median <= 2000 ? "met" : "NOT met");
            return median;
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    private static void row(PrintStream out, String step, List<Double> times, double base) {
        double median = median(times);
        out.printf("%-26s %10.1f %10.1f %12.2f%n", step, median, Collections.min(times), median / base);
    }

    private static void record(List<Double> list, boolean warmUp, double ms) {
        if (!warmUp) {
            list.add(ms);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Heap in use after loading the file minus heap in use before (both after GC), with the model still reachable. */
    private static long retainedBytes(Path file) throws IOException {
        long before = usedAfterGc();
        Enterprise model = PlantFiles.load(file);
        long after = usedAfterGc();
        if (model.getSites().isEmpty()) { // keeps the model reachable until after the measurement
            throw new IllegalStateException("empty model");
        }
        return Math.max(0, after - before);
    }

    private static long usedAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void saxParse(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.newSAXParser().parse(in, new DefaultHandler());
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static double time(Step step) throws IOException {
        long start = System.nanoTime();
        try {
            step.run();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
        return (System.nanoTime() - start) / 1e6;
    }
}
