package io.fabrica.devices.sim;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.eclipse.emf.common.util.TreeIterator;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

import io.fabrica.devices.sim.generators.Fault;
import io.fabrica.devices.sim.generators.MachineState;
import io.fabrica.devices.sim.generators.Scenario;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.OpcUaNodeAddress;
import io.fabrica.model.plant.Signal;
import io.fabrica.opcua.server.OpcUaServerHost;
import io.fabrica.opcua.server.VariableNamespace;

/**
 * A simulated plant generated from a plant model: an OPC UA server whose address space holds a
 * variable for every signal of the model, at exactly the NodeId its binding names, fed by
 * realistic generators (vibration windows with bearing-fault frequencies, thermal drift, motor
 * current tied to speed, part images with defects). Faults are injected through the
 * {@code Simulation} object's methods ({@code InjectFault(Fault, RampSeconds)},
 * {@code ClearFault()}) or a {@link Scenario}; the {@code Simulation/Label} variable always
 * carries the ground truth of the machine and {@code Simulation/PartDefect} that of the last part
 * image, so recordings are labelled. Writable process parameters accept writes
 * only within their safe bounds. The machining cell makes a part every part period with the current
 * setpoints ({@link PartLine}: its context, and its measured quality three parts later).
 *
 * <p>Lifecycle: {@link #start} binds the port and starts generating; {@link #close} stops both.
 * Thread-safe.
 */
public final class SimulatedPlant implements AutoCloseable {

    /** Browse name of the folder with the simulator's own controls and ground truth. */
    public static final String SIMULATION = "Simulation";

    private static final long CLOCK_TICK_MS = 10;

    private final OpcUaServerHost host;
    private final MachineState machine;
    private final ScheduledExecutorService scheduler;
    private final Map<String, NodeId> signalNodes;
    private final SimulationControls controls;
    private final PartLine line;
    private final long startNanos = System.nanoTime();

    private SimulatedPlant(OpcUaServerHost host, MachineState machine, ScheduledExecutorService scheduler, Map<String, NodeId> signalNodes,
            SimulationControls controls, PartLine line) {
        this.line = line;
        this.host = host;
        this.machine = machine;
        this.scheduler = scheduler;
        this.signalNodes = signalNodes;
        this.controls = controls;
    }

