package io.fabrica.cli.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.eclipse.emf.common.util.TreeIterator;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.edit.domain.AdapterFactoryEditingDomain;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.fabrica.cli.CommandContext;
import io.fabrica.cli.FabricaCommand;
import io.fabrica.devices.api.BrowseNode;
import io.fabrica.devices.api.DeviceException;
import io.fabrica.devices.api.DeviceSession;
import io.fabrica.devices.core.DeviceDrivers;
import io.fabrica.model.edit.PlantCommands;
import io.fabrica.model.edit.PlantEditing;
import io.fabrica.model.plant.DeviceConnection;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.OpcUaNodeAddress;
import io.fabrica.model.plant.PlantFactory;
import io.fabrica.model.plant.PlantPackage;
import io.fabrica.model.plant.Signal;
import io.fabrica.model.resource.ElementPaths;
import io.fabrica.model.resource.PlantFileException;

/**
 * {@code fabrica bind <plant> --from <endpoint> [--dry-run]}: browses the server and binds every
 * signal of the plant to the variable whose browse path ends with the longest part of the
 * signal's own path (at least equipment and signal name, compared ignoring case and
 * punctuation). Bindings are made as undoable model commands and saved atomically; signals with
 * no match, or several equally good ones, are reported and left as they were.
 */
@Component(service = FabricaCommand.class)
public final class BindCommand implements FabricaCommand {

    private static final int MAX_DEPTH = 12;

    @Reference
    private DeviceDrivers drivers;

    @Override
    public String name() {
        return "bind";
    }

    @Override
    public String summary() {
        return "Bind a plant's signals to a server's nodes by browse path";
    }

    @Override
    public String synopsis() {
        return "<plant> --from <endpoint> [--dry-run] [--timeout S] [--security Policy/Mode] [--user NAME] [--pki DIR] [--trust]";
    }

    /** A variable found on the server with its path of browse names from the Objects folder. */
    private record Found(BrowseNode node, List<String> path) {
    }

    @Override
    public int run(List<String> args, CommandContext context) throws Exception {
        Arguments arguments;
        Duration timeout;
        try {
            arguments = new Arguments(args, DeviceCommands.with(Set.of("--from", "--timeout"), DeviceCommands.OPTIONS), DeviceCommands.with(Set.of("--dry-run"), DeviceCommands.FLAGS));
            timeout = DeviceCommands.timeout(arguments);
        } catch (Arguments.UsageException e) {
            return Arguments.usage(context, name(), synopsis(), e.getMessage());
        }
        if (arguments.positional().size() != 1 || arguments.option("--from") == null) {
            return Arguments.usage(context, name(), synopsis(), "give a plant file and --from <endpoint>");
        }
        java.nio.file.Path file = RecordCommand.plantFile(Arguments.resolve(context, arguments.positional().get(0)));
        AdapterFactoryEditingDomain domain;
        try {
            domain = PlantEditing.open(file);
        } catch (PlantFileException e) {
            context.err().println("fabrica bind: " + e.getMessage());
            return CommandContext.FAILED;
        }
        String endpoint = arguments.option("--from");
        List<Found> variables = new ArrayList<>();
        try (DeviceSession session = DeviceCommands.open(drivers, arguments, endpoint)) {
            collect(session, null, List.of(), variables, timeout);
        } catch (Arguments.UsageException e) {
            return Arguments.usage(context, name(), synopsis(), e.getMessage());
        } catch (DeviceException e) {
            return DeviceCommands.failed(context, name(), e);
        }
        Enterprise plant = PlantEditing.root(domain);
        DeviceConnection connection = connectionFor(domain, plant, endpoint);
        int bound = 0;
        List<String> problems = new ArrayList<>();
        for (Signal signal : signals(plant)) {
            List<Found> best = bestMatches(signal, variables);
            if (best.size() == 1) {
                OpcUaNodeAddress address = (OpcUaNodeAddress) best.get(0).node().address();
                PlantCommands.bindOpcUa(domain, signal, connection, address.getNamespaceUri(), address.getIdentifierType(),
                        address.getIdentifier(), best.get(0).node().dataType());
                context.out().println("bound   " + ElementPaths.pathOf(signal) + " -> " + String.join("/", best.get(0).path()));
                bound++;
            } else {
                problems.add(ElementPaths.pathOf(signal) + ": " + (best.isEmpty() ? "no variable on the server matches its equipment and name"
                        : best.size() + " variables match equally well (" + best.stream().map(f -> String.join("/", f.path())).toList() + ")"));
            }
        }
        problems.forEach(p -> context.out().println("unbound " + p));
        if (!arguments.flag("--dry-run") && bound > 0) {
            PlantEditing.save(domain, file);
        }
        context.err().printf("%d of %d signals bound%s%n", bound, bound + problems.size(), arguments.flag("--dry-run") ? " (dry run, nothing saved)" : "");
        return problems.isEmpty() ? CommandContext.OK : CommandContext.FAILED;
    }

