package io.fabrica.pipeline.engine;

import java.util.ArrayList;
import java.util.List;

import io.fabrica.pipeline.FeatureStage;
import io.fabrica.pipeline.ModelStage;
import io.fabrica.pipeline.NormalizeStage;
import io.fabrica.pipeline.SignalSource;
import io.fabrica.pipeline.Stage;
import io.fabrica.pipeline.api.StageContext;
import io.fabrica.pipeline.features.FeatureExtractor;

/**
 * Names of the values on an output port, so that explanations can say "Vibration.kurtosis" instead of
 * "in[4]": signal names at sources, feature names after feature stages, concatenated names through
 * normalization, and the input's names through a model whose output matches its input (an autoencoder's
 * per-feature error).
 */
final class OutputNames {

    private OutputNames() {
    }

    static String[] of(Stage stage, int output, StageContext context, int capacity) {
        if (stage instanceof SignalSource source && source.getSignal() != null) {
            String name = source.getSignal().getName();
            return capacity == 1 ? new String[] {name} : generic(name, capacity);
        }
        if (stage instanceof FeatureStage features && !Compiler.inputs(stage).isEmpty()) {
            String prefix = sourceName(context.inputNames(stage, 0));
            FeatureExtractor extractor = FeatureExtractor.forStage(features, context.inputCapacity(stage, 0),
                    Math.max(1, context.sampleRate(stage)));
            String[] featureNames = extractor.names();
            String[] named = new String[featureNames.length];
            for (int i = 0; i < named.length; i++) {
                named[i] = prefix + "." + featureNames[i];
            }
            return named;
        }
        if (stage instanceof NormalizeStage) {
            List<String> all = new ArrayList<>();
            for (int i = 0; i < Compiler.inputs(stage).size(); i++) {
                all.addAll(List.of(context.inputNames(stage, i)));
            }
            return all.size() == capacity ? all.toArray(String[]::new) : generic(stage.getName(), capacity);
        }
        if (stage instanceof ModelStage && !Compiler.inputs(stage).isEmpty() && context.inputCapacity(stage, 0) == capacity) {
            return context.inputNames(stage, 0);
        }
        return generic(stage.getName() == null ? "out" : stage.getName(), capacity);
    }

    /** "Vibration[0]" → "Vibration": the signal a window came from. */
    private static String sourceName(String[] inputNames) {
        if (inputNames.length == 0) {
            return "in";
        }
        String first = inputNames[0];
        int bracket = first.indexOf('[');
        return bracket > 0 ? first.substring(0, bracket) : first;
    }

    static String[] generic(String prefix, int n) {
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            names[i] = prefix + "[" + i + "]";
        }
        return names;
    }
}
