package io.fabrica.cli.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Component;

import io.fabrica.cli.CommandContext;
import io.fabrica.cli.FabricaCommand;
import io.fabrica.model.edit.aas.AasExporter;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.resource.PlantFileException;
import io.fabrica.model.resource.PlantFiles;

/**
 * {@code fabrica export-aas <file.plant> -o <file.json>}: writes the plant's equipment as Asset
 * Administration Shells (AAS V3.0 JSON) with a Digital Nameplate and a Signals submodel each.
 */
@Component(service = FabricaCommand.class)
public final class ExportAasCommand implements FabricaCommand {

    @Override
    public String name() {
        return "export-aas";
    }

    @Override
    public String summary() {
        return "Export a plant model's equipment as Asset Administration Shells (AAS JSON)";
    }

    @Override
    public String synopsis() {
        return "<file.plant> -o <file.json>";
    }

    @Override
    public int run(List<String> args, CommandContext context) throws Exception {
        Arguments arguments;
        try {
            arguments = new Arguments(args, Set.of("-o", "--output"), Set.of());
        } catch (Arguments.UsageException e) {
            return usage(context, e.getMessage());
        }
        String output = arguments.output();
        if (arguments.positional().size() != 1 || output == null) {
            return usage(context, "give one plant file and -o <file.json>");
        }
        Path plantFile = Arguments.resolve(context, arguments.positional().get(0));
        if (!Files.isRegularFile(plantFile)) {
            return usage(context, arguments.positional().get(0) + ": no such file");
        }
        Enterprise plant;
        try {
            plant = PlantFiles.load(plantFile);
        } catch (PlantFileException e) {
            context.err().println("fabrica export-aas: " + e.getMessage());
            return CommandContext.FAILED;
        }
        AasExporter.export(plant, Arguments.resolve(context, output));
        context.out().println("Wrote " + output);
        return CommandContext.OK;
    }

    private int usage(CommandContext context, String problem) {
        return Arguments.usage(context, name(), synopsis(), problem);
    }
}
