package io.fabrica.cli.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.fabrica.cli.CommandContext;
import io.fabrica.cli.FabricaCommand;
import io.fabrica.core.Fabrica;

/**
 * Parses the command line and dispatches to a {@link FabricaCommand}. Independent of OSGi so that
 * it can be tested with plain command lists.
 */
public final class Cli {

    private final List<FabricaCommand> commands;

    /** @param commands the available commands */
    public Cli(List<FabricaCommand> commands) {
        List<FabricaCommand> sorted = new ArrayList<>(commands);
        sorted.sort(Comparator.comparing(FabricaCommand::name));
        this.commands = List.copyOf(sorted);
    }

    /**
     * Runs one command line.
     *
     * @param args the arguments after {@code fabrica}
     * @param context streams and working folder
     * @return the process exit code
     */
    public int run(List<String> args, CommandContext context) {
        if (args.isEmpty() || List.of("--help", "-h", "help").contains(args.get(0))) {
            context.out().print(usage());
            return CommandContext.OK;
        }
        String name = args.get(0);
        if (List.of("--version", "-V", "version").contains(name)) {
            context.out().println(Fabrica.banner());
            return CommandContext.OK;
        }
        Optional<FabricaCommand> command = commands.stream().filter(c -> c.name().equals(name)).findFirst();
        if (command.isEmpty()) {
            context.err().println("fabrica: unknown command '" + name + "'");
            context.err().print(usage());
            return CommandContext.USAGE;
        }
        try {
            return command.get().run(args.subList(1, args.size()), context);
        } catch (Exception e) {
            context.err().println("fabrica " + name + ": " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return CommandContext.FAILED;
        }
    }

    /** @return the usage text listing every command */
    public String usage() {
        StringBuilder text = new StringBuilder()
                .append("Usage: fabrica <command> [arguments]\n\n")
                .append(Fabrica.NAME).append(" — engineering workbench for AI in manufacturing, headless.\n\n")
                .append("Commands:\n");
        int width = commands.stream().mapToInt(c -> c.name().length() + c.synopsis().length() + 1).max().orElse(0);
        width = Math.max(width, "--version".length());
        for (FabricaCommand c : commands) {
            String head = (c.name() + " " + c.synopsis()).trim();
            text.append(String.format("  %-" + width + "s  %s%n", head, c.summary()));
        }
        text.append(String.format("  %-" + width + "s  %s%n", "--help", "Show this help"));
        text.append(String.format("  %-" + width + "s  %s%n", "--version", "Show the Fabrica and Java versions"));
        text.append("\nExit codes: 0 success, 1 the work failed, 2 bad usage.\n");
        return text.toString();
    }
}
