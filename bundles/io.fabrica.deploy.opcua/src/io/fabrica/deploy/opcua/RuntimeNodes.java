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
}