    /**
     * Options of a simulated plant.
     *
     * @param bindAddress the address to listen on (127.0.0.1 for this machine only)
     * @param port the TCP port (1..65535)
     * @param seed the generators' random seed: the same seed and scenario give the same signals
     * @param scenario faults to inject over time, or {@code null}
     * @param defectRate share of part images with a defect, 0..1
     * @param pkiDirectory the server's PKI folder for secured endpoints (certificate created there
     *        on first use and kept); {@code null} for security None and anonymous access only
     * @param users user names and passwords accepted with a PKI folder; empty for none
     * @param allowAnonymous whether anonymous sessions are accepted (always, without a PKI folder)
     * @param trustAllClients whether every client certificate is accepted; if not, clients must be
     *        in the PKI folder's {@code trusted/certs} (refused ones land in {@code rejected})
     * @param partPeriod wall time between two parts of the machining cell (the simulator compresses a
     *        part's real cycle time, which the {@code Cycle Time} signal gives), at least 10 ms
     * @param trialEvery every this many parts the simulator sets new trial setpoints for speed and
     *        feed (an engineer running trials, for training data); 0 for never
     */
    public record Options(String bindAddress, int port, long seed, Scenario scenario, double defectRate, Path pkiDirectory,
            Map<String, String> users, boolean allowAnonymous, boolean trustAllClients, Duration partPeriod, int trialEvery) {

        /** The default part period: two parts a second. */
        public static final Duration DEFAULT_PART_PERIOD = Duration.ofMillis(500);

        /** @throws IllegalArgumentException if users are given without a PKI folder, the part period is below 10 ms or trialEvery negative */
        public Options {
            users = users == null ? Map.of() : Map.copyOf(users);
            partPeriod = partPeriod == null ? DEFAULT_PART_PERIOD : partPeriod;
            if (pkiDirectory == null && (!users.isEmpty() || !allowAnonymous)) {
                throw new IllegalArgumentException("user names and refusing anonymous access need a PKI folder (see Options.secured)");
            }
            if (partPeriod.toMillis() < 10) {
                throw new IllegalArgumentException("the part period must be at least 10 ms, not " + partPeriod.toMillis() + " ms");
            }
            if (trialEvery < 0) {
                throw new IllegalArgumentException("trial setpoints every " + trialEvery + " parts: give a positive number, or 0 for none");
            }
        }

        /**
         * Options with the default part cadence and no trials.
         *
         * @param bindAddress the address to listen on
         * @param port the TCP port
         * @param seed the generators' random seed
         * @param scenario faults to inject over time, or {@code null}
         * @param defectRate share of part images with a defect, 0..1
         * @param pkiDirectory the server's PKI folder, or {@code null}
         * @param users user names and passwords accepted with a PKI folder
         * @param allowAnonymous whether anonymous sessions are accepted
         * @param trustAllClients whether every client certificate is accepted
         */
        public Options(String bindAddress, int port, long seed, Scenario scenario, double defectRate, Path pkiDirectory,
                Map<String, String> users, boolean allowAnonymous, boolean trustAllClients) {
            this(bindAddress, port, seed, scenario, defectRate, pkiDirectory, users, allowAnonymous, trustAllClients, DEFAULT_PART_PERIOD, 0);
        }

        /**
         * Options without security: endpoint None, anonymous access.
         *
         * @param bindAddress the address to listen on
         * @param port the TCP port
         * @param seed the generators' random seed
         * @param scenario faults to inject over time, or {@code null}
         * @param defectRate share of part images with a defect, 0..1
         */
        public Options(String bindAddress, int port, long seed, Scenario scenario, double defectRate) {
            this(bindAddress, port, seed, scenario, defectRate, null, Map.of(), true, true);
        }

        /** @return options for this machine only on the given port, seed 42, no scenario, 10 % defective parts, security None */
        public static Options loopback(int port) {
            return new Options("127.0.0.1", port, 42, null, 0.1);
        }

        /**
         * @param port the TCP port
         * @param pkiDirectory the server's PKI folder
         * @param users user names and passwords (at least one)
         * @return {@link #loopback} options that also offer the secured endpoints (Basic256Sha256,
         *         Aes128_Sha256_RsaOaep, Aes256_Sha256_RsaPss with Sign and SignAndEncrypt) next to
         *         None, accept these users and no anonymous sessions, and trust every client
         *         certificate
         */
        public static Options secured(int port, Path pkiDirectory, Map<String, String> users) {
            return new Options("127.0.0.1", port, 42, null, 0.1, Objects.requireNonNull(pkiDirectory, "pkiDirectory"), users,
                    false, true);
        }

        /** @return a copy with this scenario */
        public Options withScenario(Scenario newScenario) {
            return new Options(bindAddress, port, seed, newScenario, defectRate, pkiDirectory, users, allowAnonymous, trustAllClients,
                    partPeriod, trialEvery);
        }

        /** @return a copy that accepts or refuses anonymous sessions (refusing needs a PKI folder) */
        public Options withAnonymous(boolean allowed) {
            return new Options(bindAddress, port, seed, scenario, defectRate, pkiDirectory, users, allowed, trustAllClients, partPeriod,
                    trialEvery);
        }

        /** @return a copy that trusts every client certificate, or only those in the PKI folder's trust list */
        public Options withTrustAllClients(boolean trustAll) {
            return new Options(bindAddress, port, seed, scenario, defectRate, pkiDirectory, users, allowAnonymous, trustAll, partPeriod,
                    trialEvery);
        }

        /** @return a copy that machines one part every {@code period} of wall time */
        public Options withPartPeriod(Duration period) {
            return new Options(bindAddress, port, seed, scenario, defectRate, pkiDirectory, users, allowAnonymous, trustAllClients, period,
                    trialEvery);
        }

        /** @return a copy that sets new trial setpoints every {@code parts} parts (0: never) */
        public Options withTrials(int parts) {
            return new Options(bindAddress, port, seed, scenario, defectRate, pkiDirectory, users, allowAnonymous, trustAllClients,
                    partPeriod, parts);
        }

        /** Passwords are never printed. */
        @Override
        public String toString() {
            return "Options[" + bindAddress + ":" + port + ", seed " + seed + (scenario != null ? ", scenario" : "") + ", defect rate "
                    + defectRate + ", a part every " + partPeriod.toMillis() + " ms" + (trialEvery > 0 ? ", trials every " + trialEvery
                            + " parts" : "") + (pkiDirectory != null ? ", PKI " + pkiDirectory + ", users " + users.keySet()
                            + (allowAnonymous ? ", anonymous" : "") + (trustAllClients ? ", trusts all clients" : "") : "") + "]";
        }
    }

