package io.fabrica.deploy.opcua;

/**
 * The address space contract between the Fabrica runtime and its clients: namespace and node names of
 * the Deployments object. Shared by the runtime (which creates the nodes) and the deployment target
 * (which calls them), so the two cannot drift apart.
 */
public final class RuntimeNodes {

    /** The runtime's namespace URI. */
    public static final String NAMESPACE = "urn:fabrica:runtime";
    /** The folder of the deployments: methods live here, one object per deployment below it. */
    public static final String DEPLOYMENTS = "Fabrica/Deployments";
    /** Deploy(Package: ByteString, Force: Boolean) → Id: String, Result: String ({@code ok} or {@code refused: <reason>}). */
    public static final String DEPLOY = DEPLOYMENTS + "/Deploy";
    /** Start, Stop, Rollback, Remove (Id: String) → Result: String. */
    public static final java.util.List<String> CONTROLS = java.util.List.of("Start", "Stop", "Rollback", "Remove");
    /** List() → Ids: String (the ids of the deployments the runtime has, one per line). */
    public static final String LIST = DEPLOYMENTS + "/List";
    /** The variables of each deployment object ({@code Fabrica/Deployments/<id>/<variable>}). */
    public static final java.util.List<String> VARIABLES = java.util.List.of("Name", "State", "Version", "LastDecision", "DecisionCount",
            "LatencyP50", "LatencyP99", "LastError");
    /**
     * Further variables of each deployment object, for benchmarks and monitoring: {@code LatencyHistogram}
     * (Int64[]: decisions per microsecond bucket since the pipeline started, buckets as in
     * {@code io.fabrica.pipeline.engine.LatencyHistogram}; decision latency is from a sample's arrival in the
     * runtime to the end of the push that decided), {@code LatencyMax} (Double, µs, since the start),
     * {@code SamplesDropped} (Int64: samples the pipeline fell too far behind to take) and {@code QueueWaitHistogram}
     * (Int64[]: the part of that latency the decided samples waited for the pipeline thread, same buckets).
     */
    public static final java.util.List<String> LATENCY_VARIABLES = java.util.List.of("LatencyHistogram", "LatencyMax", "SamplesDropped",
            "QueueWaitHistogram");

    /** The folder of the runtime's own variables (Version, State, StartedAt, ProcessId and the GC variables). */
    public static final String RUNTIME = "Fabrica/Runtime";
    /**
     * The garbage collector's pauses in the runtime process since it started: {@code GcPauses} (Int64, how many),
     * {@code GcPauseMillis} (Int64, their total) and {@code GcPauseHistogram} (Int64[], per microsecond bucket as
     * {@link #LATENCY_VARIABLES}' histogram; the JVM reports pauses in whole milliseconds).
     */
    public static final java.util.List<String> GC_VARIABLES = java.util.List.of("GcPauses", "GcPauseMillis", "GcPauseHistogram");

    /** The browse name of the package upload object below {@link #DEPLOYMENTS}. */
    public static final String UPLOAD_NAME = "Upload";
    /**
     * The package upload object, an OPC UA TemporaryFileTransferType (OPC 10000-5, Annex C):
     * GenerateFileForWrite(options: {@link #uploadOptions}) → FileNodeId, FileHandle; then the file object's
     * Write(FileHandle, Data) chunk by chunk (at most its MaxByteStringLength each) and CloseAndCommit(FileHandle)
     * on this object. The outcome is in the file object's {@code Result} variable ({@code ok: <deployment id>} or
     * {@code refused: <reason>}); a refused call's reason in this object's {@code LastError}. GenerateFileForWrite
     * with the same options resumes an unfinished upload of the same user: GetPosition(FileHandle) tells where.
     * The file object's Close(FileHandle) abandons the upload.
     */
    public static final String UPLOAD = DEPLOYMENTS + "/" + UPLOAD_NAME;
    /** The folder below the runtime's data folder where uploads are written until they are committed. */
    public static final String UPLOAD_FOLDER = "uploads";

    /**
     * The folder of the parameter writes held for approval. Its variables {@link #APPROVALS_PENDING} and
     * {@link #APPROVALS_HISTORY} are JSON text; its methods {@link #APPROVE} and {@link #REJECT} answer with one
     * Result output, {@code ok: <what was done>} or {@code refused: <why>}. Only the engineer user may call them
     * (until roles exist, issue 20: then an approver role).
     */
    public static final String APPROVALS = "Fabrica/Approvals";
    /** The browse name of the pending items variable. */
    public static final String PENDING_NAME = "Pending";
    /** The browse name of the history variable. */
    public static final String HISTORY_NAME = "History";
    /**
     * Pending (String): a JSON array, oldest first, of the held values: {@code id} (6 hex digits), {@code deployment},
     * {@code parameter} (element path), {@code current} (null if unknown), {@code proposed}, and when a recommendation
     * came with it {@code quality}, {@code predictedNow}, {@code predictedWith}, {@code low}, {@code high} (the
     * prediction interval with the change), {@code gain}; {@code reasons} (strings), {@code heldAt}, {@code expires}
     * (ISO-8601 instants), {@code newer} (proposals for the same parameter since, not shown).
     */
    public static final String APPROVALS_PENDING = APPROVALS + "/" + PENDING_NAME;
    /**
     * History (String): a JSON array, newest first, of the last 100 decisions: {@code id}, {@code deployment},
     * {@code parameter}, {@code current}, {@code proposed}, {@code status} (WRITTEN, REJECTED, EXPIRED, REFUSED,
     * REVERTED), {@code user}, {@code detail}, {@code time}.
     */
    public static final String APPROVALS_HISTORY = APPROVALS + "/" + HISTORY_NAME;
    /** Approve(Id: String) → Result: String. Writes the held value now, through the write-time guard. */
    public static final String APPROVE = APPROVALS + "/Approve";
    /** Reject(Id: String, Reason: String) → Result: String. The value is never written; the reason is required. */
    public static final String REJECT = APPROVALS + "/Reject";

    private RuntimeNodes() {
    }

    /**
     * @param id a deployment id
     * @param variable one of {@link #VARIABLES}
     * @return the string identifier of that variable
     */
    public static String variable(String id, String variable) {
        return DEPLOYMENTS + "/" + id + "/" + variable;
    }

    /**
     * @param size the package's size in bytes
     * @param sha256 the package's SHA-256 (hex)
     * @param force deploy even over the cycle budget
     * @return GenerateFileForWrite's options for a package upload: {@code {"size":…,"sha256":"…","force":…}}
     */
    public static String uploadOptions(long size, String sha256, boolean force) {
        return "{\"size\":" + size + ",\"sha256\":\"" + sha256 + "\",\"force\":" + force + "}";
    }
}
