package com.example.fabrica.controller.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Objects;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import io.fabrica.deploy.api.DeploymentTarget;

/** In OSGi, as Fabrica's fleet finds targets: Declarative Services registers the ONNX controller target. */
class DeploymentTargetServiceTest {

    @Test
    void theTargetIsADeploymentTargetServiceForItsScheme() throws Exception {
        BundleContext context = Objects.requireNonNull(FrameworkUtil.getBundle(getClass()), "runs in OSGi").getBundleContext();
        ServiceTracker<DeploymentTarget, DeploymentTarget> tracker = new ServiceTracker<>(context, DeploymentTarget.class, null);
        tracker.open();
        try {
            tracker.waitForService(10_000); // DS activates asynchronously
            DeploymentTarget ours = Arrays.stream(tracker.getServices(new DeploymentTarget[0])).filter(t -> t.name().equals("onnx-controller"))
                    .findFirst().orElse(null);
            assertNotNull(ours, "an onnx-controller DeploymentTarget service is registered");
            assertTrue(ours.accepts("onnx-plc:/srv/plc/line1"));
        } finally {
            tracker.close();
        }
    }
}
