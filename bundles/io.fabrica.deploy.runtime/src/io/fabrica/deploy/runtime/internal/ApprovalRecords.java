package io.fabrica.deploy.runtime.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.gson.Gson;

import io.fabrica.deploy.runtime.ApprovalSettings;
import io.fabrica.model.plant.ProcessParameter;
import io.fabrica.model.resource.ElementPaths;
import io.fabrica.pipeline.WriteSignalSink;
import io.fabrica.pipeline.api.ParameterWrite;
import io.fabrica.pipeline.api.Recommendation;
import io.fabrica.pipeline.engine.CompiledPipeline;

/**
 * How the approvals are written down: the JSON of the Pending and History variables, the audit's subject
 * and the check of the auto-approve bands against a deployment's parameters.
 */
final class ApprovalRecords {

    /** How many decisions the History variable keeps. */
    static final int HISTORY = 100;
    private static final Gson GSON = new Gson();

    /** One decided approval for the History variable. */
    record Event(String id, String deployment, String parameter, Double current, double proposed, String status, String user, String detail,
            String time) {
    }

    private ApprovalRecords() {
    }

    /**
     * The bands of the parameters this graph writes, by parameter path.
     *
     * @throws IllegalStateException if a band reaches outside its parameter's safe bounds
     */
    static Map<String, ApprovalSettings.Band> bands(CompiledPipeline graph, List<ApprovalSettings.Band> bands) {
        Map<String, ApprovalSettings.Band> byPath = new HashMap<>();
        for (var stage : graph.pipeline().getStages()) {
            if (!(stage instanceof WriteSignalSink sink) || sink.getTarget() == null) {
                continue;
            }
            ProcessParameter p = sink.getTarget();
            String path = ElementPaths.pathOf(p);
            for (ApprovalSettings.Band band : bands) {
                if (!band.names(p.getName(), path)) {
                    continue;
                }
                if (p.getSafeMinimum() == null || p.getSafeMaximum() == null || band.low() < p.getSafeMinimum() || band.high() > p.getSafeMaximum()) {
                    throw new IllegalStateException(String.format(Locale.ROOT,
                            "--auto-approve %s reaches outside the safe bounds [%s, %s] of %s; the band must lie inside them", band, p.getSafeMinimum(),
                            p.getSafeMaximum(), path));
                }
                byPath.put(path, band);
            }
        }
        return byPath;
    }

    /** @return the audit's subject: deployment, parameter and the values */
    static String subject(String deployment, ParameterWrite w) {
        Double current = current(w);
        return String.format(Locale.ROOT, "%s %s %s -> %s", deployment, w.parameter(), current == null ? "?" : current, w.value());
    }

    /** @return the parameter's value when the proposal was made, {@code null} if unknown */
    static Double current(ParameterWrite w) {
        Recommendation r = w.recommendation();
        return r == null || !Double.isFinite(r.current()) ? null : r.current();
    }

    /** @return a sentence for the caller: what became of the value */
    static String describe(ParameterWrite w) {
        return w.status().name().toLowerCase(Locale.ROOT) + ": " + w.parameter() + " = " + w.value() + " (" + w.detail() + ")";
    }

    static String pendingJson(Collection<Approvals.Item> items, Map<String, Integer> newer) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (Approvals.Item i : items) {
            ParameterWrite w = i.held();
            Recommendation r = w.recommendation();
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", i.id());
            item.put("deployment", i.deployment());
            item.put("parameter", w.parameter());
            item.put("current", current(w));
            item.put("proposed", w.value());
            if (r != null) {
                item.put("quality", r.quality());
                item.put("predictedNow", finite(r.predictedNow()));
                item.put("predictedWith", finite(r.predictedWith()));
                item.put("low", finite(r.low()));
                item.put("high", finite(r.high()));
                item.put("gain", finite(r.gain()));
                item.put("reasons", r.reasons());
            } else {
                item.put("reasons", List.of(w.detail()));
            }
            item.put("heldAt", i.heldAt().toString());
            item.put("expires", i.expires().toString());
            item.put("newer", newer.getOrDefault(i.deployment() + "\n" + w.parameter(), 0));
            all.add(item);
        }
        return GSON.toJson(all);
    }

    static String historyJson(Collection<Event> events) {
        return GSON.toJson(events);
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
