package io.fabrica.pipeline.tests.evaluation;

import static io.fabrica.pipeline.tests.evaluation.Decisions.binary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.fabrica.pipeline.evaluation.EvaluationReport;
import io.fabrica.pipeline.evaluation.Evaluator;
import io.fabrica.pipeline.evaluation.ReportWriter;

/** The JSON, HTML and text forms of a report. */
class ReportWriterTest {

    private static final String SVG = "http://www.w3.org/2000/svg";

    @TempDir
    Path dir;

    /**
     * 40 decisions, one a second: a detected outer-race fault at 10-19 s (alarm from 12 s), a missed
     * imbalance at 30-34 s, a false alarm at 5 s; two stages with processing times.
     */
    private static EvaluationReport report(String pipeline, String faultLabel) {
        Evaluator evaluator = new Evaluator(pipeline, List.of("normal", "anomaly"), Set.of("normal"), 0.5);
        for (int s = 0; s < 40; s++) {
            String truth = s >= 10 && s < 20 ? faultLabel : s >= 30 && s < 35 ? "imbalance" : "normal";
            boolean alarm = s == 5 || s >= 12 && s < 20;
            evaluator.add(binary(s, alarm, alarm ? 0.6 + s / 100.0 : 0.1 + s / 200.0, truth));
            evaluator.latency("Line 1/Spindle/features", 120_000 + s * 1000);
            evaluator.latency("Line 1/Spindle/model", 2_000_000);
        }
        return evaluator.finish();
    }

    private static EvaluationReport report() {
        return report("spindle", "bearing-outer-race");
    }

    @Test
    void jsonParsesBackWithTheMetrics() throws IOException {
        EvaluationReport r = report();
        ReportWriter.write(r, dir.resolve("out"));

        JsonObject json = JsonParser.parseString(Files.readString(dir.resolve("out/report.json"))).getAsJsonObject();

        assertEquals("spindle", json.get("pipeline").getAsString());
        assertEquals(40, json.get("decisions").getAsInt());
        assertEquals(r.precision(), json.get("precision").getAsDouble());
        assertEquals(8.0 / 9, json.get("precision").getAsDouble(), 1e-12);
        assertEquals(8.0 / 15, json.get("recall").getAsDouble(), 1e-12);
        assertEquals(r.f1(), json.get("f1").getAsDouble());
        assertEquals(r.rocAuc(), json.get("rocAuc").getAsDouble());
        assertEquals(24, json.getAsJsonArray("confusion").get(0).getAsJsonArray().get(0).getAsLong());
        JsonArray leads = json.getAsJsonArray("leadTimes");
        assertEquals(2, leads.size());
        assertEquals(2.0, leads.get(0).getAsJsonObject().get("detectionDelaySeconds").getAsDouble());
        assertTrue(leads.get(1).getAsJsonObject().get("leadSeconds").isJsonNull(), "missed: NaN as null");
        JsonObject model = json.getAsJsonObject("latencies").getAsJsonObject("Line 1/Spindle/model");
        assertEquals(2000.0, model.get("p99Micros").getAsDouble());
        assertEquals(40, json.getAsJsonObject("timeline").getAsJsonArray("scores").size());
        assertEquals(r.rocCurve().size(), json.getAsJsonArray("rocCurve").size());
    }

    @Test
    void jsonOfAnEmptyReportHasNullsForUndefinedNumbers() throws IOException {
        EvaluationReport empty = new Evaluator("idle", List.of("normal", "anomaly"), Set.of("normal"), Double.NaN).finish();
        Path file = dir.resolve("empty.json");
        ReportWriter.writeJson(empty, file);

        JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();

        assertEquals(0, json.get("decisions").getAsInt());
        for (String name : List.of("precision", "recall", "f1", "accuracy", "rocAuc", "threshold")) {
            assertTrue(json.get(name).isJsonNull(), name);
        }
    }

