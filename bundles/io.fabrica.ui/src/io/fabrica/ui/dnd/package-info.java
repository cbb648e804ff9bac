/**
 * Drag and drop between Fabrica's views: {@link io.fabrica.ui.dnd.DeviceNodeTransfer} carries
 * {@link io.fabrica.ui.dnd.DeviceNodeRef}s from the Device Explorer to editors that bind signals.
 */
package io.fabrica.ui.dnd;
