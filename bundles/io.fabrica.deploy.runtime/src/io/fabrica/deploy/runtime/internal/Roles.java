package io.fabrica.deploy.runtime.internal;

import java.util.Map;

import io.fabrica.opcua.server.MethodCall.Caller;

/**
 * Who may change the runtime. Until roles exist (issue 20) one role does everything: the engineer users the
 * runtime was started with may deploy, control, approve and reject; anyone else is refused (and the caller
 * audits the refusal). Approving a parameter write will then need an approver role instead.
 */
final class Roles {

    private Roles() {
    }

    /**
     * @param caller who calls
     * @param operation the operation, for the message
     * @param engineers the engineer users
     * @throws SecurityException if the channel is not encrypted or the caller is not an engineer
     */
    static void requireEngineer(Caller caller, String operation, Map<String, String> engineers) {
        if (!caller.encrypted()) {
            throw new SecurityException(operation + " needs a SignAndEncrypt channel; this one is " + caller.securityMode());
        }
        if (caller.user() == null || !engineers.containsKey(caller.user())) {
            throw new SecurityException(operation + " needs an authenticated user with the engineer role; "
                    + (caller.user() == null ? "this session is anonymous" : caller.user() + " is not an engineer"));
        }
    }

    /**
     * Runs an operation and answers with its outputs followed by a Result: {@code ok} or the refusal.
     * The reason travels as an output because OPC UA carries only a status code for a failed call, and a
     * user must read why an operation was refused.
     *
     * @param outputs how many outputs come before the Result
     * @param operation the operation; throws SecurityException, IllegalArgumentException or IllegalStateException to refuse
     * @return the method's outputs
     */
    static Object[] answer(int outputs, java.util.function.Supplier<Object[]> operation) {
        Object[] answer = new Object[outputs + 1];
        java.util.Arrays.fill(answer, "");
        try {
            Object[] values = operation.get();
            System.arraycopy(values, 0, answer, 0, values.length);
            answer[outputs] = "ok";
        } catch (SecurityException | IllegalArgumentException | IllegalStateException e) {
            answer[outputs] = "refused: " + e.getMessage();
        }
        return answer;
    }
}
