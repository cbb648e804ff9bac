package io.fabrica.runtime.internal;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

import io.fabrica.core.Fabrica;
import io.fabrica.opcua.server.OpcUaServerException;
import io.fabrica.opcua.server.OpcUaServerHost;
import io.fabrica.opcua.server.VariableNamespace;

/**
 * The controller runtime: an OPC UA server that publishes the runtime's state under
 * {@code Objects/Fabrica/Runtime}. Prints one line when it is ready to accept clients and one
 * when it has stopped; stops cleanly on SIGTERM (the JVM's shutdown hook) or when the framework
 * stops the application.
 */
public final class RuntimeApplication implements IApplication {

    /** Exit code for bad arguments or a port that cannot be bound. */
    private static final Integer EXIT_USAGE = 2;
    private static final Integer EXIT_FAILED = 1;

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private volatile OpcUaServerHost host;

    @Override
    public Object start(IApplicationContext context) throws Exception {
        String[] args = (String[]) context.getArguments().getOrDefault(IApplicationContext.APPLICATION_ARGS, new String[0]);
        RuntimeOptions options;
        try {
            options = RuntimeOptions.parse(Arrays.asList(args));
        } catch (IllegalArgumentException e) {
            System.err.println("fabrica-runtime: " + e.getMessage());
            System.err.println(RuntimeOptions.USAGE);
            return EXIT_USAGE;
        }
        try {
            host = OpcUaServerHost.builder("Fabrica Runtime").bindAddress(options.bindAddress()).port(options.port()).start();
        } catch (OpcUaServerException e) {
            System.err.println("fabrica-runtime: " + e.getMessage());
            return EXIT_FAILED;
        }
        publishState(host.namespace());
        Thread hook = new Thread(this::shutDown, "fabrica-runtime-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        context.applicationRunning();
        System.out.println("Fabrica runtime ready on " + host.endpointUrl() + " (" + Fabrica.banner() + ", pid "
                + ProcessHandle.current().pid() + ")");
        System.out.flush();
        stopRequested.await();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // SIGTERM: the hook is doing the shutdown
        }
        shutDown();
        return IApplication.EXIT_OK;
    }

    @Override
    public void stop() {
        stopRequested.countDown();
    }

    private static void publishState(VariableNamespace ns) {
        NodeId fabrica = ns.addFolder(null, "Fabrica");
        NodeId runtime = ns.addFolder(fabrica, "Runtime");
        ns.addVariable(runtime, "Version", NodeIds.String, Fabrica.version(), false);
        ns.addVariable(runtime, "State", NodeIds.String, "Running", false);
        ns.addVariable(runtime, "StartedAt", NodeIds.DateTime, new DateTime(Instant.now()), false);
        ns.addVariable(runtime, "ProcessId", NodeIds.Int64, ManagementFactory.getRuntimeMXBean().getPid(), false);
    }

    private synchronized void shutDown() {
        OpcUaServerHost running = host;
        host = null;
        if (running != null) {
            running.close();
            System.out.println("Fabrica runtime stopped");
            System.out.flush();
        }
        stopRequested.countDown();
    }
}
