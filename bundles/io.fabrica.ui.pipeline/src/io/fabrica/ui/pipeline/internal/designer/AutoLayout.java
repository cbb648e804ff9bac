package io.fabrica.ui.pipeline.internal.designer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.swt.graphics.Point;

import io.fabrica.pipeline.Connection;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.Stage;

/**
 * Layered left-to-right layout: a stage's layer is the length of the longest path from a source to it
 * (topological order), layers become columns, and within a column stages are ordered by the average row
 * of the stages that feed them, which keeps most connections short and uncrossed. Stages in a cycle (an
 * invalid pipeline) are placed after the rest rather than failing. Pure; returns positions only.
 */
final class AutoLayout {

    private static final int LEFT = 40;
    private static final int TOP = 40;
    private static final int COLUMN_GAP = 130;
    private static final int ROW_GAP = 40;

    private AutoLayout() {
    }

    /** @return the new top-left corner of every stage */
    static Map<Stage, Point> layout(Pipeline pipeline) {
        Map<Stage, List<Stage>> feeders = new HashMap<>();
        for (Stage s : pipeline.getStages()) {
            feeders.put(s, new ArrayList<>());
        }
        for (Connection c : pipeline.getConnections()) {
            if (c.getSource() != null && c.getTarget() != null && c.getSource().eContainer() instanceof Stage a
                    && c.getTarget().eContainer() instanceof Stage b && feeders.containsKey(b) && feeders.containsKey(a)) {
                feeders.get(b).add(a);
            }
        }
        Map<Stage, Integer> layer = new HashMap<>();
        for (Stage s : pipeline.getStages()) {
            layerOf(s, feeders, layer, new java.util.HashSet<>());
        }
        int columns = layer.values().stream().max(Integer::compare).orElse(0) + 1;
        List<List<Stage>> byColumn = new ArrayList<>();
        for (int i = 0; i < columns; i++) {
            byColumn.add(new ArrayList<>());
        }
        pipeline.getStages().forEach(s -> byColumn.get(layer.get(s)).add(s));
        Map<Stage, Double> row = new HashMap<>();
        Map<Stage, Point> positions = new LinkedHashMap<>();
        for (int col = 0; col < columns; col++) {
            List<Stage> column = byColumn.get(col);
            List<Stage> model = pipeline.getStages();
            column.sort(Comparator.comparingDouble((Stage s) -> feeders.get(s).stream().mapToDouble(f -> row.getOrDefault(f, 0.0))
                    .average().orElse(model.indexOf(s))).thenComparingInt(model::indexOf));
            int y = TOP;
            for (int i = 0; i < column.size(); i++) {
                Stage s = column.get(i);
                row.put(s, (double) i);
                positions.put(s, new Point(LEFT + col * (DiagramGeometry.WIDTH + COLUMN_GAP), y));
                y += DiagramGeometry.size(s).y + ROW_GAP;
            }
        }
        return positions;
    }

    /** Longest path from a source; a stage met again on the current path (a cycle) counts as a source. */
    private static int layerOf(Stage s, Map<Stage, List<Stage>> feeders, Map<Stage, Integer> layer, java.util.Set<Stage> path) {
        Integer known = layer.get(s);
        if (known != null) {
            return known;
        }
        if (!path.add(s)) {
            return 0;
        }
        int l = 0;
        for (Stage f : feeders.get(s)) {
            l = Math.max(l, layerOf(f, feeders, layer, path) + 1);
        }
        path.remove(s);
        layer.put(s, l);
        return l;
    }
}
