package io.fabrica.ui.deploy.internal;

/**
 * How an action on a runtime ended, as the view reports it.
 *
 * @param runtime the runtime acted on
 * @param action {@code Deploy}, {@code Start}, {@code Stop}, {@code Rollback} or {@code Remove}
 * @param subject the package file name or deployment id
 * @param ok whether the runtime accepted it
 * @param reason the runtime's reason when it did not, empty otherwise
 * @param refused whether the runtime answered with a refusal (rather than not answering)
 * @param forced whether a deploy was forced past the cycle budget
 */
public record Outcome(RuntimeEntry runtime, String action, String subject, boolean ok, String reason, boolean refused, boolean forced) {

    /** @return one readable sentence naming the runtime, e.g. "Runtime opc.tcp://… refused Deploy of pdm-1.fpkg: …" */
    public String message() {
        String what = action + " of " + subject;
        if (ok) {
            return what + " on " + runtime.endpoint() + ": done";
        }
        return "Runtime " + runtime.endpoint() + (refused ? " refused " : " could not do ") + what + ": " + reason;
    }

    /** @return whether this is a cycle-budget refusal that Force would override */
    public boolean offersForce() {
        return !ok && refused && "Deploy".equals(action) && !forced && Failures.isCycleBudget(reason);
    }
}
