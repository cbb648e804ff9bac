package io.fabrica.cli.internal;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.fabrica.cli.CommandContext;
import io.fabrica.cli.FabricaCommand;
import io.fabrica.devices.api.BrowseNode;
import io.fabrica.devices.api.DeviceException;
import io.fabrica.devices.api.DeviceSession;
import io.fabrica.devices.core.DeviceDrivers;
import io.fabrica.devices.opcua.NodeAddresses;
import io.fabrica.model.plant.OpcUaNodeAddress;

/**
 * {@code fabrica browse <endpoint> [--depth N] [--json] [--all] [--timeout S]}: prints the device's
 * node tree below the Objects folder, one node per line with its node id, type and access, or as
 * JSON. The server's own diagnostics (namespace 0) are left out unless {@code --all}.
 */
@Component(service = FabricaCommand.class)
public final class BrowseCommand implements FabricaCommand {

    private static final String UA_NAMESPACE = "http://opcfoundation.org/UA/";

    @Reference
    private DeviceDrivers drivers;

    @Override
    public String name() {
        return "browse";
    }

    @Override
    public String summary() {
        return "Browse a device's nodes (OPC UA address space) as a tree or JSON";
    }

    @Override
    public String synopsis() {
        return "<endpoint> [--depth N] [--json] [--all] [--timeout S] [--security Policy/Mode] [--user NAME] [--pki DIR] [--trust]";
    }

    @Override
    public int run(List<String> args, CommandContext context) {
        Arguments arguments;
        Duration timeout;
        int depth;
        try {
            arguments = new Arguments(args, DeviceCommands.with(Set.of("--depth", "--timeout"), DeviceCommands.OPTIONS), DeviceCommands.with(Set.of("--json", "--all"), DeviceCommands.FLAGS));
            timeout = DeviceCommands.timeout(arguments);
            depth = Integer.parseInt(arguments.option("--depth") != null ? arguments.option("--depth") : "8");
            if (depth < 1) {
                throw new NumberFormatException();
            }
        } catch (Arguments.UsageException e) {
            return Arguments.usage(context, name(), synopsis(), e.getMessage());
        } catch (NumberFormatException e) {
            return Arguments.usage(context, name(), synopsis(), "--depth takes a whole number of at least 1");
        }
        if (arguments.positional().size() != 1) {
            return Arguments.usage(context, name(), synopsis(), "give one endpoint, e.g. opc.tcp://localhost:4840/fabrica");
        }
        String endpoint = arguments.positional().get(0);
        try (DeviceSession session = DeviceCommands.open(drivers, arguments, endpoint)) {
            JsonArray json = new JsonArray();
            walk(session, null, "", 0, depth, timeout, arguments.flag("--all"), arguments.flag("--json") ? json : null, context);
            if (arguments.flag("--json")) {
                context.out().println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(json));
            }
            return CommandContext.OK;
        } catch (Arguments.UsageException e) {
            return Arguments.usage(context, name(), synopsis(), e.getMessage());
        } catch (DeviceException e) {
            return DeviceCommands.failed(context, name(), e);
        }
    }

    private void walk(DeviceSession session, BrowseNode parent, String path, int level, int depth, Duration timeout, boolean all,
            JsonArray json, CommandContext context) throws DeviceException {
        List<BrowseNode> children = session.browseSync(parent == null ? null : parent.address(), timeout);
        for (BrowseNode child : children) {
            OpcUaNodeAddress address = (OpcUaNodeAddress) child.address();
            if (!all && level == 0 && UA_NAMESPACE.equals(address.getNamespaceUri())) {
                continue;
            }
            String childPath = path.isEmpty() ? child.browseName() : path + "/" + child.browseName();
            if (json != null) {
                json.add(toJson(child, childPath));
            } else {
                context.out().println(line(child, level));
            }
            if (child.kind() == BrowseNode.Kind.OBJECT && level + 1 < depth) {
                walk(session, child, childPath, level + 1, depth, timeout, all, json, context);
            }
        }
    }

    private static String line(BrowseNode node, int level) {
        String name = "  ".repeat(level) + node.displayName() + (node.kind() == BrowseNode.Kind.OBJECT ? "/" : "");
        String type = node.kind() == BrowseNode.Kind.VARIABLE ? (node.dataType() != null ? node.dataType() : "?") + (node.writable() ? " rw" : " r")
                : node.kind() == BrowseNode.Kind.METHOD ? "method" : "";
        return String.format("%-48s %-14s %s", name, type, NodeAddresses.format((OpcUaNodeAddress) node.address()));
    }

    private static JsonObject toJson(BrowseNode node, String path) {
        JsonObject o = new JsonObject();
        o.addProperty("path", path);
        o.addProperty("nodeId", NodeAddresses.format((OpcUaNodeAddress) node.address()));
        o.addProperty("kind", node.kind().name().toLowerCase());
        if (node.dataType() != null) {
            o.addProperty("dataType", node.dataType());
        }
        if (node.kind() == BrowseNode.Kind.VARIABLE) {
            o.addProperty("writable", node.writable());
        }
        return o;
    }
}
