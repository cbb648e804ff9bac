package io.fabrica.deploy.runtime.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

import io.fabrica.deploy.core.DeploymentPackage;
import io.fabrica.deploy.core.DeploymentStore;
import io.fabrica.deploy.core.DeploymentStore.Deployment;
import io.fabrica.deploy.core.DeploymentStore.State;
import io.fabrica.deploy.core.PackageException;
import io.fabrica.deploy.core.TrustStore;
import io.fabrica.deploy.opcua.RuntimeNodes;
import io.fabrica.deploy.runtime.RuntimeServer;
import io.fabrica.devices.core.DeviceDrivers;
import io.fabrica.opcua.server.MethodCall.Caller;
import io.fabrica.opcua.server.VariableNamespace;
import io.fabrica.pipeline.api.InferenceEngine;
import io.fabrica.pipeline.engine.PipelineEngine;

/**
 * The runtime's Deployments object: the OPC UA methods, their security checks, the store and the hosted
 * pipelines. Every operation is serialized (one deployment change at a time) and audited. The store is
 * written before Deploy answers; a new version that fails to start leaves the previous one running.
 */
public final class Deployments implements AutoCloseable {

    private static final NodeId BYTE_STRING = NodeIds.ByteString;

    private final VariableNamespace ns;
    private final DeploymentStore store;
    private final TrustStore trust;
    private final PipelineEngine engine;
    private final DeviceDrivers drivers;
    private final Path pki;
    private final RuntimeServer.Options options;
    private final AuditLog audit;
    private final Approvals approvals;
    private final NodeId folder;
    private final io.fabrica.opcua.server.TemporaryFileTransfer uploads;
    private final Map<String, HostedPipeline> running = new LinkedHashMap<>();
    private final Map<String, NodeId> objects = new LinkedHashMap<>();
    private final ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fabrica-runtime-variables");
        t.setDaemon(true);
        return t;
    });

    /**
     * Creates the Deployments folder and its methods.
     *
     * @param audit the runtime's audit log
     * @param approvals where the hosted pipelines' held parameter writes wait
     */
    public Deployments(VariableNamespace ns, DeploymentStore store, TrustStore trust, PipelineEngine engine, DeviceDrivers drivers, Path dataDir,
            RuntimeServer.Options options, AuditLog audit, Approvals approvals) {
        this.ns = ns;
        this.store = store;
        this.trust = trust;
        this.engine = engine;
        this.drivers = drivers;
        this.pki = dataDir.resolve("pki-client");
        this.options = options;
        this.audit = audit;
        this.approvals = approvals;
        this.folder = ns.addFolder(ns.idOf("Fabrica"), "Deployments");
        Map<String, NodeId> deployInputs = new LinkedHashMap<>();
        deployInputs.put("Package", BYTE_STRING);
        deployInputs.put("Force", NodeIds.Boolean);
        Map<String, NodeId> deployOutputs = new LinkedHashMap<>();
        deployOutputs.put("Id", NodeIds.String);
        deployOutputs.put("Result", NodeIds.String);
        ns.addMethod(folder, "Deploy", deployInputs, deployOutputs, (caller, in) -> Roles.answer(1, () -> deploy(caller, in)));
        for (String control : RuntimeNodes.CONTROLS) {
            ns.addMethod(folder, control, Map.of("Id", NodeIds.String), Map.of("Result", NodeIds.String),
                    (caller, in) -> Roles.answer(0, () -> control(control, caller, in)));
        }
        ns.addMethod(folder, "List", Map.of(), Map.of("Ids", NodeIds.String), (caller, in) -> new Object[] {String.join("\n", ids())});
        // large packages come in chunks through the standard file transfer object; Deploy stays for small ones
        this.uploads = ns.addTemporaryFileTransfer(folder, RuntimeNodes.UPLOAD_NAME, dataDir.resolve(RuntimeNodes.UPLOAD_FOLDER), options.uploads(),
                new PackageUploads(this));
        publisher.scheduleWithFixedDelay(this::publish, 500, 500, TimeUnit.MILLISECONDS);
    }

    /** Starts the deployments the store says were running (after a restart or a crash). */
    public synchronized void restore() {
        for (Deployment d : store.list()) {
            object(d);
            if (d.state() == State.RUNNING) {
                try {
                    start(d);
                } catch (Exception e) {
                    fail(d.id(), "restoring after restart: " + message(e));
                }
            }
        }
        publish();
    }

    private Object[] deploy(Caller caller, Object[] in) {
        byte[] bytes = in.length > 0 && in[0] instanceof byte[] b ? b : new byte[0];
        boolean force = in.length > 1 && Boolean.TRUE.equals(in[1]);
        return new Object[] {deploy(caller, "package of " + bytes.length + " bytes", () -> DeploymentPackage.read(bytes, trust), force)};
    }

    /** Reads and verifies a package; the reading is deferred until the caller was checked. */
    @FunctionalInterface
    interface PackageReader {
        DeploymentPackage read() throws PackageException;
    }

    /**
     * Deploys a package (from the Deploy method or a finished upload): checks the caller, verifies the package
     * (signature, entries), its engines and the cycle budget, installs it and audits the outcome.
     *
     * @param caller who deploys
     * @param subject the package as the audit names it until it is read
     * @param reader reads and verifies the package
     * @param force install even over the cycle budget
     * @return the deployment id
     * @throws SecurityException, IllegalArgumentException or IllegalStateException with the refusal
     */
    synchronized String deploy(Caller caller, String subject, PackageReader reader, boolean force) {
        String audited = subject;
        try {
            requireEngineer(caller, "Deploy");
            DeploymentPackage pkg = reader.read();
            audited = "sha256 " + pkg.sha256();
            checkEngines(pkg);
            checkBudget(pkg, force);
            Deployment installed = install(pkg);
            audit.record(caller.user(), "Deploy", audited, "ok: " + installed.id() + " version " + installed.version());
            return installed.id();
        } catch (PackageException e) {
            audit.record(caller.user(), "Deploy", audited, "refused: " + e.getMessage());
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (RuntimeException e) {
            audit.record(caller.user(), "Deploy", audited, "refused: " + e.getMessage());
            throw e;
        }
    }

    /** Audits a refusal that happened before a package was read (e.g. an upload refused at its start). */
    void refused(Caller caller, String operation, String subject, String reason) {
        audit.record(caller.user(), operation, subject, "refused: " + reason);
    }

    void requireEngineer(Caller caller, String operation) {
        Roles.requireEngineer(caller, operation, options.engineers());
    }

    private void checkEngines(DeploymentPackage pkg) {
        List<String> installed = engine.inferenceEngines().stream().map(InferenceEngine::name).toList();
        for (String needed : pkg.manifest().engines()) {
            if (installed.stream().noneMatch(needed::equalsIgnoreCase)) {
                throw new IllegalArgumentException("the pipeline needs the inference engine '" + needed + "'; this runtime has " + installed);
            }
        }
    }

    private void checkBudget(DeploymentPackage pkg, boolean force) {
        double needed = pkg.manifest().latencyP99Micros();
        double budget = options.cycleBudgetMicros();
        if (!force && budget > 0 && Double.isFinite(needed) && needed > budget) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "the pipeline needs %.0f µs per decision (p99, measured at evaluation) but this controller's cycle budget is %.0f µs;"
                            + " deploy with Force to install it anyway", needed, budget));
        }
    }

    /** Writes the package to the store; if the pipeline was running, switches to the new version or stays on the old one. */
    private Deployment install(DeploymentPackage pkg) {
        Deployment installed;
        try {
            installed = store.install(pkg);
        } catch (PackageException e) {
            throw new IllegalStateException("the package could not be stored: " + e.getMessage(), e);
        }
        object(installed);
        if (running.containsKey(installed.id())) {
            closeHosted(installed.id());
            try {
                start(installed);
            } catch (Exception e) {
                return keepPrevious(installed, e);
            }
        }
        publish();
        return installed;
    }

    private Deployment keepPrevious(Deployment failed, Exception why) {
        String reason = "version " + failed.version() + " did not start (" + message(why) + "); version " + failed.previousVersion()
                + " keeps running";
        try {
            Deployment previous = store.rollback(failed.id());
            start(previous);
            store.setState(previous.id(), State.RUNNING, reason);
        } catch (Exception e) {
            fail(failed.id(), reason + ", but restarting it failed too: " + message(e));
        }
        publish();
        throw new IllegalStateException(reason, why);
    }

    private synchronized Object[] control(String operation, Caller caller, Object[] in) {
        String id = in.length > 0 && in[0] != null ? String.valueOf(in[0]) : "";
        try {
            requireEngineer(caller, operation);
            Deployment d = store.get(id).orElseThrow(() -> new IllegalArgumentException("no deployment '" + id + "'; deployed: " + String.join(", ", ids())));
            switch (operation) {
                case "Start" -> {
                    if (!running.containsKey(id)) {
                        start(d);
                    }
                }
                case "Stop" -> stop(d, State.STOPPED);
                case "Rollback" -> rollback(d);
                case "Remove" -> {
                    stop(d, State.STOPPED);
                    store.remove(id);
                    ns.setValue(variable(id, "State"), "REMOVED");
                }
                default -> throw new IllegalArgumentException("unknown operation " + operation);
            }
            audit.record(caller.user(), operation, id, "ok");
            publish();
            return new Object[0];
        } catch (IllegalArgumentException | IllegalStateException | SecurityException e) {
            audit.record(caller.user(), operation, id, "refused: " + e.getMessage());
            publish(); // a start the parity gate refused is FAILED with its reason: visible at once
            throw e;
        } catch (Exception e) {
            audit.record(caller.user(), operation, id, "failed: " + message(e));
            publish();
            throw new IllegalStateException(operation + " " + id + " failed: " + message(e), e);
        }
    }

    private void rollback(Deployment d) throws Exception {
        boolean wasRunning = running.containsKey(d.id());
        Deployment previous = store.rollback(d.id());
        if (wasRunning) {
            closeHosted(d.id());
            start(previous);
        }
    }

    private void start(Deployment d) throws Exception {
        try {
            RuntimeParity.check(engine, store.pipelineFile(d));
        } catch (io.fabrica.pipeline.api.PipelineException e) {
            store.setState(d.id(), State.FAILED, e.getMessage());
            throw new IllegalStateException(e.getMessage(), e);
        }
        HostedPipeline hosted = HostedPipeline.start(store.pipelineFile(d), engine, drivers, pki, approvals.settings(),
                graph -> approvals.attach(d.id(), graph));
        running.put(d.id(), hosted);
        store.setState(d.id(), State.RUNNING, "");
    }

    private void stop(Deployment d, State state) throws PackageException {
        closeHosted(d.id());
        store.setState(d.id(), state, "");
    }

    /** Stops a hosted pipeline; its held parameter writes lapse. */
    private void closeHosted(String id) {
        HostedPipeline hosted = running.remove(id);
        if (hosted != null) {
            approvals.detach(id);
            hosted.close();
        }
    }

    private void fail(String id, String error) {
        closeHosted(id);
        try {
            store.setState(id, State.FAILED, error);
        } catch (Exception e) {
            System.err.println("fabrica-runtime: cannot record the failure of " + id + ": " + message(e));
        }
    }

    private String[] ids() {
        return store.list().stream().map(Deployment::id).toArray(String[]::new);
    }

    /** Creates the deployment's object and variables the first time it is seen. */
    private void object(Deployment d) {
        if (objects.containsKey(d.id())) {
            return;
        }
        NodeId object = ns.addFolder(folder, d.id());
        objects.put(d.id(), object);
        ns.addVariable(object, "Name", NodeIds.String, d.name(), false);
        ns.addVariable(object, "State", NodeIds.String, d.state().name(), false);
        ns.addVariable(object, "Version", NodeIds.String, d.version(), false);
        ns.addVariable(object, "LastDecision", NodeIds.String, "", false);
        ns.addVariable(object, "DecisionCount", NodeIds.Int64, 0L, false);
        ns.addVariable(object, "LatencyP50", NodeIds.Double, Double.NaN, false);
        ns.addVariable(object, "LatencyP99", NodeIds.Double, Double.NaN, false);
        ns.addVariable(object, "LastError", NodeIds.String, d.lastError() == null ? "" : d.lastError(), false);
        ns.addVariable(object, "LatencyHistogram", null, NodeIds.Int64, 1,
                RuntimeServer.boxed(new long[io.fabrica.pipeline.engine.LatencyHistogram.BUCKETS]), false);
        ns.addVariable(object, "LatencyMax", NodeIds.Double, Double.NaN, false);
        ns.addVariable(object, "QueueWaitHistogram", null, NodeIds.Int64, 1,
                RuntimeServer.boxed(new long[io.fabrica.pipeline.engine.LatencyHistogram.BUCKETS]), false);
        ns.addVariable(object, "SamplesDropped", NodeIds.Int64, 0L, false);
    }

    private NodeId variable(String id, String name) {
        return ns.nodeId(RuntimeNodes.variable(id, name));
    }

    /** Copies the store's state and the hosted pipelines' counters into the variables. */
    private synchronized void publish() {
        for (Deployment d : store.list()) {
            object(d);
            HostedPipeline hosted = running.get(d.id());
            String failure = hosted == null ? null : hosted.failure();
            if (failure != null) {
                fail(d.id(), failure);
                hosted = null;
            }
            Optional<Deployment> now = store.get(d.id());
            Deployment current = now.orElse(d);
            ns.setValue(variable(d.id(), "Name"), current.name());
            ns.setValue(variable(d.id(), "State"), current.state().name());
            ns.setValue(variable(d.id(), "Version"), current.version());
            ns.setValue(variable(d.id(), "LastError"), current.lastError() == null ? "" : current.lastError());
            if (hosted != null) {
                double[] latency = hosted.latencyMicros();
                ns.setValue(variable(d.id(), "LastDecision"), hosted.lastDecision());
                ns.setValue(variable(d.id(), "DecisionCount"), hosted.decisions());
                ns.setValue(variable(d.id(), "LatencyP50"), latency[0]);
                ns.setValue(variable(d.id(), "LatencyP99"), latency[1]);
                ns.setValue(variable(d.id(), "LatencyHistogram"), RuntimeServer.boxed(hosted.latencyHistogram()));
                ns.setValue(variable(d.id(), "LatencyMax"), hosted.latencyMax());
                ns.setValue(variable(d.id(), "QueueWaitHistogram"), RuntimeServer.boxed(hosted.queueWait()));
                ns.setValue(variable(d.id(), "SamplesDropped"), hosted.dropped());
            }
        }
    }

    /** @return the ids of the running deployments */
    public synchronized List<String> running() {
        return new ArrayList<>(running.keySet());
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** @return the keys packages must be signed with */
    TrustStore trust() {
        return trust;
    }

    /** Stops every hosted pipeline; their state in the store stays RUNNING so a restart resumes them. */
    @Override
    public synchronized void close() {
        uploads.close();
        publisher.shutdownNow();
        new ArrayList<>(running.keySet()).forEach(this::closeHosted);
    }
}
