package io.fabrica.cli.internal;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Component;

import io.fabrica.cli.CommandContext;
import io.fabrica.cli.FabricaCommand;
import io.fabrica.deploy.core.Keys;

/**
 * {@code fabrica keygen -o <name>}: creates an Ed25519 signing key pair, {@code <name>.key} (private,
 * owner-only) and {@code <name>.pub} (give it to the runtimes: {@code --trust-key}). Never overwrites.
 */
@Component(service = FabricaCommand.class)
public final class KeygenCommand implements FabricaCommand {

    @Override
    public String name() {
        return "keygen";
    }

    @Override
    public String summary() {
        return "Create an Ed25519 key pair for signing deployment packages";
    }

    @Override
    public String synopsis() {
        return "-o <name>   (writes <name>.key and <name>.pub)";
    }

    @Override
    public int run(List<String> args, CommandContext context) throws Exception {
        Arguments arguments;
        try {
            arguments = new Arguments(args, Set.of("-o", "--output"), Set.of());
            if (arguments.output() == null || !arguments.positional().isEmpty()) {
                return Arguments.usage(context, name(), synopsis(), "give -o <name>");
            }
        } catch (Arguments.UsageException e) {
            return Arguments.usage(context, name(), synopsis(), e.getMessage());
        }
        Path base = Arguments.resolve(context, arguments.output());
        Path privateKey = base.resolveSibling(base.getFileName() + ".key");
        Path publicKey = base.resolveSibling(base.getFileName() + ".pub");
        KeyPair pair = Keys.generate();
        Keys.write(pair, privateKey, publicKey);
        context.out().println("Wrote " + privateKey + " (keep it secret) and " + publicKey + " (fingerprint "
                + Keys.fingerprint(pair.getPublic()) + "; give it to runtimes with --trust-key)");
        return CommandContext.OK;
    }
}
