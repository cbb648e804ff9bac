package com.example.fabrica.bearing.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Objects;

import org.eclipse.emf.ecore.EPackage;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import com.example.fabrica.bearing.BearingFactory;
import com.example.fabrica.bearing.BearingPackage;

import io.fabrica.pipeline.PipelineFactory;
import io.fabrica.pipeline.api.StageFactory;

/**
 * In OSGi, as Fabrica finds it: Declarative Services registers the factory as a {@link StageFactory}
 * service, it supports new stages of the palette (no ports, no pipeline) and only Example Corp's, and
 * the EMF package is registered so pipeline files with the stage load.
 */
class StageFactoryServiceTest {

    @Test
    void theFactoryIsAStageFactoryServiceForEnvelopeStagesOnly() throws Exception {
        BundleContext context = Objects.requireNonNull(FrameworkUtil.getBundle(getClass()), "runs in OSGi").getBundleContext();
        ServiceTracker<StageFactory, StageFactory> tracker = new ServiceTracker<>(context, StageFactory.class, null);
        tracker.open();
        try {
            tracker.waitForService(10_000); // DS activates asynchronously
            StageFactory ours = Arrays.stream(tracker.getServices(new StageFactory[0]))
                    .filter(f -> f.supports(BearingFactory.eINSTANCE.createEnvelopeSpectrumStage())).findFirst().orElse(null);
            assertNotNull(ours, "a StageFactory service supports a new EnvelopeSpectrumStage without ports");
            assertFalse(ours.supports(PipelineFactory.eINSTANCE.createWindowStage()), "and not Fabrica's stages");
        } finally {
            tracker.close();
        }
    }

    @Test
    void theEmfPackageIsRegistered() {
        assertTrue(EPackage.Registry.INSTANCE.containsKey(BearingPackage.eNS_URI), "plugin.xml registers " + BearingPackage.eNS_URI);
        assertSame(BearingPackage.eINSTANCE, EPackage.Registry.INSTANCE.getEPackage(BearingPackage.eNS_URI));
    }
}
