package io.fabrica.pipeline.djl.imports;

import java.util.List;

/**
 * What the user chose for an import ({@code fabrica import-model} options); every field may be empty.
 *
 * @param stage the name of the Model stage to import into; {@code null} when the pipeline has one
 * @param labels the class names to set on the decision; empty to keep the decision's
 * @param inputName the model input to feed; {@code null} when the model has one
 * @param outputName the model output to use; {@code null} when the model has one
 */
public record ImportOptions(String stage, List<String> labels, String inputName, String outputName) {

    /** @return no choices: one Model stage, one input, one output, the decision's classes */
    public static ImportOptions defaults() {
        return new ImportOptions(null, List.of(), null, null);
    }

    /** Normalises {@code null} labels to an empty list. */
    public ImportOptions {
        labels = labels == null ? List.of() : List.copyOf(labels);
    }
}
