package io.fabrica.runtime.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

import io.fabrica.core.Fabrica;
import io.fabrica.deploy.core.Keys;
import io.fabrica.deploy.core.TrustStore;
import io.fabrica.deploy.runtime.RuntimeServer;
import io.fabrica.devices.core.DeviceDrivers;
import io.fabrica.opcua.server.OpcUaServerException;
import io.fabrica.pipeline.api.InferenceEngine;
import io.fabrica.pipeline.api.StageFactory;
import io.fabrica.pipeline.engine.PipelineEngine;

/**
 * The controller runtime application: runs a {@link RuntimeServer} with the inference engines and device
 * drivers installed as OSGi services. Prints one line when it is ready to accept clients and one when it
 * has stopped; stops cleanly on SIGTERM (the JVM's shutdown hook) or when the framework stops the
 * application. Deployments survive restarts, kill -9 included (see the store).
 */
public final class RuntimeApplication implements IApplication {

    /** Exit code for bad arguments or a port that cannot be bound. */
    private static final Integer EXIT_USAGE = 2;
    private static final Integer EXIT_FAILED = 1;
    private static final long SERVICE_WAIT_MILLIS = 10_000;
    private static final String PASSWORD_VARIABLE = "FABRICA_PASSWORD";

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private volatile RuntimeServer server;

    @Override
    public Object start(IApplicationContext context) throws Exception {
        String[] args = (String[]) context.getArguments().getOrDefault(IApplicationContext.APPLICATION_ARGS, new String[0]);
        RuntimeOptions options;
        Map<String, String> engineers;
        if (List.of(args).contains("--help")) {
            System.out.println(RuntimeOptions.USAGE);
            return IApplication.EXIT_OK;
        }
        try {
            options = RuntimeOptions.parse(List.of(args));
            engineers = engineers(options);
        } catch (IllegalArgumentException e) {
            System.err.println("fabrica-runtime: " + e.getMessage());
            System.err.println(RuntimeOptions.USAGE);
            return EXIT_USAGE;
        }
        try {
            trustKeys(options);
            BundleContext bundles = FrameworkUtil.getBundle(getClass()).getBundleContext();
            restorePlugins(bundles);
            server = RuntimeServer.start(new RuntimeServer.Options(options.bindAddress(), options.port(), options.dataDir(), engineers,
                    options.cycleBudgetMicros(), options.uploads(), options.approvals()), engine(bundles), drivers(bundles));
        } catch (OpcUaServerException | io.fabrica.deploy.core.PackageException e) {
            System.err.println("fabrica-runtime: " + e.getMessage());
            return EXIT_FAILED;
        }
        Thread hook = new Thread(this::shutDown, "fabrica-runtime-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        context.applicationRunning();
        System.out.println("Fabrica runtime ready on " + server.endpointUrl() + " (" + Fabrica.banner() + ", pid "
                + ProcessHandle.current().pid() + ", data " + options.dataDir() + ", running " + server.running() + ")"
                + (options.approvals().shadow() ? "; shadow mode: parameter writes are logged, never written" : ""));
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

    private static Map<String, String> engineers(RuntimeOptions options) {
        if (options.engineer() == null) {
            return Map.of();
        }
        String password = System.getenv(PASSWORD_VARIABLE);
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("--user " + options.engineer() + " needs the password in " + PASSWORD_VARIABLE);
        }
        return Map.of(options.engineer(), password);
    }

    private static void trustKeys(RuntimeOptions options) throws io.fabrica.deploy.core.PackageException {
        TrustStore trust = new TrustStore(options.dataDir().resolve("trusted-keys"));
        for (Path key : options.trustKeys()) {
            String name = key.getFileName().toString().replaceFirst("\\.pub$", "");
            trust.trust(Keys.readPublic(key), name);
        }
    }

    /** Vendor plugins installed into this installation (stages, engines, drivers) run deployed pipelines too. */
    private static void restorePlugins(BundleContext bundles) {
        try {
            io.fabrica.core.plugins.PluginInstaller.forInstallation(bundles).restore();
        } catch (io.fabrica.core.plugins.PluginException e) {
            System.err.println("fabrica-runtime: the installed plugins are not available: " + e.getMessage());
        }
    }

    /** Fabrica's stages and engines plus every vendor stage factory installed, as in the workbench and the CLI. */
    private static PipelineEngine engine(BundleContext bundles) throws Exception {
        PipelineEngine engine = new PipelineEngine(services(bundles, InferenceEngine.class));
        for (StageFactory factory : services(bundles, StageFactory.class)) {
            engine.addStageFactory(factory);
        }
        return engine;
    }

    private static <T> List<T> services(BundleContext bundles, Class<T> type) throws Exception {
        List<T> all = new ArrayList<>();
        for (ServiceReference<T> ref : bundles.getServiceReferences(type, null)) {
            all.add(bundles.getService(ref));
        }
        return all;
    }

    /** Declarative Services start the drivers asynchronously; wait for them a bounded time. */
    private static DeviceDrivers drivers(BundleContext bundles) throws InterruptedException {
        ServiceTracker<DeviceDrivers, DeviceDrivers> tracker = new ServiceTracker<>(bundles, DeviceDrivers.class, null);
        tracker.open();
        DeviceDrivers drivers = tracker.waitForService(SERVICE_WAIT_MILLIS);
        if (drivers == null) {
            throw new IllegalStateException("the device drivers service did not start within " + SERVICE_WAIT_MILLIS + " ms");
        }
        return drivers;
    }

    @Override
    public void stop() {
        stopRequested.countDown();
    }

    private synchronized void shutDown() {
        RuntimeServer running = server;
        server = null;
        if (running != null) {
            running.close();
            System.out.println("Fabrica runtime stopped");
            System.out.flush();
        }
        stopRequested.countDown();
    }
}
