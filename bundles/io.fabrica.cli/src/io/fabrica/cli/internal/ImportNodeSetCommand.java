package io.fabrica.cli.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Component;

import io.fabrica.cli.CommandContext;
import io.fabrica.cli.FabricaCommand;
import io.fabrica.model.edit.nodeset.NodeSetException;
import io.fabrica.model.edit.nodeset.NodeSetImport;
import io.fabrica.model.edit.nodeset.NodeSetImporter;
import io.fabrica.model.edit.validation.PlantValidation;
import io.fabrica.model.edit.validation.Problem;
import io.fabrica.model.resource.PlantFiles;

/**
 * {@code fabrica import-nodeset <nodeset.xml> -o <file.plant> [--endpoint URL] [--force]}: turns
 * an OPC UA NodeSet2 file into a plant model whose signals are bound to the nodeset's NodeIds.
 * Refuses to overwrite an existing file unless {@code --force}. Prints what could not be mapped
 * and the validation result of the new model on stderr.
 */
@Component(service = FabricaCommand.class)
public final class ImportNodeSetCommand implements FabricaCommand {

    @Override
    public String name() {
        return "import-nodeset";
    }

    @Override
    public String summary() {
        return "Import an OPC UA NodeSet2 XML file as a plant model";
    }

    @Override
    public String synopsis() {
        return "<nodeset.xml> -o <file.plant> [--endpoint opc.tcp://...] [--force]";
    }

    @Override
    public int run(List<String> args, CommandContext context) throws Exception {
        Arguments arguments;
        try {
            arguments = new Arguments(args, Set.of("-o", "--output", "--endpoint"), Set.of("--force"));
        } catch (Arguments.UsageException e) {
            return usage(context, e.getMessage());
        }
        String output = arguments.output();
        if (arguments.positional().size() != 1 || output == null) {
            return usage(context, "give one nodeset file and -o <file.plant>");
        }
        Path nodeset = Arguments.resolve(context, arguments.positional().get(0));
        Path target = Arguments.resolve(context, output);
        if (!Files.isRegularFile(nodeset)) {
            return usage(context, arguments.positional().get(0) + ": no such file");
        }
        if (Files.exists(target) && !arguments.flag("--force")) {
            context.err().println("fabrica import-nodeset: " + output + " exists; use --force to replace it");
            return CommandContext.FAILED;
        }
        NodeSetImport result;
        try {
            result = NodeSetImporter.importNodeSet(nodeset, arguments.option("--endpoint"));
        } catch (NodeSetException e) {
            context.err().println("fabrica import-nodeset: " + e.getMessage());
            return CommandContext.FAILED;
        }
        result.warnings().forEach(w -> context.err().println("warning: " + w));
        PlantFiles.save(result.enterprise(), target);
        List<Problem> problems = PlantValidation.validate(result.enterprise());
        problems.forEach(p -> context.err().println(output + ": " + p));
        context.out().println("Wrote " + output + ": " + summary(result));
        return CommandContext.OK;
    }

    private static String summary(NodeSetImport result) {
        int equipment = 0;
        int signals = 0;
        for (var it = result.enterprise().eAllContents(); it.hasNext();) {
            Object element = it.next();
            if (element instanceof io.fabrica.model.plant.Equipment) {
                equipment++;
            } else if (element instanceof io.fabrica.model.plant.Signal) {
                signals++;
            }
        }
        return equipment + " equipment, " + signals + " signals bound to " + result.connection().getEndpoint()
                + (result.warnings().isEmpty() ? "" : ", " + result.warnings().size() + " warning(s)");
    }

    private int usage(CommandContext context, String problem) {
        return Arguments.usage(context, name(), synopsis(), problem);
    }
}
