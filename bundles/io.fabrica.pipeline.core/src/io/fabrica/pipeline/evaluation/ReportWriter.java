package io.fabrica.pipeline.evaluation;

import io.fabrica.core.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * Writes an {@link EvaluationReport} as JSON (for tools and regression checks), as one self-contained
 * HTML page with inline SVG charts (for people; no scripts, no external files, renders offline), and
 * as a short text summary for the command line.
 *
 * <p>Files are written atomically: to a temporary file next to the target, then moved over it, so a
 * reader never sees half a report. The parent directory is created if needed. All numbers are
 * formatted in {@link java.util.Locale#ROOT}.
 */
public final class ReportWriter {

    /** The name of the JSON file written by {@link #write(EvaluationReport, Path)}. */
    public static final String JSON_FILE = "report.json";
    /** The name of the HTML file written by {@link #write(EvaluationReport, Path)}. */
    public static final String HTML_FILE = "report.html";

    private ReportWriter() {
    }

    /**
     * Writes the report and its charts to a directory as {@value #JSON_FILE} and {@value #HTML_FILE}.
     *
     * @param r the report
     * @param dir the directory, created with its parents if missing
     * @throws IOException if the directory or a file cannot be written
     */
    public static void write(EvaluationReport r, Path dir) throws IOException {
        Files.createDirectories(dir);
        writeJson(r, dir.resolve(JSON_FILE));
        writeHtml(r, dir.resolve(HTML_FILE));
    }

    /**
     * Writes the report as pretty-printed JSON with the field names of the records. Undefined numbers
     * ({@code NaN}, infinities) are written as {@code null}; the ROC curve is an array of {@code [fpr,
     * tpr]} pairs and the confusion matrix an array of rows.
     *
     * @param r the report
     * @param file the file, replaced atomically
     * @throws IOException if the file cannot be written
     */
    public static void writeJson(EvaluationReport r, Path file) throws IOException {
        String json = new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(toJson(r));
        AtomicFiles.write(file, json + "\n");
    }

    /**
     * Writes the report as one HTML page: a metrics table, the charts as inline SVG (ROC curve with
     * AUC, score timeline with threshold, ground-truth fault episodes and alarms, confusion matrix
     * heatmap, per-stage latency bars) and tables of the fault episodes and latencies. All text from
     * the report is escaped. The page is well-formed XML as well as HTML.
     *
     * @param r the report
     * @param file the file, replaced atomically
     * @throws IOException if the file cannot be written
     */
    public static void writeHtml(EvaluationReport r, Path file) throws IOException {
        AtomicFiles.write(file, HtmlPage.of(r));
    }

    /**
     * Summarises the report in a few lines of plain text: counts, precision, recall, F1 and AUC, the
     * fault episodes with their detection delay and lead time (missed ones by name), and the
     * processing time per stage.
     *
     * @param r the report
     * @return the text, lines separated by {@code \n}, ending without a line break
     */
    public static String summary(EvaluationReport r) {
        return Summary.of(r);
    }

    // --- JSON ---

    static JsonObject toJson(EvaluationReport r) {
        JsonObject json = new JsonObject();
        json.addProperty("pipeline", r.pipeline());
        json.addProperty("decisions", r.decisions());
        json.addProperty("labelled", r.labelled());
        json.add("precision", number(r.precision()));
        json.add("recall", number(r.recall()));
        json.add("f1", number(r.f1()));
        json.add("accuracy", number(r.accuracy()));
        json.add("rocAuc", number(r.rocAuc()));
        json.add("threshold", number(r.threshold()));
        JsonObject low = new JsonObject();
        low.add("maxFalseAlarmRate", number(r.lowFalseAlarms().maxFalseAlarmRate()));
        low.add("threshold", number(r.lowFalseAlarms().threshold()));
        low.add("falseAlarmRate", number(r.lowFalseAlarms().falseAlarmRate()));
        low.add("recall", number(r.lowFalseAlarms().recall()));
        json.add("lowFalseAlarms", low);
        JsonArray labels = new JsonArray();
        r.confusionLabels().forEach(labels::add);
        json.add("confusionLabels", labels);
        json.add("confusion", confusion(r.confusion()));
        json.add("leadTimes", leadTimes(r));
        json.add("latencies", latencies(r.latencies()));
        JsonArray roc = new JsonArray();
        r.rocCurve().forEach(point -> roc.add(numbers(point)));
        json.add("rocCurve", roc);
        json.add("timeline", timeline(r.timeline()));
        return json;
    }

    /** JSON has no NaN: undefined values become null. */
    private static JsonElement number(double value) {
        return Double.isFinite(value) ? new JsonPrimitive(value) : JsonNull.INSTANCE;
    }

    private static JsonArray numbers(double[] values) {
        JsonArray array = new JsonArray(values.length);
        for (double value : values) {
            array.add(number(value));
        }
        return array;
    }

    private static JsonArray confusion(long[][] counts) {
        JsonArray rows = new JsonArray(counts.length);
        for (long[] row : counts) {
            JsonArray cells = new JsonArray(row.length);
            for (long count : row) {
                cells.add(count);
            }
            rows.add(cells);
        }
        return rows;
    }

    private static JsonArray leadTimes(EvaluationReport r) {
        JsonArray episodes = new JsonArray();
        for (LeadTime lead : r.leadTimes()) {
            JsonObject episode = new JsonObject();
            episode.addProperty("label", lead.label());
            episode.addProperty("onsetMillis", lead.onsetMillis());
            episode.addProperty("endMillis", lead.endMillis());
            episode.addProperty("firstAlarmMillis", lead.firstAlarmMillis());
            episode.add("detectionDelaySeconds", number(lead.detectionDelaySeconds()));
            episode.add("leadSeconds", number(lead.leadSeconds()));
            episodes.add(episode);
        }
        return episodes;
    }

    private static JsonObject latencies(Map<String, Latency> latencies) {
        JsonObject stages = new JsonObject();
        latencies.forEach((stage, latency) -> {
            JsonObject entry = new JsonObject();
            entry.addProperty("samples", latency.samples());
            entry.add("p50Micros", number(latency.p50Micros()));
            entry.add("p99Micros", number(latency.p99Micros()));
            entry.add("maxMicros", number(latency.maxMicros()));
            stages.add(stage, entry);
        });
        return stages;
    }

    private static JsonObject timeline(Timeline timeline) {
        JsonObject json = new JsonObject();
        JsonArray times = new JsonArray(timeline.size());
        JsonArray truth = new JsonArray(timeline.size());
        JsonArray alarms = new JsonArray(timeline.size());
        for (int i = 0; i < timeline.size(); i++) {
            times.add(timeline.timesMillis()[i]);
            truth.add(timeline.truthPositive()[i]);
            alarms.add(timeline.alarms()[i]);
        }
        json.add("timesMillis", times);
        json.add("scores", numbers(timeline.scores()));
        json.add("truthPositive", truth);
        json.add("alarms", alarms);
        return json;
    }

    // --- files ---
}