    /**
     * Builds the address space from the plant model and starts serving and generating.
     *
     * @param plant the plant model; read once, not kept
     * @param options where to listen and how to generate
     * @return the running simulator
     * @throws io.fabrica.opcua.server.OpcUaServerException if the port is taken (the message names it)
     * @throws IllegalArgumentException if the model has no signals to simulate
     */
    public static SimulatedPlant start(Enterprise plant, Options options) {
        Objects.requireNonNull(plant, "plant");
        List<Signal> signals = signalsOf(plant);
        if (signals.isEmpty()) {
            throw new IllegalArgumentException("plant '" + plant.getName() + "' has no signals to simulate");
        }
        String namespaceUri = namespaceOf(signals, plant);
        OpcUaServerHost host = OpcUaServerHost.builder("Fabrica Simulated Plant").bindAddress(options.bindAddress())
                .port(options.port()).namespaceUri(namespaceUri)
                .security(options.pkiDirectory() == null ? null
                        : OpcUaServerHost.Security.pki(options.pkiDirectory()).withUsers(options.users())
                                .withAnonymous(options.allowAnonymous()).withTrustAllClients(options.trustAllClients()))
                .start();
        try {
            MachineState machine = new MachineState();
            VariableNamespace namespace = host.namespace();
            AddressSpace space = new AddressSpace(namespace, namespaceUri);
            SimulationControls controls = new SimulationControls(namespace, machine, options.scenario());
            PartLine line = new PartLine(machine, namespace, processSeed(options.seed()), options.trialEvery());
            Generators generators = new Generators(machine, options.seed(), options.defectRate(), controls::partInspected, line);
            Map<String, NodeId> nodes = new LinkedHashMap<>();
            List<SignalFeed> feeds = new ArrayList<>();
            for (Signal signal : signals) {
                NodeId id = space.addSignal(signal);
                nodes.put(io.fabrica.model.resource.ElementPaths.pathOf(signal), id);
                feeds.add(generators.feedFor(signal, id, namespace));
            }
            // two threads: PNG encoding of part images must not delay the vibration windows
            ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, task -> {
                Thread thread = new Thread(task, "fabrica-sim");
                thread.setDaemon(true);
                return thread;
            });
            SimulatedPlant sim = new SimulatedPlant(host, machine, scheduler, nodes, controls, line);
            sim.schedule(feeds, options.partPeriod().toMillis());
            return sim;
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
    }

    private void schedule(List<SignalFeed> feeds, long partPeriodMs) {
        scheduler.scheduleAtFixedRate(this::tickClock, 0, CLOCK_TICK_MS, TimeUnit.MILLISECONDS);
        scheduler.scheduleAtFixedRate(this::nextPart, partPeriodMs, partPeriodMs, TimeUnit.MILLISECONDS);
        for (SignalFeed feed : feeds) {
            feed.update(); // a first value at once, so a client never reads an empty node
            scheduler.scheduleAtFixedRate(() -> safely(feed), feed.periodMs(), feed.periodMs(), TimeUnit.MILLISECONDS);
        }
    }

    private void tickClock() {
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        controls.advanceTo(elapsed);
    }

    private void nextPart() {
        try {
            line.next();
        } catch (RuntimeException e) {
            // as for a signal feed: one bad part must not stop the line's cadence
        }
    }

    private static void safely(SignalFeed feed) {
        try {
            feed.update();
        } catch (RuntimeException e) {
            // a generator bug must not stop the other signals; the value simply stays as it was
        }
    }

    /** @return the URL clients connect to */
    public String endpointUrl() {
        return host.endpointUrl();
    }

    /** @return the namespace URI of the simulated signals (the one the plant's bindings name) */
    public String namespaceUri() {
        return host.namespace().getNamespaceUri();
    }

    /** @return the NodeId of every simulated signal, by the signal's element path */
    public Map<String, NodeId> signalNodes() {
        return Map.copyOf(signalNodes);
    }

    /** @return the simulated machine (for tests and the demo) */
    public MachineState machine() {
        return machine;
    }

    /**
     * Injects a fault now, as the {@code InjectFault} method does.
     *
     * @param fault the fault
     * @param rampSeconds seconds until it reaches full severity
     */
    public void injectFault(Fault fault, double rampSeconds) {
        controls.inject(fault, rampSeconds);
    }

    /** Clears any fault, as the {@code ClearFault} method does. */
    public void clearFault() {
        controls.clear();
    }

    /**
     * The seed of the machining cell's {@link io.fabrica.devices.sim.quality.MachiningProcess} for a
     * simulator seed: a process made with it and given the same setpoints makes the same parts as the
     * simulator (for an in-process replica of the line, or to check what the gauge publishes).
     *
     * @param seed the simulator's seed ({@link Options#seed()})
     * @return the process's seed
     */
    public static long processSeed(long seed) {
        return seed * 31 + 1_000_003;
    }

    /** @return the parts the machining cell has made so far */
    public long partsMade() {
        return line.parts();
    }

    /** @return the ground-truth label now ("normal" or the fault's label) */
    public String label() {
        return machine.label();
    }

    /** Stops generating and shuts the server down. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        host.close();
    }

    private static List<Signal> signalsOf(Enterprise plant) {
        List<Signal> signals = new ArrayList<>();
        for (TreeIterator<EObject> it = plant.eAllContents(); it.hasNext();) {
            if (it.next() instanceof Signal signal) {
                signals.add(signal);
            }
        }
        return signals;
    }

    /** The namespace most bindings name; the plant's own URN when nothing is bound. */
    private static String namespaceOf(List<Signal> signals, Enterprise plant) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Signal signal : signals) {
            if (signal.getBinding() != null && signal.getBinding().getAddress() instanceof OpcUaNodeAddress node
                    && node.getNamespaceUri() != null) {
                counts.merge(node.getNamespaceUri(), 1, Integer::sum);
            }
        }
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse("urn:fabrica:sim:" + plant.getName().toLowerCase().replaceAll("[^a-z0-9]+", "-"));
    }
}
