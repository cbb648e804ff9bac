package io.fabrica.ui.pipeline.internal.evaluation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import io.fabrica.pipeline.evaluation.EvaluationReport;
import io.fabrica.pipeline.evaluation.Latency;
import io.fabrica.pipeline.evaluation.LeadTime;
import io.fabrica.pipeline.evaluation.ReportWriter;
import io.fabrica.pipeline.evaluation.Timeline;

/**
 * Reads the {@code report.json} that {@link ReportWriter#writeJson} writes back into an {@link
 * EvaluationReport} ({@code null} numbers become {@code NaN}, as they were before writing). The
 * headless bundle only writes the format; reading it is the view's business.
 */
final class ReportJson {

    private ReportJson() {
    }

    /**
     * @param file a {@code report.json}
     * @return the report
     * @throws IOException if the file cannot be read or is not an evaluation report; the message names the file
     */
    static EvaluationReport read(Path file) throws IOException {
        try {
            JsonElement root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            if (!root.isJsonObject() || !root.getAsJsonObject().has("confusion") || !root.getAsJsonObject().has("timeline")) {
                throw new IOException(file + " is not a Fabrica evaluation report (confusion and timeline are missing)");
            }
            return report(root.getAsJsonObject());
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException | NullPointerException
                | IllegalArgumentException e) {
            throw new IOException(file + " is not a readable evaluation report: " + e.getMessage(), e);
        }
    }

    private static EvaluationReport report(JsonObject json) {
        List<String> labels = new ArrayList<>();
        json.getAsJsonArray("confusionLabels").forEach(l -> labels.add(l.getAsString()));
        JsonArray rows = json.getAsJsonArray("confusion");
        long[][] confusion = new long[rows.size()][];
        for (int r = 0; r < rows.size(); r++) {
            JsonArray row = rows.get(r).getAsJsonArray();
            confusion[r] = new long[row.size()];
            for (int c = 0; c < row.size(); c++) {
                confusion[r][c] = row.get(c).getAsLong();
            }
        }
        List<double[]> roc = new ArrayList<>();
        json.getAsJsonArray("rocCurve").forEach(p -> roc.add(new double[] {number(p.getAsJsonArray().get(0)), number(p.getAsJsonArray().get(1))}));
        return new EvaluationReport(json.get("pipeline").getAsString(), json.get("decisions").getAsInt(), json.get("labelled").getAsInt(),
                number(json.get("precision")), number(json.get("recall")), number(json.get("f1")), number(json.get("accuracy")),
                number(json.get("rocAuc")), labels, confusion, leadTimes(json.getAsJsonArray("leadTimes")),
                latencies(json.getAsJsonObject("latencies")), number(json.get("threshold")), roc, timeline(json.getAsJsonObject("timeline")));
    }

    private static List<LeadTime> leadTimes(JsonArray episodes) {
        List<LeadTime> result = new ArrayList<>();
        for (JsonElement e : episodes) {
            JsonObject o = e.getAsJsonObject();
            result.add(new LeadTime(o.get("label").getAsString(), o.get("onsetMillis").getAsLong(), o.get("endMillis").getAsLong(),
                    o.get("firstAlarmMillis").getAsLong(), number(o.get("detectionDelaySeconds")), number(o.get("leadSeconds"))));
        }
        return result;
    }

    private static Map<String, Latency> latencies(JsonObject stages) {
        Map<String, Latency> result = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> stage : stages.entrySet()) {
            JsonObject o = stage.getValue().getAsJsonObject();
            result.put(stage.getKey(), new Latency(o.get("samples").getAsLong(), number(o.get("p50Micros")), number(o.get("p99Micros")),
                    number(o.get("maxMicros"))));
        }
        return result;
    }

    private static Timeline timeline(JsonObject json) {
        JsonArray times = json.getAsJsonArray("timesMillis");
        JsonArray scores = json.getAsJsonArray("scores");
        JsonArray truth = json.getAsJsonArray("truthPositive");
        JsonArray alarms = json.getAsJsonArray("alarms");
        int n = times.size();
        long[] t = new long[n];
        double[] s = new double[n];
        boolean[] positive = new boolean[n];
        boolean[] alarm = new boolean[n];
        for (int i = 0; i < n; i++) {
            t[i] = times.get(i).getAsLong();
            s[i] = number(scores.get(i));
            positive[i] = truth.get(i).getAsBoolean();
            alarm[i] = alarms.get(i).getAsBoolean();
        }
        return new Timeline(t, s, positive, alarm);
    }

    /** JSON has no NaN: the writer wrote undefined numbers as null. */
    private static double number(JsonElement e) {
        return e == null || e.isJsonNull() ? Double.NaN : e.getAsDouble();
    }
}
