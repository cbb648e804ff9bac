package io.fabrica.pipeline.evaluation;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the fault episodes in the decisions and when each was first alarmed: an episode is a maximal
 * run of labelled decisions, in time order, with the same positive label. Unlabelled decisions are
 * skipped: they neither extend nor end an episode, and an alarm on them does not count.
 */
final class Episodes {

    private final DecisionColumns columns;
    private final List<LeadTime> found = new ArrayList<>();
    private int label = DecisionColumns.UNLABELLED;
    private long onset;
    private long end;
    private long firstAlarm;

    private Episodes(DecisionColumns columns) {
        this.columns = columns;
    }

    /**
     * @param columns the decisions
     * @param order their indices in time order
     * @return the episodes in time order
     */
    static List<LeadTime> find(DecisionColumns columns, int[] order) {
        Episodes episodes = new Episodes(columns);
        for (int i : order) {
            if (columns.labelled(i)) {
                episodes.next(i);
            }
        }
        episodes.close();
        return episodes.found;
    }

    private void next(int i) {
        int id = columns.labelId(i);
        if (id != label) {
            close();
            if (columns.truthPositive(i)) {
                label = id;
                onset = columns.time(i);
                firstAlarm = -1;
            }
        }
        if (label != DecisionColumns.UNLABELLED) {
            end = columns.time(i);
            if (firstAlarm < 0 && columns.alarm(i)) {
                firstAlarm = columns.time(i);
            }
        }
    }

    private void close() {
        if (label != DecisionColumns.UNLABELLED) {
            found.add(LeadTime.of(columns.labelName(label), onset, end, firstAlarm));
        }
        label = DecisionColumns.UNLABELLED;
    }
}
