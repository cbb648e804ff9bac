package io.fabrica.cli.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabrica.cli.CommandContext;

/**
 * A command's arguments split into positional ones and {@code --option value} / {@code -o value}
 * pairs and flags. Unknown options are usage errors ({@link UsageException}).
 */
final class Arguments {

    private final List<String> positional = new ArrayList<>();
    private final Map<String, String> options = new HashMap<>();

    /**
     * @param args the arguments after the command name
     * @param withValue options that take a value (e.g. {@code -o}, {@code --endpoint})
     * @param flags options without a value (e.g. {@code --force})
     * @throws UsageException on an unknown option or a missing value
     */
    Arguments(List<String> args, Set<String> withValue, Set<String> flags) throws UsageException {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (withValue.contains(arg)) {
                if (i + 1 >= args.size()) {
                    throw new UsageException(arg + " needs a value");
                }
                options.put(arg, args.get(++i));
            } else if (flags.contains(arg)) {
                options.put(arg, "true");
            } else if (arg.startsWith("-") && arg.length() > 1) {
                throw new UsageException("unknown option " + arg);
            } else {
                positional.add(arg);
            }
        }
    }

    List<String> positional() {
        return positional;
    }

    String option(String name) {
        return options.get(name);
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }

    /** @return the value of {@code -o} or {@code --output}, or {@code null} */
    String output() {
        return options.getOrDefault("-o", options.get("--output"));
    }

    /**
     * Reports bad usage of a command: the problem, then its synopsis, on stderr.
     *
     * @return {@link CommandContext#USAGE}
     */
    static int usage(CommandContext context, String command, String synopsis, String problem) {
        context.err().println("fabrica " + command + ": " + problem);
        context.err().println("Usage: fabrica " + command + " " + synopsis);
        return CommandContext.USAGE;
    }

    /** @return the path resolved against the user's folder */
    static Path resolve(CommandContext context, String path) {
        return context.workingDirectory().resolve(path).normalize();
    }

    /** Bad usage: the command prints the message and its synopsis and exits 2. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
