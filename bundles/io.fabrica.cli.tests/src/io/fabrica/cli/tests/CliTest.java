package io.fabrica.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import io.fabrica.cli.CommandContext;
import io.fabrica.cli.FabricaCommand;
import io.fabrica.cli.internal.Cli;

class CliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CommandContext context = new CommandContext(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), Path.of("."));

    private final FabricaCommand failing = new FabricaCommand() {
        @Override
        public String name() {
            return "explode";
        }

        @Override
        public String summary() {
            return "Always fails";
        }

        @Override
        public String synopsis() {
            return "<file>";
        }

        @Override
        public int run(List<String> args, CommandContext ctx) {
            throw new IllegalStateException("file " + args.get(0) + " is corrupt");
        }
    };

    @Test
    void helpListsCommandsOnStdoutAndSucceeds() {
        assertEquals(0, new Cli(List.of(failing)).run(List.of("--help"), context));
        assertTrue(out().startsWith("Usage: fabrica <command>"), out());
        assertTrue(out().contains("explode <file>") && out().contains("Always fails"), out());
        assertEquals("", err());
    }

    @Test
    void unknownCommandExitsTwoWithUsageOnStderr() {
        assertEquals(2, new Cli(List.of()).run(List.of("frobnicate"), context));
        assertTrue(err().startsWith("fabrica: unknown command 'frobnicate'"), err());
        assertTrue(err().contains("Usage: fabrica"), err());
        assertEquals("", out());
    }

    @Test
    void versionPrintsTheBanner() {
        assertEquals(0, new Cli(List.of()).run(List.of("--version"), context));
        assertTrue(out().startsWith("Fabrica 0.1.0."), out());
    }

    @Test
    void failingCommandExitsOneWithItsMessage() {
        assertEquals(1, new Cli(List.of(failing)).run(List.of("explode", "line.plant"), context));
        assertEquals("fabrica explode: file line.plant is corrupt\n", err().replace("\r", ""));
    }

    @Test
    void doctorIsContributedAsAnOsgiService() throws Exception {
        BundleContext bundles = FrameworkUtil.getBundle(Cli.class).getBundleContext();
        List<String> names = bundles.getServiceReferences(FabricaCommand.class, null).stream()
                .map(ref -> bundles.getService(ref).name()).toList();
        assertTrue(names.contains("doctor"), "commands registered through Declarative Services: " + names);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