    @Test
    void htmlHasFourWellFormedChartsAndTheTables() throws Exception {
        ReportWriter.write(report(), dir);
        String html = Files.readString(dir.resolve("report.html"), StandardCharsets.UTF_8);

        List<String> charts = svgTitles(html);

        assertEquals(4, charts.size(), charts.toString());
        assertTrue(charts.get(0).startsWith("Score over time"), charts.toString());
        assertTrue(charts.get(1).startsWith("ROC curve, AUC "), charts.toString());
        assertTrue(charts.get(2).startsWith("Confusion matrix"), charts.toString());
        assertTrue(charts.get(3).startsWith("Processing time per stage"), charts.toString());
        assertTrue(html.contains("stroke-dasharray=\"5 3\""), "threshold line");
        assertTrue(html.contains(">missed<"), "lead-time table marks the missed episode");
        assertTrue(html.contains("2.0 s") && html.contains("7.0 s"), "delay and lead of the detected episode");
        assertTrue(html.contains(">0.889<"), "precision in the metrics table");
    }

    @Test
    void htmlEscapesTextFromTheReport() throws Exception {
        ReportWriter.writeHtml(report("<b>&", "<b>&"), dir.resolve("escaped.html"));
        String html = Files.readString(dir.resolve("escaped.html"), StandardCharsets.UTF_8);

        assertFalse(html.contains("<b>"), "raw markup from a label");
        assertTrue(html.contains("Evaluation of &lt;b&gt;&amp;"), "escaped pipeline name");
        assertTrue(html.contains("<td>&lt;b&gt;&amp;</td>"), "escaped label in the lead-time table");
        assertEquals(4, svgTitles(html).size());
    }

    @Test
    void emptyAndMultiClassReportsRenderToo() throws Exception {
        Evaluator empty = new Evaluator("idle", List.of("normal", "anomaly"), Set.of("normal"), Double.NaN);
        ReportWriter.writeHtml(empty.finish(), dir.resolve("empty.html"));
        assertEquals(4, svgTitles(Files.readString(dir.resolve("empty.html"))).size());

        Evaluator surface = new Evaluator("surface", List.of("ok", "scratch", "spot", "dent"), Set.of("ok"), Double.NaN);
        surface.add(Decisions.classified("scratch", "scratch"));
        surface.add(Decisions.classified("ok", "dent"));
        ReportWriter.writeHtml(surface.finish(), dir.resolve("surface.html"));
        String html = Files.readString(dir.resolve("surface.html"));
        assertEquals(4, svgTitles(html).size());
        assertTrue(html.contains("binary: any defect class against ok"));
    }

    @Test
    void rewritingLeavesOnlyTheTwoReports() throws IOException {
        ReportWriter.write(report(), dir);
        ReportWriter.write(report(), dir);

        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("report.html", "report.json"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void summaryNamesMetricsEpisodesAndLatencies() {
        String summary = ReportWriter.summary(report());

        assertTrue(summary.startsWith("Evaluation of spindle: 40 decisions, 40 labelled"), summary);
        assertTrue(summary.contains("precision 0.889  recall 0.533"), summary);
        assertTrue(summary.contains("1 of 2 detected"), summary);
        assertTrue(summary.contains("missed imbalance from 2026-03-01 08:00:30.000"), summary);
        assertTrue(summary.contains("latency Line 1/Spindle/model: p50 2 ms"), summary);
    }

    /**
     * Parses the page as XML, which fails unless it and its charts are well-formed.
     *
     * @return the titles of the SVG elements in document order
     */
    private static List<String> svgTitles(String html) throws XMLStreamException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XMLStreamReader xml = factory.createXMLStreamReader(new StringReader(html));
        List<String> titles = new ArrayList<>();
        boolean inSvg = false;
        while (xml.hasNext()) {
            if (xml.next() == XMLStreamReader.START_ELEMENT) {
                if (SVG.equals(xml.getNamespaceURI()) && xml.getLocalName().equals("svg")) {
                    inSvg = true;
                } else if (inSvg && xml.getLocalName().equals("title")) {
                    titles.add(xml.getElementText());
                    inSvg = false;
                }
            }
        }
        return titles;
    }
}
