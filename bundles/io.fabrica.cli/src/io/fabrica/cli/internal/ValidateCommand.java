package io.fabrica.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.osgi.service.component.annotations.Component;

import io.fabrica.cli.CommandContext;
import io.fabrica.cli.FabricaCommand;
import io.fabrica.model.edit.validation.PlantValidation;
import io.fabrica.model.edit.validation.Problem;
import io.fabrica.model.resource.PlantFileException;
import io.fabrica.model.resource.PlantFiles;
import io.fabrica.pipeline.resource.PipelineFiles;
import io.fabrica.pipeline.validation.PipelineValidation;

/**
 * {@code fabrica validate <file-or-project-dir>}: validates one plant or pipeline file, or every
 * {@code *.plant} and {@code *.pipeline} below a folder, and prints one line per problem:
 * {@code <file>: <severity>: <element path>: <message>}. Exit 0 when there is no error (warnings
 * allowed), 1 when any file has an error or cannot be read, 2 on bad usage.
 */
@Component(service = FabricaCommand.class)
public final class ValidateCommand implements FabricaCommand {

    private static final Set<String> SKIPPED_FOLDERS = Set.of("target", "bin", "node_modules");

    @Override
    public String name() {
        return "validate";
    }

    @Override
    public String summary() {
        return "Validate plant models and pipelines (a file, or every .plant/.pipeline in a project folder)";
    }

    @Override
    public String synopsis() {
        return "<file-or-project-dir>";
    }

    @Override
    public int run(List<String> args, CommandContext context) throws IOException {
        if (args.size() != 1 || args.get(0).startsWith("-")) {
            context.err().println("Usage: fabrica validate " + synopsis());
            return CommandContext.USAGE;
        }
        Path target = Arguments.resolve(context, args.get(0));
        if (!Files.exists(target)) {
            context.err().println("fabrica validate: " + args.get(0) + ": no such file or folder");
            return CommandContext.USAGE;
        }
        List<Path> files = plantFiles(target);
        if (files.isEmpty()) {
            context.err().println("fabrica validate: no .plant or .pipeline files in " + args.get(0));
            return CommandContext.FAILED;
        }
        int errors = 0;
        int warnings = 0;
        for (Path file : files) {
            String shown = shown(context, file);
            try {
                List<Problem> problems = file.toString().endsWith("." + PipelineFiles.EXTENSION)
                        ? PipelineValidation.validate(PipelineFiles.load(file))
                        : PlantValidation.validate(PlantFiles.load(file));
                for (Problem problem : problems) {
                    context.out().println(shown + ": " + problem);
                    if (problem.severity() == Problem.Severity.ERROR) {
                        errors++;
                    } else {
                        warnings++;
                    }
                }
            } catch (PlantFileException e) {
                String where = e.line() > 0 ? "line " + e.line() : "file";
                String message = e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
                context.out().println(shown + ": error: " + where + ": " + message);
                errors++;
            }
        }
        context.err().printf("%d file(s) checked: %d error(s), %d warning(s)%n", files.size(), errors, warnings);
        return errors == 0 ? CommandContext.OK : CommandContext.FAILED;
    }

    private static List<Path> plantFiles(Path target) throws IOException {
        if (Files.isRegularFile(target)) {
            return List.of(target);
        }
        try (Stream<Path> walk = Files.walk(target)) {
            return walk.filter(p -> (p.toString().endsWith(".plant") || p.toString().endsWith("." + PipelineFiles.EXTENSION))
                    && Files.isRegularFile(p))
                    .filter(p -> !inSkippedFolder(target.relativize(p)))
                    .sorted()
                    .toList();
        }
    }

    private static boolean inSkippedFolder(Path relative) {
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            String segment = relative.getName(i).toString();
            if (segment.startsWith(".") || SKIPPED_FOLDERS.contains(segment)) {
                return true;
            }
        }
        return false;
    }

    private static String shown(CommandContext context, Path file) {
        Path cwd = context.workingDirectory().toAbsolutePath().normalize();
        Path abs = file.toAbsolutePath().normalize();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }
}
