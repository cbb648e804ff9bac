package io.fabrica.pipeline.engine.stages;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import io.fabrica.pipeline.NormalizeStage;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.engine.stages.RecommendKernel.Setpoint;

/**
 * The reasons a recommendation carries, in the operator's words: the scrap risk now and with the
 * change, each quality target's prediction with its interval and limit, and the inputs that drove the
 * risk (an input drives it when setting it to its training mean would lower the predicted risk).
 */
final class RecommendationText {

    /** Drivers named per recommendation: the operator reads two, not fifteen. */
    private static final int DRIVERS = 2;
    private static final double NOTABLE = 0.01;

    /** The quality model, as the kernel asks it. */
    interface Model {
        float[] predict(float[] normalized) throws PipelineException;
    }

    private final List<String> targets;
    private final String[] features;
    private final NormalizeStage normalize;
    private final List<Setpoint> setpoints;
    private final QualityCost cost;

    RecommendationText(List<String> targets, String[] features, NormalizeStage normalize, List<Setpoint> setpoints, QualityCost cost) {
        this.targets = targets;
        this.features = features;
        this.normalize = normalize;
        this.setpoints = setpoints;
        this.cost = cost;
    }

    String target(int t) {
        return targets.get(t);
    }

    /** @return the target most likely out of its band with the current setpoints */
    int worstTarget(float[] now) {
        int worst = 0;
        for (int t = 1; t < targets.size(); t++) {
            if (cost.outside(now, t) > cost.outside(now, worst)) {
                worst = t;
            }
        }
        return worst;
    }

    List<String> reasons(float[] normalized, float[] now, float[] with, double[] current, double[] proposed, Model model) throws PipelineException {
        List<String> reasons = new ArrayList<>();
        reasons.add(String.format(Locale.ROOT, "predicted scrap risk %.1f %% now, %.1f %% with %s", 100 * cost.scrapProbability(now),
                100 * cost.scrapProbability(with), change(current, proposed)));
        int n = targets.size();
        for (int t = 0; t < n; t++) {
            reasons.add(String.format(Locale.ROOT, "%s: %.3g now, %.3g with the change (90 %% interval %.3g..%.3g)", targets.get(t), now[t], with[t],
                    with[n + t], with[2 * n + t]));
        }
        reasons.addAll(drivers(normalized, now, model));
        return reasons;
    }

    private String change(double[] current, double[] proposed) {
        List<String> parts = new ArrayList<>();
        for (int p = 0; p < setpoints.size(); p++) {
            if (proposed[p] != current[p]) {
                Setpoint s = setpoints.get(p);
                parts.add(String.format(Locale.ROOT, "%s %.4g -> %.4g %s", s.name(), current[p], proposed[p], s.unit()).trim());
            }
        }
        return String.join(" and ", parts);
    }

    private List<String> drivers(float[] normalized, float[] now, Model model) throws PipelineException {
        double risk = cost.scrapProbability(now);
        float[] probe = normalized.clone();
        record Driver(int index, double riskAtMean) {
        }
        List<Driver> found = new ArrayList<>();
        for (int i = 0; i < normalized.length; i++) {
            if (isSetpoint(i)) {
                continue;
            }
            probe[i] = 0;
            double atMean = cost.scrapProbability(model.predict(probe));
            probe[i] = normalized[i];
            if (risk - atMean > NOTABLE) {
                found.add(new Driver(i, atMean));
            }
        }
        return found.stream().sorted(Comparator.comparingDouble(Driver::riskAtMean)).limit(DRIVERS)
                .map(d -> String.format(Locale.ROOT, "driven by %s = %.4g (training mean %.4g): at its mean the risk would be %.1f %%", name(d.index()),
                        value(d.index(), normalized), normalize.getMeans().get(d.index()), 100 * d.riskAtMean()))
                .toList();
    }

    private boolean isSetpoint(int index) {
        return setpoints.stream().anyMatch(s -> s.index() == index);
    }

    private String name(int index) {
        return index < features.length ? features[index] : "input " + index;
    }

    private double value(int index, float[] normalized) {
        return normalized[index] * normalize.getDeviations().get(index) + normalize.getMeans().get(index);
    }
}
