package io.fabrica.ui.pipeline.internal.designer;

import java.util.function.Supplier;

import io.fabrica.pipeline.Stage;

/**
 * One entry of the palette: a kind of stage the user can place.
 *
 * @param id stable identifier (also carried by drag and drop), e.g. {@code "window"}
 * @param label what the palette shows, e.g. "Window"
 * @param group the palette group
 * @param description the palette tooltip
 * @param creator makes a new, detached stage with the ports the kind needs (not yet named or placed)
 */
record StageKind(String id, String label, PaletteGroup group, String description, Supplier<Stage> creator) {

    /** @return a new detached stage of this kind */
    Stage create() {
        return creator.get();
    }
}
