package io.fabrica.cli;

import java.util.List;

/**
 * A sub-command of the {@code fabrica} command line ({@code fabrica <name> [args]}).
 * Bundles contribute commands as OSGi services of this type (Declarative Services
 * {@code @Component(service = FabricaCommand.class)}); the CLI lists and dispatches them.
 *
 * <p>Contract: {@link #run} is called on the CLI's main thread, writes results to
 * {@link CommandContext#out()} and problems to {@link CommandContext#err()}, and returns the
 * process exit code: 0 for success, 1 for a failure of the work, 2 for bad usage. An exception
 * thrown from {@code run} is reported as "fabrica &lt;name&gt;: &lt;message&gt;" with exit code 1.
 */
public interface FabricaCommand {

    /** @return the sub-command name, lower case, e.g. {@code "validate"}; unique among commands */
    String name();

    /** @return one line for the command list, e.g. "Validate a plant model" */
    String summary();

    /** @return the argument synopsis after the name, e.g. {@code "<file.plant>"}; may be empty */
    String synopsis();

    /**
     * Runs the command.
     *
     * @param args the arguments after the command name
     * @param context output streams and the working folder
     * @return the exit code
     * @throws Exception if the work fails; the message must say what failed and what to do
     */
    int run(List<String> args, CommandContext context) throws Exception;
}
