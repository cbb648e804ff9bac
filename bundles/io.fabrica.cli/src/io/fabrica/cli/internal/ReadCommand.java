package io.fabrica.cli.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.fabrica.cli.CommandContext;
import io.fabrica.cli.FabricaCommand;
import io.fabrica.devices.api.DeviceException;
import io.fabrica.devices.api.DeviceSession;
import io.fabrica.devices.api.SampledValue;
import io.fabrica.devices.core.DeviceDrivers;
import io.fabrica.devices.opcua.NodeAddresses;
import io.fabrica.model.plant.Address;

/**
 * {@code fabrica read <endpoint> <node>... [--timeout S]}: reads current values and prints one
 * line per node ({@code <node> = <value>}). Exit 1 when a node does not exist or has a bad value.
 */
@Component(service = FabricaCommand.class)
public final class ReadCommand implements FabricaCommand {

    @Reference
    private DeviceDrivers drivers;

    @Override
    public String name() {
        return "read";
    }

    @Override
    public String summary() {
        return "Read current values of device nodes";
    }

    @Override
    public String synopsis() {
        return "<endpoint> <node>... [--timeout S] [--security Policy/Mode] [--user NAME] [--pki DIR] [--trust]";
    }

    @Override
    public int run(List<String> args, CommandContext context) {
        Arguments arguments;
        Duration timeout;
        try {
            arguments = new Arguments(args, DeviceCommands.with(Set.of("--timeout"), DeviceCommands.OPTIONS), DeviceCommands.with(Set.of(), DeviceCommands.FLAGS));
            timeout = DeviceCommands.timeout(arguments);
        } catch (Arguments.UsageException e) {
            return Arguments.usage(context, name(), synopsis(), e.getMessage());
        }
        if (arguments.positional().size() < 2) {
            return Arguments.usage(context, name(), synopsis(), "give an endpoint and at least one node, e.g. nsu=urn:plant;s=Line 1/Speed");
        }
        String endpoint = arguments.positional().get(0);
        try (DeviceSession session = DeviceCommands.open(drivers, arguments, endpoint)) {
            List<Address> nodes = new ArrayList<>();
            for (String text : arguments.positional().subList(1, arguments.positional().size())) {
                nodes.add(DeviceCommands.node(session, text, timeout));
            }
            List<SampledValue> values = session.readSync(nodes, timeout);
            boolean allGood = true;
            for (int i = 0; i < nodes.size(); i++) {
                context.out().println(NodeAddresses.format((io.fabrica.model.plant.OpcUaNodeAddress) nodes.get(i)) + " = "
                        + DeviceCommands.format(values.get(i)));
                allGood &= values.get(i).quality() != SampledValue.Quality.BAD;
            }
            return allGood ? CommandContext.OK : CommandContext.FAILED;
        } catch (Arguments.UsageException e) {
            return Arguments.usage(context, name(), synopsis(), e.getMessage());
        } catch (DeviceException e) {
            return DeviceCommands.failed(context, name(), e);
        } catch (IllegalArgumentException e) {
            context.err().println("fabrica read: " + e.getMessage());
            return CommandContext.FAILED;
        }
    }
}
