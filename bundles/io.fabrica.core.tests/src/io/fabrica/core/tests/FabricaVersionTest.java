package io.fabrica.core.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.fabrica.core.Fabrica;

class FabricaVersionTest {

    @Test
    void versionIsTheInstalledBundleVersionInsideOsgi() {
        assertTrue(Fabrica.version().startsWith("0.1.0."), "version from the bundle, got " + Fabrica.version());
        assertTrue(Fabrica.banner().startsWith("Fabrica 0.1.0."), Fabrica.banner());
        assertTrue(Fabrica.banner().contains("Java " + Runtime.version().feature()), Fabrica.banner());
    }
}