    private static void collect(DeviceSession session, BrowseNode parent, List<String> path, List<Found> out, Duration timeout)
            throws DeviceException {
        if (path.size() >= MAX_DEPTH) {
            return;
        }
        for (BrowseNode child : session.browseSync(parent == null ? null : parent.address(), timeout)) {
            OpcUaNodeAddress address = (OpcUaNodeAddress) child.address();
            if (parent == null && "http://opcfoundation.org/UA/".equals(address.getNamespaceUri())) {
                continue; // the server's own diagnostics
            }
            List<String> childPath = new ArrayList<>(path);
            childPath.add(child.browseName());
            if (child.kind() == BrowseNode.Kind.VARIABLE) {
                out.add(new Found(child, childPath));
            } else if (child.kind() == BrowseNode.Kind.OBJECT) {
                collect(session, child, childPath, out, timeout);
            }
        }
    }

    /** The variables whose path shares the longest suffix (at least two names) with the signal's path. */
    private static List<Found> bestMatches(Signal signal, List<Found> variables) {
        List<String> own = List.of(ElementPaths.pathOf(signal).split("/"));
        int bestLength = 1;
        List<Found> best = new ArrayList<>();
        for (Found found : variables) {
            int common = commonSuffix(own, found.path());
            if (common > bestLength) {
                bestLength = common;
                best.clear();
            }
            if (common == bestLength && common > 1) {
                best.add(found);
            }
        }
        return best;
    }

    private static int commonSuffix(List<String> a, List<String> b) {
        int n = 0;
        while (n < a.size() && n < b.size() && same(a.get(a.size() - 1 - n), b.get(b.size() - 1 - n))) {
            n++;
        }
        return n;
    }

    private static boolean same(String a, String b) {
        return normal(a).equals(normal(b));
    }

    private static String normal(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    /** The plant's connection to this endpoint; created (as a command) if the plant has none. */
    private static DeviceConnection connectionFor(AdapterFactoryEditingDomain domain, Enterprise plant, String endpoint) {
        for (DeviceConnection c : plant.getConnections()) {
            if (endpoint.equals(c.getEndpoint())) {
                return c;
            }
        }
        DeviceConnection created = PlantFactory.eINSTANCE.createDeviceConnection();
        created.setName(endpoint.replaceAll("^opc\\.tcp://", "").replace('/', ' ').trim());
        created.setEndpoint(endpoint);
        PlantCommands.add(domain, plant, PlantPackage.Literals.ENTERPRISE__CONNECTIONS, created);
        return created;
    }

    private static List<Signal> signals(Enterprise plant) {
        List<Signal> signals = new ArrayList<>();
        for (TreeIterator<EObject> it = plant.eAllContents(); it.hasNext();) {
            if (it.next() instanceof Signal s) {
                signals.add(s);
            }
        }
        return signals;
    }
}
