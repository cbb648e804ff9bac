package io.fabrica.ui.tests.plugin;

import java.util.concurrent.CompletableFuture;

import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.devices.api.DeviceDriver;
import io.fabrica.devices.api.DeviceException;
import io.fabrica.devices.api.DeviceSession;

/**
 * Not used in place: {@link PluginsPageTest} copies this class into a plugin bundle it builds at test
 * time, with a Declarative Services descriptor, to see a vendor driver come and go through the
 * workbench's Plugins page. Its connect always fails, naming itself.
 */
public final class LoopbackEchoDriver implements DeviceDriver {

    @Override
    public String id() {
        return "echo-test";
    }

    @Override
    public String label() {
        return "Echo test driver (installed by a UI test)";
    }

    @Override
    public CompletableFuture<DeviceSession> connect(ConnectionSpec spec) {
        return CompletableFuture.failedFuture(new DeviceException(DeviceException.Reason.UNREACHABLE,
                "the echo test driver connects nowhere: " + spec.endpoint(), null));
    }
}
