package io.fabrica.deploy.runtime;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

import io.fabrica.core.Fabrica;
import io.fabrica.deploy.core.DeploymentPackage;
import io.fabrica.deploy.core.DeploymentStore;
import io.fabrica.deploy.core.TrustStore;
import io.fabrica.deploy.opcua.RuntimeNodes;
import io.fabrica.deploy.runtime.internal.ApprovalNodes;
import io.fabrica.deploy.runtime.internal.Approvals;
import io.fabrica.deploy.runtime.internal.AuditLog;
import io.fabrica.deploy.runtime.internal.Deployments;
import io.fabrica.deploy.runtime.internal.GcPauses;
import io.fabrica.devices.core.DeviceDrivers;
import io.fabrica.opcua.server.OpcUaServerHost;
import io.fabrica.opcua.server.TemporaryFileTransfer;
import io.fabrica.opcua.server.VariableNamespace;
import io.fabrica.pipeline.engine.LatencyHistogram;
import io.fabrica.pipeline.engine.PipelineEngine;

/**
 * The Fabrica controller runtime: an OPC UA server that accepts signed pipeline packages from engineers
 * over an encrypted channel, keeps them in a crash-safe store, and runs them with the same pipeline engine
 * as the workbench and the CLI. Used by the runtime product and by {@code fabrica demo}.
 *
 * <p>Address space ({@link RuntimeNodes}): {@code Fabrica/Runtime} (Version, State, StartedAt, ProcessId and the
 * garbage collector's pauses: GcPauses, GcPauseMillis, GcPauseHistogram)
 * and {@code Fabrica/Deployments} with the methods Deploy, Start, Stop, Rollback, Remove, List, the
 * package upload object {@code Upload} (an OPC UA TemporaryFileTransferType: packages of any size in chunks,
 * streamed to {@code uploads/} in the data folder) and one object per deployment with State, Version,
 * LastDecision, DecisionCount, LatencyP50, LatencyP99, LastError, LatencyHistogram, LatencyMax, SamplesDropped, and
 * {@code Fabrica/Approvals} (the parameter writes held for a person: Pending, History, Approve, Reject; see
 * {@link ApprovalSettings}). On start the deployments the store had acknowledged are restored, the running ones started.
 */
public final class RuntimeServer implements AutoCloseable {

    /**
     * How to run.
     *
     * @param bindAddress the address to listen on
     * @param port the TCP port
     * @param dataDir the runtime's folder: {@code deployments/}, {@code state.json}, {@code audit.log},
     *        {@code trusted-keys/}, {@code pki/}
     * @param engineers users with the engineer role (name to password): only they may deploy
     * @param cycleBudgetMicros the per-decision budget of this controller, in microseconds; a package
     *        measured slower is refused unless forced ({@code <= 0}: no budget)
     * @param uploads the limits of package uploads (largest package, uploads at once, chunk size, idle timeout)
     * @param approvals how held parameter writes are approved, expire, auto-approved, reverted; shadow mode
     */
    public record Options(String bindAddress, int port, Path dataDir, Map<String, String> engineers, double cycleBudgetMicros,
            TemporaryFileTransfer.Limits uploads, ApprovalSettings approvals) {
        /** Copies the users; checks the chunk size against the message size the server takes. */
        public Options {
            engineers = Map.copyOf(engineers);
            approvals = approvals == null ? ApprovalSettings.DEFAULTS : approvals;
            if (uploads.maxChunkBytes() > MAX_CHUNK_BYTES) {
                throw new IllegalArgumentException("the upload chunk size " + uploads.maxChunkBytes() + " is larger than " + MAX_CHUNK_BYTES
                        + " bytes, the most an OPC UA message of this server carries");
            }
        }

        /** With the default upload limits ({@link #DEFAULT_UPLOADS}) and approval settings. */
        public Options(String bindAddress, int port, Path dataDir, Map<String, String> engineers, double cycleBudgetMicros) {
            this(bindAddress, port, dataDir, engineers, cycleBudgetMicros, DEFAULT_UPLOADS);
        }

        /** With the default approval settings ({@link ApprovalSettings#DEFAULTS}). */
        public Options(String bindAddress, int port, Path dataDir, Map<String, String> engineers, double cycleBudgetMicros,
                TemporaryFileTransfer.Limits uploads) {
            this(bindAddress, port, dataDir, engineers, cycleBudgetMicros, uploads, ApprovalSettings.DEFAULTS);
        }

        /**
         * @param limits other upload limits
         * @return these options with those limits
         */
        public Options withUploads(TemporaryFileTransfer.Limits limits) {
            return new Options(bindAddress, port, dataDir, engineers, cycleBudgetMicros, limits, approvals);
        }

        /**
         * @param settings other approval settings
         * @return these options with them
         */
        public Options withApprovals(ApprovalSettings settings) {
            return new Options(bindAddress, port, dataDir, engineers, cycleBudgetMicros, uploads, settings);
        }
    }

    /**
     * The largest upload chunk: the server's OPC UA messages are limited to 2 MiB (Milo's default), and a
     * Write request carries the chunk plus its header, signature and padding.
     */
    public static final int MAX_CHUNK_BYTES = 2 * 1024 * 1024 - 64 * 1024;

