package io.fabrica.pipeline.evaluation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import javax.imageio.ImageIO;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.fabrica.core.files.AtomicFiles;

/**
 * Writes the inspection figures beside the report: {@code inspection.json}, the heatmaps of the
 * worst misses and of the good parts scored highest ({@code heatmaps/*.png}), and a section with both
 * in {@code report.html}, so that a person sees where the model looked and what it missed.
 */
public final class InspectionReport {

    /** The JSON file of the figures. */
    public static final String JSON_FILE = "inspection.json";

    /** The folder of the heatmap images. */
    public static final String HEATMAPS = "heatmaps";

    private InspectionReport() {
    }

    /**
     * @param r the figures
     * @param report the report whose HTML page gets the section (already written in {@code dir})
     * @param dir the report folder
     * @throws IOException if a file cannot be written
     */
    public static void write(InspectionMetrics.Result r, EvaluationReport report, Path dir) throws IOException {
        Files.createDirectories(dir.resolve(HEATMAPS));
        JsonObject json = new JsonObject();
        json.addProperty("imageRocAuc", report.rocAuc());
        json.addProperty("pixelRocAuc", r.pixelAuroc());
        json.addProperty("perRegionOverlap", r.pro());
        json.addProperty("defectRegions", r.regions());
        json.addProperty("recallAtOnePercentFalseRejects", r.recallAtOnePercent());
        json.addProperty("recallAtTenthPercentFalseRejects", r.recallAtTenthPercent());
        json.addProperty("goodImages", r.goodImages());
        json.addProperty("defectImages", r.defectImages());
        json.addProperty("maskedDefects", r.maskedImages());
        JsonArray shown = new JsonArray();
        StringBuilder html = new StringBuilder("<section id=\"inspection\"><h2>Inspection</h2>\n<p>")
                .append(escape(InspectionMetrics.summary(r))).append("</p>\n<p>Worst misses (defects scored lowest), then the good parts "
                        + "scored highest: the anomaly map in red to yellow, the defect's mask outlined in cyan.</p>\n<div>");
        int i = 0;
        for (InspectionMetrics.Shown s : r.shown()) {
            String name = String.format(Locale.ROOT, "%02d-%s-%s.png", i++, s.label(), s.file().getFileName().toString().replaceAll("\\.[^.]*$", ""));
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(s.heatmap(), "png", png);
            AtomicFiles.write(dir.resolve(HEATMAPS).resolve(name), png.toByteArray());
            JsonObject o = new JsonObject();
            o.addProperty("file", s.file().toString());
            o.addProperty("label", s.label());
            o.addProperty("score", s.score());
            o.addProperty("heatmap", HEATMAPS + "/" + name);
            shown.add(o);
            html.append(String.format(Locale.ROOT, "<figure style=\"display:inline-block;margin:4px\"><img src=\"%s/%s\" width=\"200\">"
                    + "<figcaption>%s, score %.4g</figcaption></figure>", HEATMAPS, name, escape(s.label()), s.score()));
        }
        json.add("shown", shown);
        html.append("</div></section>\n");
        AtomicFiles.write(dir.resolve(JSON_FILE), new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(json) + "\n");
        Path page = dir.resolve(ReportWriter.HTML_FILE);
        String text = Files.readString(page, StandardCharsets.UTF_8);
        int end = text.lastIndexOf("</body>");
        AtomicFiles.write(page, end < 0 ? text + html : text.substring(0, end) + html + text.substring(end));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
