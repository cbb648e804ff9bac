package io.fabrica.cli;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What a {@link FabricaCommand} may use: standard output for results, standard error for
 * diagnostics and progress, and the folder the user started {@code fabrica} in.
 *
 * @param out results (parsable, no progress noise)
 * @param err diagnostics and progress
 * @param workingDirectory the user's current folder; relative paths resolve against it
 */
public record CommandContext(PrintStream out, PrintStream err, Path workingDirectory) {

    /** Exit code of a successful command. */
    public static final int OK = 0;

    /** Exit code when the work failed. */
    public static final int FAILED = 1;

    /** Exit code for bad usage (unknown command, wrong arguments). */
    public static final int USAGE = 2;
}
