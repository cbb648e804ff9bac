package io.fabrica.deploy.runtime.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

import io.fabrica.deploy.opcua.RuntimeNodes;
import io.fabrica.opcua.server.VariableNamespace;

/**
 * The runtime's {@code Fabrica/Approvals} object ({@link RuntimeNodes#APPROVALS}): the {@code Pending} and
 * {@code History} variables (JSON text, refreshed twice a second) and the methods {@code Approve(Id)} and
 * {@code Reject(Id, Reason)}, each answering with a Result ({@code ok: …} or {@code refused: …}). Only the
 * engineer user may call them until roles exist (issue 20: then the approver role); everyone else is refused
 * and audited by {@link Approvals}. Also lets held values lapse once a second.
 */
public final class ApprovalNodes implements AutoCloseable {

    private final VariableNamespace ns;
    private final Approvals approvals;
    private final NodeId pending;
    private final NodeId history;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fabrica-runtime-approvals-timer");
        t.setDaemon(true);
        return t;
    });

    /**
     * Creates the folder, its variables and methods below {@code Fabrica}.
     *
     * @param ns the runtime's namespace (with the {@code Fabrica} folder)
     * @param approvals the held values
     */
    public ApprovalNodes(VariableNamespace ns, Approvals approvals) {
        this.ns = ns;
        this.approvals = approvals;
        NodeId folder = ns.addFolder(ns.idOf("Fabrica"), "Approvals");
        pending = ns.addVariable(folder, RuntimeNodes.PENDING_NAME, NodeIds.String, "[]", false);
        history = ns.addVariable(folder, RuntimeNodes.HISTORY_NAME, NodeIds.String, "[]", false);
        ns.addMethod(folder, "Approve", Map.of("Id", NodeIds.String), Map.of("Result", NodeIds.String),
                (caller, in) -> result(Roles.answer(1, () -> new Object[] {approvals.approve(caller, text(in, 0))})));
        Map<String, NodeId> rejectInputs = new LinkedHashMap<>();
        rejectInputs.put("Id", NodeIds.String);
        rejectInputs.put("Reason", NodeIds.String);
        ns.addMethod(folder, "Reject", rejectInputs, Map.of("Result", NodeIds.String),
                (caller, in) -> result(Roles.answer(1, () -> new Object[] {approvals.reject(caller, text(in, 0), text(in, 1))})));
        timer.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /** One Result output: {@code ok: <what was done>} or {@code refused: <why>}; the variables at once. */
    private Object[] result(Object[] answer) {
        publish();
        String verdict = String.valueOf(answer[1]);
        return new Object[] {"ok".equals(verdict) ? "ok: " + answer[0] : verdict};
    }

    private static String text(Object[] in, int i) {
        return in.length > i && in[i] != null ? String.valueOf(in[i]) : "";
    }

    private void tick() {
        try {
            approvals.expire();
            publish();
        } catch (RuntimeException e) {
            System.err.println("fabrica-runtime: approvals: " + e.getMessage());
        }
    }

    /** Copies the pending items and the history into the variables. */
    public void publish() {
        String p = approvals.pendingJson();
        if (!p.equals(ns.value(pending))) {
            ns.setValue(pending, p);
        }
        String h = approvals.historyJson();
        if (!h.equals(ns.value(history))) {
            ns.setValue(history, h);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
