package io.fabrica.cli.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.osgi.service.component.annotations.Component;

import io.fabrica.cli.CommandContext;
import io.fabrica.cli.FabricaCommand;
import io.fabrica.model.edit.validation.Units;
import io.fabrica.pipeline.data.DatasetImport;

/**
 * {@code fabrica import-dataset <file.csv>… --rate <Hz> --column <name> … -o <dataset>}: turns CSV
 * recordings made elsewhere into a dataset folder in the layout {@code fabrica record} writes (see
 * {@link DatasetImport}). {@code --from}/{@code --to} take a time block of every file as a fraction of its
 * rows; a file written {@code name.csv@0.6:1} takes its own block. Labels are lower case (so
 * {@code Normal} in a file name is the negative label {@code normal}).
 */
@Component(service = FabricaCommand.class)
public final class ImportDatasetCommand implements FabricaCommand {

    private static final int DEFAULT_WINDOW = 1024;

    @Override
    public String name() {
        return "import-dataset";
    }

    @Override
    public String summary() {
        return "Turn CSV recordings (time + value columns) into a labelled dataset of sample windows";
    }

    @Override
    public String synopsis() {
        return "<file.csv>[@from:to]... --rate <Hz> --column <name> [--signal <name>] [--unit <UCUM>] [--window <n>] [--hop <n>]"
                + " [--label <label> | --label-from-filename <regex>] [--from <fraction>] [--to <fraction>] -o <dataset>";
    }

    @Override
    public int run(List<String> args, CommandContext context) throws Exception {
        Arguments a;
        DatasetImport.Options options;
        List<DatasetImport.Source> sources;
        try {
            a = new Arguments(args, Set.of("--rate", "--column", "--signal", "--unit", "--window", "--hop", "--label",
                    "--label-from-filename", "--from", "--to", "-o", "--output"), Set.of());
            requireBasics(a);
            options = options(a);
            sources = sources(a, context);
        } catch (Arguments.UsageException | IllegalArgumentException e) {
            return Arguments.usage(context, name(), synopsis(), e.getMessage());
        }
        DatasetImport.Imported imported = DatasetImport.run(sources, options, Arguments.resolve(context, a.output()));
        for (DatasetImport.Taken t : imported.sources()) {
            context.out().printf(Locale.ROOT, "%s: %d rows, samples %d to %d, %d windows%s%n", t.source().file().getFileName(), t.rows(),
                    t.firstSample(), t.endSample(), t.windows(), t.source().label().isEmpty() ? "" : ", label " + t.source().label());
        }
        context.out().printf(Locale.ROOT, "Imported %d windows of %d samples of %s into %s%n", imported.windows(), options.window(),
                imported.signalPath(), imported.dir());
        return CommandContext.OK;
    }

    private static void requireBasics(Arguments a) throws Arguments.UsageException {
        if (a.positional().isEmpty()) {
            throw new Arguments.UsageException("give at least one CSV file");
        }
        if (a.output() == null) {
            throw new Arguments.UsageException("give the dataset folder to create with -o <dataset>");
        }
        if (a.option("--rate") == null) {
            throw new Arguments.UsageException("give the sample rate of the files with --rate <Hz>");
        }
        if (a.option("--column") == null) {
            throw new Arguments.UsageException("give the value column to import with --column <name>");
        }
        if (a.option("--label") != null && a.option("--label-from-filename") != null) {
            throw new Arguments.UsageException("give --label or --label-from-filename, not both");
        }
    }

    private static DatasetImport.Options options(Arguments a) throws Arguments.UsageException {
        String unit = a.option("--unit") == null ? "" : a.option("--unit");
        if (!unit.isEmpty() && Units.problem(unit).isPresent()) {
            throw new Arguments.UsageException("--unit '" + unit + "' is not a UCUM unit: " + Units.problem(unit).get());
        }
        int window = whole(a, "--window", DEFAULT_WINDOW);
        String column = a.option("--column");
        String signal = a.option("--signal") != null ? a.option("--signal") : column;
        return new DatasetImport.Options(column, signal, unit, number(a, "--rate", 0), window, whole(a, "--hop", window));
    }

    private static List<DatasetImport.Source> sources(Arguments a, CommandContext context) throws Arguments.UsageException {
        double from = number(a, "--from", 0);
        double to = number(a, "--to", 1);
        Pattern labels = labelPattern(a);
        List<DatasetImport.Source> sources = new ArrayList<>();
        for (String arg : a.positional()) {
            Path file = Arguments.resolve(context, arg);
            double[] block = {from, to};
            int at = arg.lastIndexOf('@');
            if (!Files.exists(file) && at > 0) {
                file = Arguments.resolve(context, arg.substring(0, at));
                block = block(arg.substring(at + 1), arg);
            }
            sources.add(new DatasetImport.Source(file, block[0], block[1], label(a, labels, file)));
        }
        return sources;
    }

    private static double[] block(String text, String arg) throws Arguments.UsageException {
        String[] parts = text.split(":", -1);
        try {
            if (parts.length == 2) {
                return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])};
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new Arguments.UsageException(arg + ": a time block is written file.csv@from:to with fractions, e.g. @0.6:1");
    }

    private static Pattern labelPattern(Arguments a) throws Arguments.UsageException {
        String regex = a.option("--label-from-filename");
        try {
            return regex == null ? null : Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new Arguments.UsageException("--label-from-filename '" + regex + "' is not a regular expression: " + e.getDescription());
        }
    }

    /** The label of a file: --label, or group 1 (else the whole match) of the regex in the file name, lower case. */
    private static String label(Arguments a, Pattern labels, Path file) throws Arguments.UsageException {
        if (labels == null) {
            return a.option("--label") == null ? "" : a.option("--label").toLowerCase(Locale.ROOT);
        }
        Matcher m = labels.matcher(file.getFileName().toString());
        if (!m.find()) {
            throw new Arguments.UsageException(file.getFileName() + ": the name does not match --label-from-filename '" + labels + "'");
        }
        String label = m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group();
        return label.toLowerCase(Locale.ROOT);
    }

    private static double number(Arguments a, String option, double otherwise) throws Arguments.UsageException {
        String text = a.option(option);
        try {
            return text == null ? otherwise : Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new Arguments.UsageException(option + " takes a number, not '" + text + "'");
        }
    }

    private static int whole(Arguments a, String option, int otherwise) throws Arguments.UsageException {
        String text = a.option(option);
        try {
            return text == null ? otherwise : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new Arguments.UsageException(option + " takes a whole number, not '" + text + "'");
        }
    }
}