    /**
     * Upload limits by default: packages up to {@link DeploymentPackage#MAX_TOTAL_BYTES} (512 MB), 2 uploads at once,
     * chunks up to 1 MiB, an upload untouched for 2 minutes is deleted (a dropped connection may resume within them).
     */
    public static final TemporaryFileTransfer.Limits DEFAULT_UPLOADS = new TemporaryFileTransfer.Limits(DeploymentPackage.MAX_TOTAL_BYTES, 2, 1 << 20,
            java.time.Duration.ofMinutes(2));

    private final OpcUaServerHost host;
    private final Deployments deployments;
    private final GcPauses gc;
    private final Approvals approvals;
    private final ApprovalNodes approvalNodes;

    private RuntimeServer(OpcUaServerHost host, Deployments deployments, GcPauses gc, Approvals approvals, ApprovalNodes approvalNodes) {
        this.host = host;
        this.deployments = deployments;
        this.gc = gc;
        this.approvals = approvals;
        this.approvalNodes = approvalNodes;
    }

    /**
     * Starts the runtime and restores its deployments.
     *
     * @param options how to run
     * @param engine the pipeline engine (with the installed inference engines)
     * @param drivers device drivers, to connect deployed pipelines to the plant
     * @return the running runtime; close it to stop
     * @throws io.fabrica.deploy.core.PackageException if the data folder cannot be read (e.g. an unreadable state file)
     * @throws io.fabrica.opcua.server.OpcUaServerException if the port cannot be bound
     */
    public static RuntimeServer start(Options options, PipelineEngine engine, DeviceDrivers drivers)
            throws io.fabrica.deploy.core.PackageException {
        Path data = options.dataDir().toAbsolutePath();
        DeploymentStore store = new DeploymentStore(data);
        TrustStore trust = new TrustStore(data.resolve("trusted-keys"));
        OpcUaServerHost.Security security = OpcUaServerHost.Security.pki(data.resolve("pki")).withUsers(options.engineers())
                .withAnonymous(true).withNone(true).withTrustAllClients(true);
        OpcUaServerHost host = OpcUaServerHost.builder("Fabrica Runtime").bindAddress(options.bindAddress()).port(options.port())
                .namespaceUri(RuntimeNodes.NAMESPACE).security(security).start();
        GcPauses gc = null;
        Approvals approvals = null;
        ApprovalNodes nodes = null;
        try {
            gc = publishRuntime(host.namespace());
            AuditLog audit = new AuditLog(data.resolve("audit.log"));
            approvals = new Approvals(options.approvals(), options.engineers(), audit, Clock.systemUTC());
            nodes = new ApprovalNodes(host.namespace(), approvals);
            Deployments deployments = new Deployments(host.namespace(), store, trust, engine, drivers, data, options, audit, approvals);
            deployments.restore();
            return new RuntimeServer(host, deployments, gc, approvals, nodes);
        } catch (RuntimeException e) {
            if (gc != null) {
                gc.close();
            }
            if (nodes != null) {
                nodes.close();
            }
            if (approvals != null) {
                approvals.close();
            }
            host.close();
            throw e;
        }
    }

    private static GcPauses publishRuntime(VariableNamespace ns) {
        NodeId fabrica = ns.addFolder(null, "Fabrica");
        NodeId runtime = ns.addFolder(fabrica, "Runtime");
        ns.addVariable(runtime, "Version", NodeIds.String, Fabrica.version(), false);
        ns.addVariable(runtime, "State", NodeIds.String, "Running", false);
        ns.addVariable(runtime, "StartedAt", NodeIds.DateTime, new DateTime(Instant.now()), false);
        ns.addVariable(runtime, "ProcessId", NodeIds.Int64, ManagementFactory.getRuntimeMXBean().getPid(), false);
        NodeId count = ns.addVariable(runtime, "GcPauses", NodeIds.Int64, 0L, false);
        NodeId total = ns.addVariable(runtime, "GcPauseMillis", NodeIds.Int64, 0L, false);
        NodeId histogram = ns.addVariable(runtime, "GcPauseHistogram", null, NodeIds.Int64, 1, boxed(new long[LatencyHistogram.BUCKETS]), false);
        GcPauses[] gc = new GcPauses[1];
        gc[0] = new GcPauses(() -> {
            ns.setValue(count, gc[0].count());
            ns.setValue(total, gc[0].totalMillis());
            ns.setValue(histogram, boxed(gc[0].histogram()));
        });
        ns.setValue(histogram, boxed(gc[0].histogram()));
        return gc[0];
    }

    /**
     * @param counts histogram counts
     * @return them boxed, as an OPC UA Int64 array variable takes them
     */
    public static Long[] boxed(long[] counts) {
        Long[] boxed = new Long[counts.length];
        for (int i = 0; i < counts.length; i++) {
            boxed[i] = counts[i];
        }
        return boxed;
    }

    /** @return the endpoint URL clients connect to */
    public String endpointUrl() {
        return host.endpointUrl();
    }

    /** @return the ids of the deployments currently running */
    public List<String> running() {
        return deployments.running();
    }

    /** Stops the deployed pipelines (their state in the store stays, so a restart resumes them) and the server. */
    @Override
    public void close() {
        gc.close();
        approvalNodes.close();
        deployments.close();
        approvals.close();
        host.close();
    }
}
