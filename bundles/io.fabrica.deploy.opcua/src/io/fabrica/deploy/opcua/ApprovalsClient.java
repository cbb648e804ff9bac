package io.fabrica.deploy.opcua;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

import io.fabrica.deploy.api.DeploymentException;
import io.fabrica.deploy.opcua.internal.OpcUaDeploymentTarget;
import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.devices.api.DeviceException;
import io.fabrica.devices.api.DeviceSession;
import io.fabrica.devices.api.SampledValue;
import io.fabrica.devices.core.DeviceDrivers;
import io.fabrica.model.plant.Address;

/**
 * A client of a runtime's {@code Fabrica/Approvals} ({@link RuntimeNodes#APPROVALS}): lists the parameter writes
 * held for approval and the latest decisions, approves and rejects them. Used by {@code fabrica approvals} and
 * the workbench's Approvals view. One session per call, as the deployment target does.
 */
public final class ApprovalsClient {

    /**
     * A held parameter write, as the runtime publishes it.
     *
     * @param id the short id to approve or reject it by
     * @param deployment the deployment whose pipeline proposed it
     * @param parameter the process parameter's element path
     * @param current its value when the proposal was made, {@code null} if unknown
     * @param proposed the proposed value
     * @param quality the predicted quality characteristic, {@code null} without a recommendation
     * @param predictedNow the quality predicted at the current setpoints
     * @param predictedWith the quality predicted with the proposed value
     * @param low the lower end of the prediction interval with it
     * @param high the upper end
     * @param gain the predicted gain of the change
     * @param reasons why, strongest first
     * @param heldAt when it was held (ISO-8601)
     * @param expires when it lapses (ISO-8601)
     * @param newer proposals for the same parameter since, not shown
     */
    public record Pending(String id, String deployment, String parameter, Double current, double proposed, String quality, Double predictedNow,
            Double predictedWith, Double low, Double high, Double gain, List<String> reasons, String heldAt, String expires, int newer) {
    }

    /**
     * A decided approval.
     *
     * @param id the approval's id
     * @param deployment the deployment
     * @param parameter the process parameter's element path
     * @param current the value before, {@code null} if unknown
     * @param proposed the value proposed (or written back, for a revert)
     * @param status WRITTEN, REJECTED, EXPIRED, REFUSED or REVERTED
     * @param user who decided ({@code runtime} for lapses, auto-approvals and reverts)
     * @param detail what happened, a sentence
     * @param time when (ISO-8601)
     */
    public record Event(String id, String deployment, String parameter, Double current, double proposed, String status, String user, String detail,
            String time) {
    }

    /**
     * @param pending the held values, oldest first
     * @param history the latest decisions, newest first
     */
    public record Snapshot(List<Pending> pending, List<Event> history) {
    }

    private static final Gson GSON = new Gson();
    private final OpcUaDeploymentTarget target;

    /** @param drivers the device drivers to connect with (Fabrica's OPC UA driver) */
    public ApprovalsClient(DeviceDrivers drivers) {
        this.target = new OpcUaDeploymentTarget(drivers);
    }

    /**
     * @param runtime where and how to connect
     * @return the pending items and the history
     * @throws DeploymentException naming the endpoint when it is unreachable or has no approvals
     */
    public Snapshot list(ConnectionSpec runtime) throws DeploymentException {
        try (DeviceSession session = target.open(runtime)) {
            List<SampledValue> v = session.readSync(List.<Address>of(OpcUaDeploymentTarget.node(RuntimeNodes.APPROVALS_PENDING),
                    OpcUaDeploymentTarget.node(RuntimeNodes.APPROVALS_HISTORY)), runtime.timeout());
            return new Snapshot(List.of(GSON.fromJson(text(v.get(0)), Pending[].class)), List.of(GSON.fromJson(text(v.get(1)), Event[].class)));
        } catch (DeviceException e) {
            throw new DeploymentException(runtime.endpoint() + ": " + e.getMessage(), e);
        } catch (JsonParseException | NullPointerException e) {
            throw new DeploymentException(runtime.endpoint() + ": the runtime's approvals are not readable (" + e.getMessage() + ")", e);
        }
    }

    private static String text(SampledValue v) {
        if (v.value() == null) {
            throw new JsonParseException("no " + RuntimeNodes.APPROVALS + " on this server; is it a Fabrica runtime?");
        }
        return String.valueOf(v.value());
    }

    /**
     * Approves a held value: the runtime writes it now.
     *
     * @param runtime where and how to connect, as the engineer
     * @param id the item's id
     * @return what the runtime did, a sentence
     * @throws DeploymentException with the runtime's refusal (unknown or expired id, no role, the guard refused the write)
     */
    public String approve(ConnectionSpec runtime, String id) throws DeploymentException {
        return call(runtime, RuntimeNodes.APPROVE, List.of(id));
    }

    /**
     * Rejects a held value: it is never written.
     *
     * @param runtime where and how to connect, as the engineer
     * @param id the item's id
     * @param reason why, for the record
     * @return what the runtime did, a sentence
     * @throws DeploymentException with the runtime's refusal
     */
    public String reject(ConnectionSpec runtime, String id, String reason) throws DeploymentException {
        return call(runtime, RuntimeNodes.REJECT, List.of(id, reason == null ? "" : reason));
    }

    private String call(ConnectionSpec runtime, String method, List<Object> arguments) throws DeploymentException {
        List<Object> outputs;
        try (DeviceSession session = target.open(runtime)) {
            outputs = session.call(OpcUaDeploymentTarget.node(RuntimeNodes.APPROVALS), OpcUaDeploymentTarget.node(method), arguments)
                    .get(runtime.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (DeviceException e) {
            throw new DeploymentException(runtime.endpoint() + ": " + e.getMessage(), e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new DeploymentException(runtime.endpoint() + ": " + method.substring(method.lastIndexOf('/') + 1) + " failed: " + cause.getMessage(),
                    cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeploymentException(runtime.endpoint() + ": interrupted", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new DeploymentException(runtime.endpoint() + " did not answer within " + runtime.timeout().toMillis() + " ms", e);
        }
        String result = outputs.isEmpty() ? "" : String.valueOf(outputs.get(0));
        if (!result.startsWith("ok")) {
            throw new DeploymentException(runtime.endpoint() + ": " + result, null);
        }
        return result.startsWith("ok: ") ? result.substring(4) : result;
    }
}
